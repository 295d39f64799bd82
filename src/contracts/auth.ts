import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../domain/access/roles';

export const ZRole = z.enum(ROLES);
export const ZPermission = z.enum(PERMISSIONS);

export const ZLanguage = z.enum(['vi', 'en']);
export type TLanguage = z.infer<typeof ZLanguage>;

/** The signed-in user as the web client sees it. */
export const ZSessionUser = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  roles: z.array(ZRole),
  permissions: z.array(ZPermission),
  totpEnabled: z.boolean(),
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

export const ZLoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  /** Six-digit TOTP code; required when the account has two-factor enabled. */
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

/** Returned by login and by GET /api/auth/me. The client sends csrfToken as X-CSRF-Token on writes. */
export const ZSessionResponse = z.object({
  user: ZSessionUser,
  csrfToken: z.string(),
});
export type TSessionResponse = z.infer<typeof ZSessionResponse>;

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const ZTotpSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string() });
/** Re-authentication: the current password, for two-factor setup, replacement and removal. */
export const ZPasswordConfirmRequest = z.object({ password: z.string().min(1).max(256) });
export const ZTotpEnableRequest = z.object({ code: z.string().regex(/^\d{6}$/), password: z.string().min(1).max(256) });
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;
