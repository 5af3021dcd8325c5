import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { hasPermission, isResidentOnly, useCurrentUser, useMe } from '../api/auth.ts';
import type { Permission } from '../api/types.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { PageSpin } from '../components/PageSpin.tsx';

/** Lets logged-in users through; sends others to the login page, and residents from the console to /m. */
export function RequireAuth({ console: isConsole = false, children }: { console?: boolean; children: React.ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageSpin />;
  if (me.isError) return <ErrorResult error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (isConsole && isResidentOnly(me.data)) return <Navigate to="/m" replace />;
  return children;
}

/** A page whose permission the user lacks says so instead of failing call by call. */
export function RequirePermission({ permission, children }: { permission?: Permission; children: React.ReactNode }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (permission && !hasPermission(me, permission)) return <Result status="403" title={t('app.forbidden')} />;
  return children;
}
