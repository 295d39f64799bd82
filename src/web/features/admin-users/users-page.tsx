import { useState } from 'react';
import { App, Button, Flex, Input, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TUser } from '../../../contracts/users';
import { useAuth } from '../../app/auth';
import { formatTimeDate } from '../../app/format';
import { RoleTags } from '../../app/role-tags';
import { useErrorText } from '../../app/use-error-text';
import { ResetPasswordModal } from './reset-password-modal';
import { UserFormModal } from './user-form-modal';
import { useUserList, useUserMutations } from './users-api';

const PAGE_SIZE = 20;

type Dialog = { kind: 'create' } | { kind: 'edit'; user: TUser } | { kind: 'reset'; user: TUser } | null;

export function isLocked(user: TUser, now = Date.now()): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now;
}

function StatusTags({ user }: { user: TUser }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {user.active ? <Tag color="green">{t('users.active')}</Tag> : <Tag color="default">{t('users.disabled')}</Tag>}
      {isLocked(user) && user.lockedUntil && (
        <Tag color="red" data-testid={`user-locked-${user.username}`}>
          {t('users.lockedUntil', { time: formatTimeDate(user.lockedUntil) })}
        </Tag>
      )}
    </Space>
  );
}

function UserActions({ user, onEdit, onReset }: { user: TUser; onEdit: () => void; onReset: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { update, unlock, resetTotp } = useUserMutations();
  const setActive = (active: boolean) =>
    update.mutate(
      { id: user.id, body: { active } },
      { onSuccess: () => void message.success(t('users.updated')), onError: (e) => void message.error(errorText(e)) },
    );
  return (
    <Space size={0} wrap>
      <Button type="link" size="small" onClick={onEdit} data-testid={`user-edit-${user.username}`}>
        {t('common.edit')}
      </Button>
      {user.active ? (
        <Popconfirm
          title={t('users.disableConfirm', { username: user.username })}
          okText={t('users.disable')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => setActive(false)}
        >
          <Button type="link" size="small" danger loading={update.isPending}>
            {t('users.disable')}
          </Button>
        </Popconfirm>
      ) : (
        <Button type="link" size="small" loading={update.isPending} onClick={() => setActive(true)}>
          {t('users.enable')}
        </Button>
      )}
      <Button type="link" size="small" onClick={onReset}>
        {t('users.resetPassword')}
      </Button>
      {user.totpEnabled && (
        <Popconfirm
          title={t('users.resetTotpConfirm', { username: user.username })}
          okText={t('users.resetTotpOk')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            resetTotp.mutate(user.id, {
              onSuccess: () => void message.success(t('users.totpWasReset')),
              onError: (e) => void message.error(errorText(e)),
            })
          }
        >
          <Button
            type="link"
            size="small"
            danger
            loading={resetTotp.isPending}
            data-testid={`user-reset-totp-${user.username}`}
          >
            {t('users.resetTotp')}
          </Button>
        </Popconfirm>
      )}
      {isLocked(user) && (
        <Button
          type="link"
          size="small"
          loading={unlock.isPending}
          data-testid={`user-unlock-${user.username}`}
          onClick={() =>
            unlock.mutate(user.id, {
              onSuccess: () => void message.success(t('users.unlocked')),
              onError: (e) => void message.error(errorText(e)),
            })
          }
        >
          {t('users.unlock')}
        </Button>
      )}
    </Space>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const errorText = useErrorText();
  const canManage = can('users.manage');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<Dialog>(null);
  const list = useUserList({ q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

  const columns: TableColumnsType<TUser> = [
    { title: t('users.username'), dataIndex: 'username', key: 'username' },
    { title: t('users.fullName'), dataIndex: 'fullName', key: 'fullName' },
    { title: t('users.unit'), dataIndex: 'unitName', key: 'unit' },
    { title: t('users.roles'), key: 'roles', render: (_, u) => <RoleTags roles={u.roles} /> },
    { title: t('users.status'), key: 'status', render: (_, u) => <StatusTags user={u} /> },
    {
      title: t('users.totp'),
      key: 'totp',
      render: (_, u) => (u.totpEnabled ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, u) => (
        <UserActions
          user={u}
          onEdit={() => setDialog({ kind: 'edit', user: u })}
          onReset={() => setDialog({ kind: 'reset', user: u })}
        />
      ),
    });
  }

  return (
    <div data-testid="page-users">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            onSearch={(value) => {
              setQ(value.trim());
              setPage(1);
            }}
            style={{ width: 280, maxWidth: '100%' }}
            data-testid="users-search"
          />
          {canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog({ kind: 'create' })}
              data-testid="user-create"
            >
              {t('common.create')}
            </Button>
          )}
        </Space>
      </Flex>
      {list.isError && <Typography.Text type="danger">{errorText(list.error)}</Typography.Text>}
      <Table<TUser>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('users.total', { count: total }),
          onChange: setPage,
        }}
        data-testid="users-table"
      />
      {dialog?.kind === 'create' && <UserFormModal user={null} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <UserFormModal user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'reset' && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />}
    </div>
  );
}
