import type { TPermission } from '../../domain/access/roles';
import type { Actor } from './actor';
import { AppError } from './errors';

/** Throws FORBIDDEN unless the actor's roles grant the permission. */
export function requirePermission(actor: Actor, permission: TPermission): void {
  if (!actor.permissions.has(permission)) throw new AppError('FORBIDDEN', { details: { permission } });
}

/** True when a unit (by its materialised path) lies in the actor's unit subtree. */
export function isUnitInScope(actor: Actor, unitPath: string): boolean {
  return unitPath.startsWith(actor.unitPath);
}

/** Throws OUT_OF_SCOPE unless the unit lies in the actor's subtree. */
export function requireUnitInScope(actor: Actor, unitPath: string): void {
  if (!isUnitInScope(actor, unitPath)) throw new AppError('OUT_OF_SCOPE');
}
