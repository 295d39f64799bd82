import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={
        <span data-testid="page-forbidden">
          <strong>{t('errors.forbiddenTitle')}</strong>
          <br />
          {t('errors.forbiddenText')}
        </span>
      }
      extra={
        <Link to="/">
          <Button type="primary">{t('common.back')}</Button>
        </Link>
      }
    />
  );
}
