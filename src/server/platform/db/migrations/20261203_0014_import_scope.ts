import { sql, type Kysely } from 'kysely';

/**
 * Import scope (issue 19):
 * - a saved mapping belongs to a unit (the unit of the user who created it; none for the system's own, such as
 *   the demo's foreign-data mapping): reading, changing and deleting it follow the unit scope, and its name is
 *   unique within its unit (a global name would tell another unit's mapping names through a conflict);
 * - the idempotency key of imported records is (source, external ID, handling unit): a record of another unit
 *   with the same key no longer makes a row "already present" (an existence oracle across units).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_mapping add column unit_id uuid references unit(id) deferrable initially immediate`.execute(db);
  await sql`update import_mapping m set unit_id = u.unit_id from app_user u where u.id = m.created_by`.execute(db);
  await sql`alter table import_mapping drop constraint import_mapping_name_key`.execute(db);
  await sql`create unique index import_mapping_unit_name_idx on import_mapping (coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid), name)`.execute(
    db,
  );
  await sql`drop index incident_source_external_idx`.execute(db);
  await sql`create unique index incident_source_external_idx on incident (source, external_id, unit_id) where external_id is not null`.execute(
    db,
  );
}
