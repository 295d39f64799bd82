import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Bình An';

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUrl(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

export const TOTP_PERIOD_SECONDS = 30;

/**
 * The time step (unix seconds / 30) of the code when it is the current code or one step either side (clock
 * drift), else null. The caller refuses a step not greater than the last one it accepted (no replay).
 */
export function matchTotpStep(secretBase32: string, code: string, at: Date): number | null {
  const delta = totpFor(secretBase32, 'x').validate({ token: code, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** For tests: the code valid at a given time. */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpFor(secretBase32, 'x').generate({ timestamp: at.getTime() });
}
