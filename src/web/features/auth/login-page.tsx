import { useState } from 'react';
import { Alert, Card, Flex, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { isApiError } from '../../app/api';
import { formatTimeDate } from '../../app/format';
import { LanguageSwitch } from '../../app/shell/language-switch';
import type { LoginRedirectState } from '../../app/shell/guards';
import { useErrorText } from '../../app/use-error-text';
import { CredentialsForm, TotpForm, type Credentials } from './login-forms';

function LoginError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (isApiError(error, 'ACCOUNT_LOCKED')) {
    const until = error.details.lockedUntil;
    return (
      <Alert
        type="error"
        showIcon
        data-testid="login-locked"
        title={
          typeof until === 'string' ? t('login.lockedUntil', { time: formatTimeDate(until) }) : errorText(error)
        }
        description={t('login.lockedHint')}
      />
    );
  }
  let text: string;
  if (isApiError(error, 'INVALID_CREDENTIALS')) text = t('errors.INVALID_CREDENTIALS');
  else if (isApiError(error, 'TOTP_INVALID')) text = t('errors.TOTP_INVALID');
  else if (isApiError(error, 'ACCOUNT_DISABLED')) text = t('errors.ACCOUNT_DISABLED');
  else if (isApiError(error, 'RATE_LIMITED')) text = t('errors.RATE_LIMITED');
  else text = errorText(error);
  return <Alert type="error" showIcon data-testid="login-error" title={text} />;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as LoginRedirectState | null)?.from;
  const target = from && from.startsWith('/') && !from.startsWith('/login') ? from : '/';

  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (user) return <Navigate to={target} replace />;

  const submit = async (creds: Credentials, totp?: string) => {
    setBusy(true);
    setError(null);
    try {
      await login({ ...creds, totp });
      navigate(target, { replace: true });
    } catch (err) {
      if (isApiError(err, 'TOTP_REQUIRED')) setCredentials(creds);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: '#f0f2f5' }}>
      <Card style={{ width: '100%', maxWidth: 400 }} data-testid="login-card">
        <Flex justify="space-between" align="start" style={{ marginBottom: 16 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              <SafetyCertificateOutlined /> {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
          <LanguageSwitch />
        </Flex>
        <Flex vertical gap={16}>
          {error !== null && <LoginError error={error} />}
          {credentials ? (
            <TotpForm
              busy={busy}
              onSubmit={(code) => void submit(credentials, code)}
              onBack={() => {
                setCredentials(null);
                setError(null);
              }}
            />
          ) : (
            <CredentialsForm busy={busy} onSubmit={(creds) => void submit(creds)} />
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
