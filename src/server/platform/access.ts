import type { TPermission } from '../../domain/access/roles';
import type { TFieldError } from '../../contracts/errors';
import type { Actor } from './actor';
import { AppError, notFound } from './errors';

/** Throws FORBIDDEN unless the actor's roles grant the permission. */
export function requirePermission(actor: Actor, permission: TPermission): void {
  if (!actor.permissions.has(permission)) throw new AppError('FORBIDDEN', { details: { permission } });
}

/** True when a unit (by its materialised path) lies in the actor's unit subtree. */
export function isUnitInScope(actor: Actor, unitPath: string): boolean {
  return unitPath.startsWith(actor.unitPath);
}

/**
 * Throws OUT_OF_SCOPE unless the unit lies in the actor's subtree. Only for a record the actor already
 * sees (a write they may not make on it); for a record addressed by id use `notVisible`, so that "exists
 * elsewhere" and "does not exist" answer alike.
 */
export function requireUnitInScope(actor: Actor, unitPath: string): void {
  if (!isUnitInScope(actor, unitPath)) throw new AppError('OUT_OF_SCOPE');
}

/**
 * The one answer for a record addressed by id (path or query) that the actor may not see, whether it
 * exists outside their scope or nowhere: 404 NOT_FOUND "Không tìm thấy <what>". Services throw it for
 * both cases so that the answer is no existence oracle.
 */
export const notVisible = (what: string) => notFound(what);

/** The field error of a referenced id that does not exist or lies outside the actor's scope (one wording for both). */
export const unknownReference = (path: string): TFieldError => ({
  path,
  vi: 'Không tồn tại hoặc nằm ngoài phạm vi của bạn',
  en: 'Does not exist or is outside your scope',
});

/**
 * A referenced id in a write's body (`body.reportId`, `body.staffing.2.unitId`) and how to tell whether
 * the actor may refer to it. `allowed` answers false both for a record outside the actor's scope and for
 * one that does not exist; it may add rule errors of its own (a unit not active on the date) through the
 * returned string pair, which are reported only for records the actor may see.
 */
export interface Reference {
  path: string;
  id: string | null | undefined;
  allowed: (id: string) => Promise<boolean | { vi: string; en: string }>;
}

/**
 * The one scope check of the ids a write refers to. Every reference is resolved (one after the other:
 * PGlite runs one query at a time); those the actor may not refer to are reported together as
 * VALIDATION_FAILED with the same wording whether the record exists elsewhere or nowhere, so the answer
 * says nothing about records outside the scope. Services call it before their write's transaction opens
 * (or pass the transaction to the resolvers), and write nothing when it throws.
 */
export async function requireReferencesInScope(refs: readonly Reference[]): Promise<void> {
  const errors: TFieldError[] = [];
  for (const r of refs) {
    if (r.id === null || r.id === undefined) continue;
    const ok = await r.allowed(r.id);
    if (ok === true) continue;
    errors.push(ok === false ? unknownReference(r.path) : { path: r.path, ...ok });
  }
  if (errors.length) throw new AppError('VALIDATION_FAILED', { fields: errors });
}
