import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, parseKey, type Config } from './config';
import type { Database } from './db/database';
import { AppError } from './errors';

/** Prefix of a sealed value; TOTP secrets in base32 never contain ':', so anything else is a plaintext one. */
const PREFIX = 'enc1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const TOTP_KEY_FILE = 'totp.key';

/**
 * Encrypts short secrets at rest (AES-256-GCM, a random 96-bit IV per value, the owner's id as associated data
 * so a sealed value copied onto another row does not open). `source` says where the key came from:
 * `env` (BINHAN_TOTP_KEY), `file` (BINHAN_DATA_DIR/totp.key, embedded database), `memory` (an in-memory
 * database: the key lives as long as the data), `none` (PostgreSQL without BINHAN_TOTP_KEY: nothing can be sealed).
 */
export class SecretBox {
  private loaded: Buffer | null | undefined;

  /** `key`: the key, null for none, or a loader called on first use (the key file is created only when needed). */
  constructor(
    private readonly keyOrLoader: Buffer | null | (() => Buffer),
    readonly source: 'env' | 'file' | 'memory' | 'none',
  ) {}

  private get key(): Buffer | null {
    if (this.loaded === undefined) this.loaded = typeof this.keyOrLoader === 'function' ? this.keyOrLoader() : this.keyOrLoader;
    return this.loaded;
  }

  get canSeal(): boolean {
    return this.keyOrLoader !== null;
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  seal(plain: string, owner: string): string {
    if (!this.key) throw new AppError('TOTP_KEY_MISSING');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(owner));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
  }

  /** The plaintext of a sealed value; a value stored before encryption existed is returned as it is. */
  open(stored: string, owner: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    if (!this.key) throw new AppError('TOTP_KEY_MISSING');
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(owner));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      // Another key than the one that sealed it (a restored backup without its key file, a changed variable).
      throw new AppError('TOTP_KEY_MISSING');
    }
  }
}

/**
 * The key for TOTP secrets: BINHAN_TOTP_KEY when set; else, on the embedded database, the key file in its
 * folder (created on first use, mode 0600); in memory, a random key; on PostgreSQL, none.
 */
export function resolveSecretBox(config: Pick<Config, 'totpKey'>, database: Pick<Database, 'engine' | 'dataDir'>): SecretBox {
  if (config.totpKey) return new SecretBox(config.totpKey, 'env');
  if (database.engine === 'postgres') return new SecretBox(null, 'none');
  if (!database.dataDir) return new SecretBox(randomBytes(32), 'memory');
  const file = path.join(database.dataDir, TOTP_KEY_FILE);
  // Read (or created) on first use only: a `binhan restore` into a new folder leaves room for the source's key file.
  return new SecretBox(() => {
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    const key = parseKey(fs.readFileSync(file, 'utf8').trim());
    if (!key) throw new ConfigError(`${file}: không phải khóa 32 byte / not a 32-byte key (64 hex digits); restore it or set BINHAN_TOTP_KEY`);
    return key;
  }, 'file');
}
