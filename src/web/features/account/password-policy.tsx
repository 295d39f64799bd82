import { Alert, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { checkPasswordPolicy, type TPolicyRule } from '../../../domain/access/password-policy';
import { isApiError } from '../../app/api';
import { currentLanguage } from '../../app/i18n';

/** The rules of the checklist, in the policy's order (length first); `max_length` shows only as a server reason. */
const RULES = ['length', 'control', 'username', 'common', 'pattern'] as const;
export type TChecklistRule = (typeof RULES)[number];

/**
 * The shared domain policy, as pass/fail per rule for the live checklist. The server applies the
 * same function and stays the authority (WEAK_PASSWORD lists what it refused).
 */
export function checkPassword(password: string, username: string): Record<TChecklistRule, boolean> {
  const failed = new Set<TPolicyRule>(checkPasswordPolicy(password, username.trim()).map((f) => f.rule));
  return Object.fromEntries(RULES.map((r) => [r, !failed.has(r)])) as Record<TChecklistRule, boolean>;
}

export function PasswordPolicy({ password, username }: { password: string; username: string }) {
  const { t } = useTranslation();
  const checks = checkPassword(password, username);
  return (
    <div data-testid="password-policy" style={{ marginBottom: 16 }}>
      <Typography.Text type="secondary">{t('account.policyTitle')}</Typography.Text>
      <ul style={{ listStyle: 'none', paddingLeft: 0, margin: '4px 0 0' }}>
        {RULES.map((rule) => (
          <li key={rule}>
            {checks[rule] && password ? (
              <CheckCircleFilled style={{ color: '#52c41a' }} />
            ) : (
              <CloseCircleOutlined style={{ color: '#bfbfbf' }} />
            )}{' '}
            {t(`account.policy.${rule}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Shows the server's reasons for WEAK_PASSWORD (its `fields`), or nothing for other errors. */
export function WeakPasswordAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!isApiError(error, 'WEAK_PASSWORD')) return null;
  const lang = currentLanguage();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="weak-password"
      style={{ marginBottom: 16 }}
      title={t('account.weakPassword')}
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {error.fields.map((f) => (
            <li key={f.path + f.en}>{lang === 'en' ? f.en : f.vi}</li>
          ))}
        </ul>
      }
    />
  );
}
