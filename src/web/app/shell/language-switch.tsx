import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { TLanguage } from '../../../contracts/auth';
import { changeLanguage, currentLanguage } from '../i18n';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <Segmented<TLanguage>
      size="small"
      data-testid="lang-switch"
      aria-label={t('lang.switch')}
      value={currentLanguage()}
      options={[
        { value: 'vi', label: <span title={t('lang.vi')} data-testid="lang-vi">VI</span> },
        { value: 'en', label: <span title={t('lang.en')} data-testid="lang-en">EN</span> },
      ]}
      onChange={(lang) => {
        // Server-side texts (error messages, later labels) follow Accept-Language: refetch them.
        void changeLanguage(lang).then(() => queryClient.invalidateQueries());
      }}
    />
  );
}
