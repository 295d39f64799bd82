/**
 * Roles and permissions. Access = role permissions × unit scope; the scope part is checked by the
 * services against the record's unit (and, once areas exist, the unit's jurisdiction on the record's date).
 */
export const ROLES = [
  'administrator',
  'commander',
  'analyst',
  'officer',
  'event_officer',
  'portal_moderator',
  'viewer',
] as const;
export type TRole = (typeof ROLES)[number];

export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'units.read',
  'units.manage',
  'areas.read',
  'areas.manage',
  'audit.read',
  'incidents.read',
  'incidents.write',
  'incidents.sensitive',
  /** Read the detail of a record classified `mật`; others see it only as a redacted list row. */
  'incidents.read_confidential',
  'stats.read',
  'events.read',
  'events.write',
  'events.override',
  'plans.read',
  'plans.write',
  'directives.issue',
  'portal.moderate',
  'reports.read',
  'reports.write',
] as const;
export type TPermission = (typeof PERMISSIONS)[number];

const READ_ALL: TPermission[] = [
  'units.read',
  'areas.read',
  'incidents.read',
  'stats.read',
  'events.read',
  'plans.read',
  'reports.read',
];

export const ROLE_PERMISSIONS: Record<TRole, readonly TPermission[]> = {
  administrator: [...PERMISSIONS],
  commander: [
    ...READ_ALL,
    'users.read',
    'audit.read',
    'incidents.write',
    'incidents.sensitive',
    'incidents.read_confidential',
    'events.write',
    'events.override',
    'plans.write',
    'directives.issue',
    'reports.write',
  ],
  analyst: [...READ_ALL, 'incidents.sensitive', 'reports.write', 'audit.read'],
  officer: [...READ_ALL, 'incidents.write', 'incidents.sensitive', 'plans.write'],
  event_officer: [...READ_ALL, 'events.write'],
  portal_moderator: ['units.read', 'areas.read', 'incidents.read', 'incidents.write', 'portal.moderate'],
  viewer: [...READ_ALL],
};

export function permissionsOf(roles: readonly TRole[]): Set<TPermission> {
  const out = new Set<TPermission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role]) out.add(p);
  return out;
}

export function hasPermission(roles: readonly TRole[], permission: TPermission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}
