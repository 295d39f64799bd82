import { sql, type Kysely } from 'kysely';

/** Units (minimal tree; history arrives with the areas capability), users, sessions, audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table unit (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      parent_id uuid references unit(id),
      -- Materialised path of ids, '/root/child/…/self/': subtree = path prefix match.
      path text not null unique,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index unit_parent_idx on unit (parent_id)`.execute(db);

  await sql`
    create table app_user (
      id uuid primary key default gen_random_uuid(),
      username text not null unique,
      full_name text not null,
      unit_id uuid not null references unit(id),
      roles text[] not null,
      active boolean not null default true,
      password_hash text not null,
      password_changed_at timestamptz not null default now(),
      failed_logins integer not null default 0,
      locked_until timestamptz,
      totp_secret text,
      totp_pending_secret text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint app_user_roles_nonempty check (cardinality(roles) > 0)
    )`.execute(db);
  await sql`create index app_user_unit_idx on app_user (unit_id)`.execute(db);

  await sql`
    create table session (
      -- sha256 of the cookie token; the token itself is never stored.
      id text primary key,
      user_id uuid not null references app_user(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index session_user_idx on session (user_id)`.execute(db);
  await sql`create index session_expires_idx on session (expires_at)`.execute(db);

  await sql`
    create table audit_log (
      seq bigint primary key,
      at timestamptz not null,
      actor_id uuid,
      actor_name text,
      action text not null,
      entity_type text not null,
      entity_id text,
      diff jsonb,
      request_id text,
      prev_hash text not null,
      hash text not null
    )`.execute(db);
  await sql`create index audit_log_entity_idx on audit_log (entity_type, entity_id, seq)`.execute(db);

  // The head of the hash chain: one row, locked by every writer so entries are appended in order
  // even with several app processes on one PostgreSQL.
  await sql`
    create table audit_chain_head (
      id integer primary key check (id = 1),
      seq bigint not null,
      hash text not null
    )`.execute(db);
  await sql`insert into audit_chain_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);

  // Append-only: no UPDATE, DELETE or TRUNCATE through the application (tampering by a superuser who
  // disables the trigger is caught by `binhan audit verify`).
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = '42501';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
  await sql`revoke update, delete, truncate on audit_log from public`.execute(db);
}
