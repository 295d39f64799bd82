import { sql, type Kysely } from 'kysely';

/**
 * Text search of the registry ("hoan kiem", a reference number, a street) is a substring match on the
 * diacritics-free search key; without an index it reads every row (300 ms at a million). A trigram index
 * answers it from the index. pg_trgm is a trusted extension (PostgreSQL ≥ 13: the database owner may create
 * it) and PGlite ships it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index incident_search_trgm_idx on incident using gin (search_key gin_trgm_ops)`.execute(db);
}
