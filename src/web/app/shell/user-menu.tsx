import { App, Button, Dropdown, Grid } from 'antd';
import { DownOutlined, LogoutOutlined, UserOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useAuth, useUser } from '../auth';
import { useErrorText } from '../use-error-text';

export function UserMenu() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();

  const signOut = async (everywhere: boolean) => {
    try {
      await logout(everywhere);
      navigate('/login', { replace: true });
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'account', icon: <UserOutlined />, label: t('userMenu.account'), 'data-testid': 'user-menu-account' },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('userMenu.logout'), 'data-testid': 'user-menu-logout' },
          {
            key: 'logout-all',
            icon: <DisconnectOutlined />,
            danger: true,
            label: t('userMenu.logoutAll'),
            'data-testid': 'user-menu-logout-all',
          },
        ],
        onClick: ({ key }) => {
          if (key === 'account') navigate('/account');
          else if (key === 'logout') void signOut(false);
          else
            modal.confirm({
              title: t('userMenu.logoutAll'),
              content: t('userMenu.logoutAllConfirm'),
              okText: t('userMenu.logoutAll'),
              okButtonProps: { danger: true },
              cancelText: t('common.cancel'),
              onOk: () => signOut(true),
            });
        },
      }}
    >
      <Button type="text" data-testid="user-menu" icon={<UserOutlined />} style={{ color: 'inherit' }}>
        {screens.sm ? user.fullName : null}
        <DownOutlined />
      </Button>
    </Dropdown>
  );
}
