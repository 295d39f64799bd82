import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './database';
import * as m0001 from './migrations/20261127_0001_platform';
import * as m0002 from './migrations/20261127_0002_areas_units';
import * as m0003 from './migrations/20261127_0003_incidents';
import * as m0004 from './migrations/20261127_0004_imports';
import * as m0005 from './migrations/20261127_0005_stats';
import * as m0006 from './migrations/20261127_0006_incident_search';
import * as m0007 from './migrations/20261127_0007_events';
import * as m0008 from './migrations/20261127_0008_plans';
import * as m0009 from './migrations/20261127_0009_stats_unit_kind';
import * as m0010 from './migrations/20261127_0010_area_population';
import * as m0011 from './migrations/20261127_0011_stats_windows';
import * as m0012 from './migrations/20261203_0012_deferrable_references';
import * as m0013 from './migrations/20261203_0013_login_hardening';
import * as m0014 from './migrations/20261203_0014_import_scope';

/**
 * The ordered, forward-only list of migrations. Names sort in the order they apply; a new migration is a
 * new file added at the end of this list, never an edit of an applied one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261127_0001_platform': m0001,
  '20261127_0002_areas_units': m0002,
  '20261127_0003_incidents': m0003,
  '20261127_0004_imports': m0004,
  '20261127_0005_stats': m0005,
  '20261127_0006_incident_search': m0006,
  '20261127_0007_events': m0007,
  '20261127_0008_plans': m0008,
  '20261127_0009_stats_unit_kind': m0009,
  '20261127_0010_area_population': m0010,
  '20261127_0011_stats_windows': m0011,
  '20261203_0012_deferrable_references': m0012,
  '20261203_0013_login_hardening': m0013,
  '20261203_0014_import_scope': m0014,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
}

export class MigrationError extends Error {}

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new MigrationError(
      `Migration ${failed?.migrationName ?? '?'} failed: ${(result.error as Error).message ?? String(result.error)}`,
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations known to the code but not yet applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const list = await migrator(db).getMigrations();
  return list.filter((m) => !m.executedAt).map((m) => m.name);
}
