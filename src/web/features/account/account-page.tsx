import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ChangePasswordCard } from './change-password-card';
import { TotpCard } from './totp-card';

export function AccountPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="page-account">
      <Typography.Title level={3}>{t('account.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ChangePasswordCard />
        </Col>
        <Col xs={24} xl={12}>
          <TotpCard />
        </Col>
      </Row>
    </div>
  );
}
