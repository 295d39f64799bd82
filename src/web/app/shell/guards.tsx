import type { ReactNode } from 'react';
import { Button, Flex, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import type { TPermission } from '../../../domain/access/roles';
import { useAuth } from '../auth';
import { useErrorText } from '../use-error-text';
import { ForbiddenPage } from '../../features/errors/forbidden-page';

export interface LoginRedirectState {
  from?: string;
}

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" description={t('app.loading')} />
    </Flex>
  );
}

/** Renders children only with a session; otherwise sends the user to /login, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, isLoading, error, refetch } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (isLoading) return <FullPageSpin />;
  if (error && !user) {
    return (
      <Result
        status="error"
        title={errorText(error)}
        extra={<Button onClick={refetch}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!user) {
    const state: LoginRedirectState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={state} />;
  }
  return <>{children}</>;
}

/** 403 page instead of the screen when the user lacks the permission (the menu hides it too). */
export function RequirePermission({ permission, children }: { permission: TPermission; children: ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? <>{children}</> : <ForbiddenPage />;
}
