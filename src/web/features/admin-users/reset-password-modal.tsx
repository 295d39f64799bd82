import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TUser } from '../../../contracts/users';
import { isApiError } from '../../app/api';
import { useErrorText } from '../../app/use-error-text';
import { PasswordPolicy, WeakPasswordAlert } from '../account/password-policy';
import { useUserMutations } from './users-api';

export function ResetPasswordModal({ user, onClose }: { user: TUser; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ newPassword: string }>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const { resetPassword } = useUserMutations();
  const [error, setError] = useState<unknown>(null);

  const submit = async (v: { newPassword: string }) => {
    setError(null);
    try {
      await resetPassword.mutateAsync({ id: user.id, newPassword: v.newPassword });
      void message.success(t('users.resetDone'));
      onClose();
    } catch (err) {
      setError(err);
      if (!isApiError(err, 'WEAK_PASSWORD')) void message.error(errorText(err));
    }
  };

  return (
    <Modal
      open
      title={t('users.resetTitle', { username: user.username })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={resetPassword.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <WeakPasswordAlert error={error} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={[{ required: true, message: t('users.required') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password-input" />
        </Form.Item>
        <PasswordPolicy password={newPassword} username={user.username} />
      </Form>
    </Modal>
  );
}
