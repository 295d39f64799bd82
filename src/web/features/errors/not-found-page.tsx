import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={
        <span data-testid="page-not-found">
          <strong>{t('errors.notFoundTitle')}</strong>
          <br />
          {t('errors.notFoundText')}
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
