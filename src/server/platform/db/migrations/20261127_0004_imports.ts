import { sql, type Kysely } from 'kysely';

/**
 * Incident imports: progress, owner unit and upload of a batch, its heartbeat (a batch whose process died is
 * recognised and closed), and foreign areas (another country's police districts, e.g. `sfpd:MISSION`), kept
 * apart from Vietnamese areas by their type and province code 'ZZ'.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_batch add column processed integer not null default 0`.execute(db);
  await sql`alter table import_batch add column unit_id uuid references unit(id)`.execute(db);
  await sql`alter table import_batch add column mapping_id uuid references import_mapping(id) on delete set null`.execute(db);
  await sql`alter table import_batch add column mapping jsonb`.execute(db);
  await sql`alter table import_batch add column upload_id text`.execute(db);
  await sql`alter table import_batch add column format text`.execute(db);
  await sql`alter table import_batch add column encoding text`.execute(db);
  await sql`alter table import_batch add column error text`.execute(db);
  await sql`alter table import_batch add column heartbeat_at timestamptz`.execute(db);
  await sql`create index import_batch_started_idx on import_batch (started_at desc)`.execute(db);
  await sql`create index incident_import_batch_idx on incident (import_batch_id) where import_batch_id is not null`.execute(db);

  await sql`alter table area drop constraint area_type_check`.execute(db);
  await sql`alter table area add constraint area_type_check
    check (type in ('phuong','xa','thi_tran','quan','huyen','thi_xa','thanh_pho','tinh','dac_khu','foreign'))`.execute(db);
}
