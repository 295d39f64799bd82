import { useState } from 'react';
import { App, Button, Card, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../app/api';
import { useUser } from '../../app/auth';
import { useErrorText } from '../../app/use-error-text';
import { PasswordPolicy, WeakPasswordAlert } from './password-policy';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordCard() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [error, setError] = useState<unknown>(null);

  const change = useMutation({
    mutationFn: (v: Values) =>
      api.postVoid('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onMutate: () => setError(null),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('account.passwordChanged'));
    },
    onError: (err) => {
      setError(err);
      if (!isApiError(err, 'WEAK_PASSWORD')) void message.error(errorText(err));
    },
  });

  return (
    <Card title={t('account.passwordTitle')} data-testid="change-password">
      <WeakPasswordAlert error={error} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => change.mutate(v)} style={{ maxWidth: 420 }}>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.newPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <PasswordPolicy password={newPassword} username={user.username} />
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.confirmMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="change-password-submit">
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}
