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

/** Accepts the current code and one step either side (clock drift). */
export function checkTotp(secretBase32: string, code: string, at: Date): boolean {
  return totpFor(secretBase32, 'x').validate({ token: code, timestamp: at.getTime(), window: 1 }) !== null;
}

/** For tests: the code valid at a given time. */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpFor(secretBase32, 'x').generate({ timestamp: at.getTime() });
}
