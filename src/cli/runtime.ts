import { buildApp, createServices, type Services } from '../server/app';
import { systemActor } from '../server/platform/actor';
import { clockFromConfig, type Clock } from '../server/platform/clock';
import { loadConfig, type Config } from '../server/platform/config';
import { openFromConfig, type Database } from '../server/platform/db/database';
import { FolderLockedError } from '../server/platform/db/folder-lock';
import { migrateToLatest } from '../server/platform/db/migrator';

/** Exit codes of the `binhan` command (README lists them). */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, VERIFY_FAILED: 3, LOCKED: 10 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILURE,
  ) {
    super(message);
  }
}

export interface Runtime {
  config: Config;
  database: Database;
  services: Services;
  /** The configured clock (BINHAN_CLOCK for tests and demos, else the system's). */
  clock: Clock;
  close(): Promise<void>;
}

/** Opens the configured database (taking the folder lock for the embedded one) and migrates it. */
export async function openRuntime(opts: { migrate?: boolean; referenceData?: boolean } = {}): Promise<Runtime> {
  const config = loadConfig();
  let database: Database;
  try {
    database = await openFromConfig(config);
  } catch (err) {
    if (err instanceof FolderLockedError) throw new CliError(err.message, EXIT.LOCKED);
    throw new CliError(`Không mở được cơ sở dữ liệu / cannot open the database: ${(err as Error).message}`);
  }
  const clock = clockFromConfig(config);
  if (config.clockStart)
    console.warn(
      `\n⚠ BINHAN_CLOCK: đồng hồ máy chủ bắt đầu từ / the server's clock starts at ${config.clockStart.toISOString()} — chỉ dùng cho kiểm thử và trình diễn / for tests and demos only\n`,
    );
  const services = createServices({ database, config, clock });
  if (opts.migrate !== false) {
    await migrateToLatest(database.db);
    // Reference areas are part of every installation, demo or not.
    if (opts.referenceData !== false) await services.areas.ensureReferenceData(systemActor('reference-data'));
  }
  return { config, database, services, clock, close: () => database.close() };
}

export { buildApp };
