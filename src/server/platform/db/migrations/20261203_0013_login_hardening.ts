import { sql, type Kysely } from 'kysely';

/**
 * Sign-in hardening (issue 19, items 3, 7, 9):
 * - `app_user.totp_last_step`: the last TOTP time step (unix time / 30) accepted for the user; a code whose step
 *   is not greater is a replay and is refused (the check and the update are one statement).
 * - `login_failure`: failed sign-ins for usernames that have no account, keyed by the SHA-256 of the
 *   lower-cased username, so an unknown name is counted and locked exactly like a known one (no enumeration
 *   through 423), shared by every app process. Rows whose lock has expired are pruned (the next failure would start at 1 anyway).
 * TOTP secrets are not rewritten here: the migration has no key. They are encrypted at start-up
 * (`encryptPlaintextTotpSecrets`), and a plaintext secret is still read until then.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user add column totp_last_step bigint`.execute(db);
  await sql`
    create table login_failure (
      key text primary key,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index login_failure_locked_idx on login_failure (locked_until)`.execute(db);
}
