import { sql, type Kysely } from 'kysely';

/**
 * Every foreign key becomes DEFERRABLE INITIALLY IMMEDIATE: ordinary writes are checked at once as before, and a
 * restore (`set constraints all deferred`) checks references at its end, so rows may come in any order — a
 * criminal case before the report it was opened from, a child record before its parent. Migrations after this one
 * declare their foreign keys deferrable too (a schema test refuses one that is not).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$
    declare r record;
    begin
      for r in
        select c.conrelid::regclass::text as tbl, c.conname
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and not c.condeferrable and n.nspname = 'public'
      loop
        execute format('alter table %s alter constraint %I deferrable initially immediate', r.tbl, r.conname);
      end loop;
    end $$`.execute(db);
}
