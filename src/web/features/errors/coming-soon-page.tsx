import { Result } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TNavLabel } from '../../app/shell/nav';

/** Placeholder for a capability that is planned but not built: says so plainly, shows no sample data. */
export function ComingSoonPage({ module }: { module: TNavLabel }) {
  const { t } = useTranslation();
  return (
    <Result
      icon={<ToolOutlined />}
      title={<span data-testid="page-coming-soon">{t('errors.soonTitle')}</span>}
      subTitle={t('errors.soonText', { module: t(`nav.${module}`) })}
    />
  );
}
