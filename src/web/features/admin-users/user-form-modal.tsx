import { useState } from 'react';
import { App, Form, Input, Modal, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TUser } from '../../../contracts/users';
import { ROLES, type TRole } from '../../../domain/access/roles';
import { isApiError } from '../../app/api';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { PasswordPolicy, WeakPasswordAlert } from '../account/password-policy';
import { buildUnitTree, useUnits, useUserMutations } from './users-api';

interface Values {
  username: string;
  fullName: string;
  unitId: string;
  roles: TRole[];
  password: string;
}

type FieldName = keyof Values;
const FIELD_NAMES: FieldName[] = ['username', 'fullName', 'unitId', 'roles', 'password'];

/** Create (user = null) or edit a user. Server field errors land on the matching form field. */
export function UserFormModal({ user, onClose }: { user: TUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const password = Form.useWatch('password', form) ?? '';
  const username = Form.useWatch('username', form) ?? user?.username ?? '';
  const units = useUnits();
  const { create, update } = useUserMutations();
  const [error, setError] = useState<unknown>(null);
  const isCreate = user === null;

  const showError = (err: unknown) => {
    setError(err);
    if (isApiError(err, 'CONFLICT')) {
      form.setFields([{ name: 'username', errors: [t('users.conflict')] }]);
      return;
    }
    if (isApiError(err, 'VALIDATION_FAILED')) {
      const lang = currentLanguage();
      const fields = err.fields.flatMap((f) => {
        const name = FIELD_NAMES.find((n) => f.path === `body.${n}` || f.path.startsWith(`body.${n}.`));
        return name ? [{ name, errors: [lang === 'en' ? f.en : f.vi] }] : [];
      });
      if (fields.length > 0) {
        form.setFields(fields);
        return;
      }
    }
    if (!isApiError(err, 'WEAK_PASSWORD')) void message.error(errorText(err));
  };

  const submit = async (v: Values) => {
    setError(null);
    try {
      if (isCreate) {
        await create.mutateAsync(v);
        void message.success(t('users.created'));
      } else {
        await update.mutateAsync({ id: user.id, body: { fullName: v.fullName, unitId: v.unitId, roles: v.roles } });
        void message.success(t('users.updated'));
      }
      onClose();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Modal
      open
      title={isCreate ? t('users.createTitle') : t('users.editTitle', { username: user.username })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'user-form-submit' }}
    >
      <WeakPasswordAlert error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void submit(v)}
        initialValues={user ? { fullName: user.fullName, unitId: user.unitId, roles: user.roles } : { roles: [] }}
        data-testid="user-form"
      >
        {isCreate && (
          <Form.Item
            name="username"
            label={t('users.username')}
            extra={t('users.usernameRule')}
            normalize={(v: string) => v.toLowerCase()}
            rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: t('users.usernameRule') }]}
          >
            <Input autoComplete="off" data-testid="user-form-username" />
          </Form.Item>
        )}
        <Form.Item
          name="fullName"
          label={t('users.fullName')}
          rules={[{ required: true, whitespace: true, message: t('users.required') }]}
        >
          <Input data-testid="user-form-fullname" />
        </Form.Item>
        <Form.Item name="unitId" label={t('users.unit')} rules={[{ required: true, message: t('users.required') }]}>
          <TreeSelect
            data-testid="user-form-unit"
            loading={units.isPending}
            treeData={buildUnitTree(units.data?.items ?? [])}
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
          />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, message: t('users.required') }]}>
          <Select<TRole[]>
            mode="multiple"
            data-testid="user-form-roles"
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
        </Form.Item>
        {isCreate && (
          <>
            <Form.Item
              name="password"
              label={t('users.password')}
              rules={[{ required: true, message: t('users.required') }]}
            >
              <Input.Password autoComplete="new-password" data-testid="user-form-password" />
            </Form.Item>
            <PasswordPolicy password={password} username={username} />
          </>
        )}
      </Form>
    </Modal>
  );
}
