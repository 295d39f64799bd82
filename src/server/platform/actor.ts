import { permissionsOf, type TPermission, type TRole } from '../../domain/access/roles';

/**
 * Who is acting. Every service method takes the actor first and checks access before it reads or
 * writes (permission × unit scope).
 */
export interface Actor {
  kind: 'user' | 'system';
  userId: string | null;
  username: string;
  fullName: string;
  unitId: string | null;
  /** Materialised path of the actor's unit ('/…/'); scope = units whose path starts with it. */
  unitPath: string;
  roles: readonly TRole[];
  permissions: ReadonlySet<TPermission>;
  requestId: string | null;
  sessionId?: string;
  ip?: string;
}

export function userActor(u: {
  userId: string;
  username: string;
  fullName: string;
  unitId: string;
  unitPath: string;
  roles: readonly TRole[];
  requestId: string | null;
  sessionId?: string;
  ip?: string;
}): Actor {
  return { kind: 'user', ...u, permissions: permissionsOf(u.roles) };
}

/** The CLI and start-up tasks act as the system: every permission, the whole tree. */
export function systemActor(name = 'system', requestId: string | null = null): Actor {
  return {
    kind: 'system',
    userId: null,
    username: name,
    fullName: name,
    unitId: null,
    unitPath: '/',
    roles: ['administrator'],
    permissions: permissionsOf(['administrator']),
    requestId,
  };
}
