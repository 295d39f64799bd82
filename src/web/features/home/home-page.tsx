import { Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth, useUser } from '../../app/auth';
import { RoleTags } from '../../app/role-tags';
import { NAV, visibleNav, type NavItem } from '../../app/shell/nav';
import { IncidentsDueCard } from '../incidents/due-card';

function flatten(items: NavItem[]): NavItem[] {
  return items.flatMap((i) => (i.children ? flatten(i.children) : [i]));
}

/** Overview: who you are, where you sit, what you may open. Figures come with the statistics module. */
export function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const { can } = useAuth();
  const modules = flatten(visibleNav(NAV, can)).filter((i) => i.path !== '/');

  return (
    <div data-testid="page-home">
      <Typography.Title level={3}>{t('home.welcome', { name: user.fullName })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      <Card title={t('home.profile')} style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('home.unit')}>
            <span data-testid="home-unit">{user.unitName}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.username')}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            <span data-testid="home-roles">
              <RoleTags roles={user.roles} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.totp')}>
            {user.totpEnabled ? <Tag color="green">{t('home.totpOn')}</Tag> : <Tag>{t('home.totpOff')}</Tag>}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {can('incidents.read') && <IncidentsDueCard />}
      <Typography.Title level={5}>{t('home.modules')}</Typography.Title>
      <Row gutter={[12, 12]}>
        {modules.map((m) => (
          <Col key={m.path} xs={12} sm={8} lg={6}>
            <Link to={m.path}>
              <Card hoverable size="small">
                {m.icon} {t(`nav.${m.label}`)}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
