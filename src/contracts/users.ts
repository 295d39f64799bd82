import { z } from 'zod';
import { ZRole } from './auth';
import { requireSomeChange } from './common';

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  roles: z.array(ZRole),
  active: z.boolean(),
  totpEnabled: z.boolean(),
  /** ISO timestamp while the account is locked after failed sign-ins, else null. */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZUsername = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lowercase letters, digits, . _ - (3–64)');

export const ZCreateUserRequest = z.object({
  username: ZUsername,
  fullName: z.string().trim().min(1).max(200),
  unitId: z.string().min(1),
  roles: z.array(ZRole).min(1),
  password: z.string().min(1).max(256),
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = requireSomeChange(
  z
    .object({
      fullName: z.string().trim().min(1).max(200),
      unitId: z.string().min(1),
      roles: z.array(ZRole).min(1),
      active: z.boolean(),
    })
    .partial(),
);
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZResetPasswordRequest = z.object({ newPassword: z.string().min(1).max(256) });

export const ZUserListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ZUserList = z.object({ items: z.array(ZUser), total: z.number().int() });

export const ZUnitSummary = z.object({ id: z.string(), code: z.string(), name: z.string(), parentId: z.string().nullable() });
export const ZUnitList = z.object({ items: z.array(ZUnitSummary) });

export const ZAuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  diff: z.unknown(),
  requestId: z.string().nullable(),
});
export const ZAuditListQuery = z.object({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  beforeSeq: z.coerce.number().int().min(1).optional(),
});
export const ZAuditList = z.object({ items: z.array(ZAuditEntry) });
