import { Button, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export interface Credentials {
  username: string;
  password: string;
}

export function CredentialsForm({ busy, onSubmit }: { busy: boolean; onSubmit: (c: Credentials) => void }) {
  const { t } = useTranslation();
  return (
    <Form<Credentials>
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => onSubmit({ username: v.username.trim(), password: v.password })}
    >
      <Typography.Title level={4}>{t('login.title')}</Typography.Title>
      <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
      </Form.Item>
      <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  );
}

export function TotpForm({
  busy,
  onSubmit,
  onBack,
}: {
  busy: boolean;
  onSubmit: (code: string) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Form<{ totp: string }> layout="vertical" requiredMark={false} onFinish={(v) => onSubmit(v.totp)} data-testid="login-totp-step">
      <Typography.Title level={4}>{t('login.totpTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('login.totpHint')}</Typography.Paragraph>
      <Form.Item
        name="totp"
        label={t('login.totpCode')}
        normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}
        rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpRequired') }]}
      >
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          autoFocus
          data-testid="login-totp"
          style={{ letterSpacing: 6, fontSize: 20 }}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-totp-submit">
        {t('login.totpSubmit')}
      </Button>
      <Button type="link" block onClick={onBack} style={{ marginTop: 8 }}>
        {t('login.totpBack')}
      </Button>
    </Form>
  );
}
