import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { currentLanguage } from './i18n';

/** Turns any thrown value into a sentence for the user, in the current language. */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiError) {
        if (err.code === 'NETWORK') return t('errors.NETWORK');
        if (err.code === 'BAD_RESPONSE') return t('common.unexpectedError');
        return err.messageIn(currentLanguage());
      }
      return t('common.unexpectedError');
    },
    [t],
  );
}
