import { useState } from 'react';
import { App, Alert, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ZTotpSetupResponse } from '../../../contracts/auth';
import { api } from '../../app/api';
import { SESSION_QUERY_KEY, useUser } from '../../app/auth';
import { useErrorText } from '../../app/use-error-text';

function useRefreshSession() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
}

/** Setting up (or replacing) the key: the current password first (re-authentication), then a code from the new key. */
function TotpSetup({ replacing = false }: { replacing?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const refresh = useRefreshSession();
  const [password, setPassword] = useState('');
  const setup = useMutation({ mutationFn: (pw: string) => api.post('/api/auth/totp/setup', ZTotpSetupResponse, { password: pw }) });
  const enable = useMutation({
    mutationFn: (code: string) => api.postVoid('/api/auth/totp/enable', { code, password }),
    onSuccess: async () => {
      void message.success(t('account.totpEnabledOk'));
      setup.reset();
      setPassword('');
      await refresh();
    },
    onError: (err) => void message.error(errorText(err)),
  });

  if (!setup.data) {
    return (
      <Form<{ password: string }>
        layout="vertical"
        onFinish={(v) => {
          setPassword(v.password);
          setup.mutate(v.password);
        }}
        style={{ maxWidth: 420 }}
      >
        {!replacing && <Typography.Paragraph>{t('account.totpDisabled')}</Typography.Paragraph>}
        {setup.isError && <Alert type="error" title={errorText(setup.error)} style={{ marginBottom: 16 }} />}
        <Form.Item name="password" label={t('account.totpPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="totp-setup-password" />
        </Form.Item>
        <Button type={replacing ? 'default' : 'primary'} htmlType="submit" loading={setup.isPending} data-testid="totp-setup">
          {replacing ? t('account.totpReplace') : t('account.totpStart')}
        </Button>
      </Form>
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph>{t('account.totpSecretHint')}</Typography.Paragraph>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('account.totpSecret')}>
          <Typography.Text code copyable data-testid="totp-secret">
            {setup.data.secret}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('account.totpUrl')}>
          <Typography.Text copyable style={{ wordBreak: 'break-all' }} data-testid="totp-url">
            {setup.data.otpauthUrl}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Form<{ code: string }> layout="inline" onFinish={(v) => enable.mutate(v.code)} style={{ rowGap: 8 }}>
        <Form.Item
          name="code"
          label={t('account.totpCode')}
          normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpRequired') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="totp-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={enable.isPending} data-testid="totp-enable">
          {t('account.totpEnable')}
        </Button>
      </Form>
    </Space>
  );
}

function DisableTotp() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const refresh = useRefreshSession();
  const [form] = Form.useForm<{ password: string }>();
  const disable = useMutation({
    mutationFn: (password: string) => api.postVoid('/api/auth/totp/disable', { password }),
    onSuccess: async () => {
      form.resetFields();
      void message.success(t('account.totpDisabledOk'));
      await refresh();
    },
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="success">{t('account.totpEnabled')}</Typography.Text>
      <Form form={form} layout="vertical" onFinish={(v) => disable.mutate(v.password)} style={{ maxWidth: 420 }}>
        <Form.Item name="password" label={t('account.totpDisablePassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="totp-disable-password" />
        </Form.Item>
        <Button danger htmlType="submit" loading={disable.isPending} data-testid="totp-disable">
          {t('account.totpDisable')}
        </Button>
      </Form>
      <TotpSetup replacing />
    </Space>
  );
}

export function TotpCard() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <Card title={t('account.totpTitle')} data-testid="totp-card">
      {user.totpEnabled ? <DisableTotp /> : <TotpSetup />}
    </Card>
  );
}
