import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROLES, type TRole } from '../domain/access/roles';
import { buildApp } from '../server/app';
import { systemActor } from '../server/platform/actor';
import { verifyAuditChain } from '../server/platform/audit';
import { AnchorError, appendCheckpoint, checkAnchors, signingKey, verifyingKey, type AnchorResult } from '../server/platform/audit-anchor';
import { restoreBackup, RestoreError, verifyBackupFile, writeBackup } from '../server/platform/backup';
import { ConfigError, loadConfig } from '../server/platform/config';
import { migrateToLatest } from '../server/platform/db/migrator';
import { AppError } from '../server/platform/errors';
import { describeError } from '../server/platform/log-redaction';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoPlatform } from '../server/seed/demo-platform';
import { seedDemoIncidents } from '../server/seed/demo-incidents';
import { seedDemoEvents } from '../server/seed/demo-events';
import { seedDemoPlans } from '../server/seed/demo-plans';
import { findUnitByCode } from '../server/modules/units/units.repository';
import { CliError, EXIT, openRuntime, type Runtime } from './runtime';
import { randomBytes } from 'node:crypto';
import { parsePopulationCsv, type RawPopulationRow } from '../domain/areas/population';

const program = new Command();
program
  .name('binhan')
  .description('Bình An — nền tảng điều hành công an thành phố / city police operations platform')
  .showHelpAfterError()
  .exitOverride();

async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: { migrate?: boolean; referenceData?: boolean } = {}): Promise<T> {
  const rt = await openRuntime(opts);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

function parseRoles(value: string): TRole[] {
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length || roles.length === 0)
    throw new InvalidArgumentError(`vai trò không hợp lệ / unknown role: ${bad.join(', ') || '(none)'}; chọn / choose from ${ROLES.join(', ')}`);
  return roles as TRole[];
}

function parsePort(value: string): string {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('cổng không hợp lệ / invalid port');
  return value;
}

async function readPassword(opts: { passwordStdin?: boolean }): Promise<{ password: string; generated: boolean }> {
  if (opts.passwordStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    return { password, generated: false };
  }
  if (process.env.BINHAN_PASSWORD) return { password: process.env.BINHAN_PASSWORD, generated: false };
  // A random password that meets the policy; printed once.
  return { password: `Ba${randomBytes(12).toString('base64url')}7`, generated: true };
}

function explain(err: unknown): string {
  if (err instanceof AppError) {
    const fields = err.opts.fields?.map((f) => `\n  ${f.path}: ${f.vi} / ${f.en}`).join('') ?? '';
    return `${err.opts.vi ?? err.code} / ${err.message}${fields}`;
  }
  return (err as Error).message;
}

/** Demo incidents into an empty registry (deterministic; prints what it loaded). */
async function seedIncidentsIfEmpty(rt: Runtime, opts: { seed?: number; scale?: number } = {}): Promise<void> {
  const any = await rt.database.db.selectFrom('incident').select('id').limit(1).executeTakeFirst();
  if (any) return;
  console.log('Đang nạp vụ việc mẫu 2020 → nay / loading demo incidents 2020 → today…');
  const started = Date.now();
  const r = await seedDemoIncidents(
    { db: rt.database.db, clock: rt.clock, config: rt.config, areas: rt.services.areas },
    systemActor('seed'),
    opts,
  );
  const kinds = Object.entries(r.byKind).map(([k, n]) => `${k} ${n.toLocaleString('vi-VN')}`).join(', ');
  console.log(`Đã nạp / loaded ${r.inserted.toLocaleString('vi-VN')} vụ việc / incidents (${kinds}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Demo protected events into an empty event table (deterministic, ~2,000 a year; after the incidents, which a few link). */
async function seedEventsIfEmpty(rt: Runtime, opts: { seed?: number; scale?: number } = {}): Promise<void> {
  const any = await rt.database.db.selectFrom('event').select('id').limit(1).executeTakeFirst();
  if (any) return;
  console.log('Đang nạp sự kiện bảo vệ mẫu 2020 → nay / loading demo protected events 2020 → today…');
  // BINHAN_DEMO_SCALE below 1 thins the events too (at least 100 a year), so small demos start fast.
  const perYear = Math.max(100, Math.round(2000 * Math.min(1, opts.scale ?? 1)));
  const r = await seedDemoEvents(
    { db: rt.database.db, clock: rt.clock, areas: rt.services.areas },
    systemActor('seed'),
    { seed: opts.seed, perYear },
  );
  const safe = r.safe.toLocaleString('vi-VN');
  console.log(
    `Đã nạp / loaded ${r.inserted.toLocaleString('vi-VN')} sự kiện / events (${safe} tuyệt đối an toàn / absolutely safe) in ${(r.ms / 1000).toFixed(1)} s`,
  );
}

/** The demo 2025 plan, directives and targets into an empty plan table (deterministic for a given day; after the incidents its targets read). */
async function seedPlansIfEmpty(rt: Runtime): Promise<void> {
  const r = await seedDemoPlans({ db: rt.database.db, clock: rt.clock, plans: rt.services.plans });
  if (r) console.log(`Đã nạp kế hoạch mẫu / loaded the demo plan: ${r.tasks} nhiệm vụ / tasks, ${r.directives} chỉ đạo / directives, ${r.targets} chỉ tiêu / targets`);
}

function parsePositive(label: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || n > 1000) throw new InvalidArgumentError(`${label}: số dương ≤ 1000 / a positive number ≤ 1000`);
    return n;
  };
}

async function serve(rt: Runtime, opts: { banner?: string[] } = {}) {
  const { app, services } = await buildApp({ database: rt.database, config: rt.config, clock: rt.clock });
  if (rt.config.clockStart)
    app.log.warn({ clockStart: rt.config.clockStart.toISOString(), now: rt.clock.now().toISOString() }, 'BINHAN_CLOCK: the server clock is not the system clock (tests and demos only)');
  // The statistics windows follow the day without waiting for a question (stats.windows.ts): moved before the
  // server listens (filling them the first time takes seconds, and the embedded database serves one query at a
  // time), then checked every minute.
  const prepare = () => services.stats.prepareWindows().catch((err: unknown) => app.log.warn({ err }, 'statistics windows not moved'));
  await prepare();
  const address = await app.listen({ host: rt.config.host, port: rt.config.port });
  const windowsTimer = setInterval(() => void prepare(), 60_000);
  windowsTimer.unref();
  // Audit checkpoints outside the database (BINHAN_AUDIT_ANCHOR_FILE): one at start-up, then every
  // BINHAN_AUDIT_ANCHOR_HOURS, each only when the chain moved; a chain or file that does not verify is logged as an error.
  const anchorFile = rt.config.auditAnchorFile;
  const anchor = async () => {
    if (!anchorFile) return;
    try {
      const r = await appendCheckpoint(rt.database.db, anchorFile, signingKey(anchorFile, rt.config.auditAnchorKey), new Date(), { onlyIfMoved: true });
      if (r.written) app.log.info({ seq: r.checkpoint.seq, file: anchorFile }, 'audit checkpoint written');
    } catch (err) {
      const tampered = err instanceof AnchorError && err.kind === 'tampered';
      app.log.error({ err, file: anchorFile }, tampered ? 'audit checkpoint refused: the audit chain or the anchor file does not verify' : 'audit checkpoint not written');
    }
  };
  const anchorTimer = anchorFile && rt.config.auditAnchorHours > 0 ? setInterval(() => void anchor(), rt.config.auditAnchorHours * 3_600_000) : null;
  anchorTimer?.unref();
  if (anchorTimer) await anchor();
  const url = address.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://localhost');
  app.log.info({ engine: rt.database.engine, location: rt.database.location }, 'Bình An is listening');
  console.log(`\nBình An đang chạy tại / is running at ${url}  (CSDL / database: ${rt.database.engine} ${rt.database.location})`);
  for (const line of opts.banner ?? []) console.log(line);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(windowsTimer);
  if (anchorTimer) clearInterval(anchorTimer);
  await app.close();
}

program
  .command('serve')
  .description('Chạy máy chủ web / run the web server (HOST, PORT, DATABASE_URL or BINHAN_DATA_DIR)')
  .addOption(new Option('--port <port>', 'cổng / port (overrides PORT)').argParser(parsePort))
  .addOption(new Option('--host <host>', 'địa chỉ / host (overrides HOST)'))
  .action(async (o: { port?: string; host?: string }) => {
    if (o.port) process.env.PORT = o.port;
    if (o.host) process.env.HOST = o.host;
    const rt = await openRuntime();
    try {
      await serve(rt);
    } finally {
      await rt.close();
    }
  });

program
  .command('start')
  .description('Build giao diện nếu cần, nạp dữ liệu mẫu nếu CSDL trống, rồi chạy / build the web app if needed, load demo data into an empty database, then serve')
  .action(async () => {
    const webIndex = path.resolve(process.env.WEB_DIST_DIR ?? 'dist/web', 'index.html');
    if (!fs.existsSync(webIndex)) {
      console.log('Đang build giao diện web / building the web app…');
      const r = spawnSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
      if (r.status !== 0) throw new CliError('vite build failed');
    }
    const rt = await openRuntime();
    try {
      const seeded = await seedDemoPlatform(rt.database.db, rt.services, systemActor('seed'), rt.clock);
      if (seeded) console.log('Đã nạp dữ liệu mẫu / demo data loaded');
      await seedIncidentsIfEmpty(rt, { scale: rt.config.demoScale });
      await seedEventsIfEmpty(rt, { scale: rt.config.demoScale });
      await seedPlansIfEmpty(rt);
      const banner = [
        'Tài khoản mẫu / demo logins (mật khẩu / password: ' + DEMO_PASSWORD + '):',
        ...DEMO_USERS.map((u) => `  ${u.username.padEnd(14)} ${u.roles.join(', ')}`),
      ];
      await serve(rt, { banner });
    } finally {
      await rt.close();
    }
  });

program
  .command('migrate')
  .description('Áp dụng các migration còn thiếu / apply pending migrations')
  .action(async () => {
    await withRuntime(async (rt) => {
      const applied = await migrateToLatest(rt.database.db);
      console.log(applied.length ? `Đã áp dụng / applied: ${applied.join(', ')}` : 'Không có migration mới / nothing to apply');
      if (await rt.services.areas.ensureReferenceData(systemActor('reference-data')))
        console.log('Đã nạp danh mục địa bàn / reference areas loaded');
    }, { migrate: false });
  });

program
  .command('seed')
  .description('Nạp dữ liệu / load data')
  .requiredOption('--demo', 'dữ liệu mẫu / demo data')
  .option('--scale <n>', 'nhân khối lượng vụ việc / multiply incident volume (benchmarks)', parsePositive('--scale'))
  .option('--seed <s>', 'hạt giống ngẫu nhiên / random seed (deterministic)', parsePositive('--seed'))
  .option('--no-incidents', 'không nạp vụ việc, sự kiện, kế hoạch mẫu / skip demo incidents, events and plans')
  .action(async (o: { scale?: number; seed?: number; incidents: boolean }) => {
    await withRuntime(async (rt) => {
      const seeded = await seedDemoPlatform(rt.database.db, rt.services, systemActor('seed'), rt.clock);
      console.log(seeded ? 'Đã nạp dữ liệu mẫu / demo data loaded' : 'CSDL đã có dữ liệu, bỏ qua / database already has data, nothing done');
      if (o.incidents) await seedIncidentsIfEmpty(rt, { scale: o.scale, seed: o.seed });
      // --no-incidents leaves out the whole operational demo: incidents, the events that link them, the plan that reads them.
      if (o.incidents) await seedEventsIfEmpty(rt, { seed: o.seed, scale: o.scale });
      if (o.incidents) await seedPlansIfEmpty(rt);
    });
  });

const user = program.command('user').description('Quản lý người dùng / manage users');
user
  .command('create')
  .description('Tạo người dùng / create a user (password from --password-stdin, BINHAN_PASSWORD, or generated and printed)')
  .requiredOption('--username <username>', 'tên đăng nhập / username')
  .requiredOption('--full-name <name>', 'họ tên / full name')
  .requiredOption('--unit <code>', 'mã đơn vị / unit code')
  .requiredOption('--roles <roles>', `vai trò, cách nhau bởi dấu phẩy / comma-separated roles: ${ROLES.join(', ')}`, parseRoles)
  .option('--password-stdin', 'đọc mật khẩu từ stdin / read the password from stdin')
  .action(async (o: { username: string; fullName: string; unit: string; roles: TRole[]; passwordStdin?: boolean }) => {
    const { password, generated } = await readPassword(o);
    await withRuntime(async (rt) => {
      const unit = await findUnitByCode(rt.database.db, o.unit);
      if (!unit) throw new CliError(`Không có đơn vị mã / no unit with code ${o.unit}`, EXIT.USAGE);
      const created = await rt.services.users.create(systemActor('cli'), { username: o.username, fullName: o.fullName, unitId: unit.id, roles: o.roles, password });
      console.log(`Đã tạo / created ${created.username} (${created.id})`);
      if (generated) console.log(`Mật khẩu / password: ${password}`);
    });
  });
user
  .command('reset-password <username>')
  .description('Đặt lại mật khẩu / reset a password (ends the user\'s sessions, lifts a lock)')
  .option('--password-stdin', 'đọc mật khẩu từ stdin / read the password from stdin')
  .action(async (username: string, o: { passwordStdin?: boolean }) => {
    const { password, generated } = await readPassword(o);
    await withRuntime(async (rt) => {
      const actor = systemActor('cli');
      const id = await rt.services.users.findIdByUsername(actor, username);
      await rt.services.users.resetPassword(actor, id, password);
      console.log(`Đã đặt lại mật khẩu / password reset for ${username}`);
      if (generated) console.log(`Mật khẩu / password: ${password}`);
    });
  });
user
  .command('disable <username>')
  .description('Vô hiệu hóa tài khoản / disable an account (ends its sessions)')
  .action(async (username: string) => {
    await withRuntime(async (rt) => {
      const actor = systemActor('cli');
      const id = await rt.services.users.findIdByUsername(actor, username);
      await rt.services.users.update(actor, id, { active: false });
      console.log(`Đã vô hiệu hóa / disabled ${username}`);
    });
  });
user
  .command('list')
  .description('Liệt kê người dùng / list users')
  .action(async () => {
    await withRuntime(async (rt) => {
      const { items } = await rt.services.users.list(systemActor('cli'), { limit: 200, offset: 0 });
      for (const u of items)
        console.log(`${u.username.padEnd(16)} ${u.active ? 'active  ' : 'disabled'} ${u.roles.join(',').padEnd(22)} ${u.unitName}  ${u.fullName}`);
      console.log(`${items.length} người dùng / users`);
    });
  });

const audit = program.command('audit').description('Nhật ký kiểm toán / audit log');

/** The anchor file of a command: its flag, else BINHAN_AUDIT_ANCHOR_FILE. */
function anchorFileOf(given: string | undefined, config: { auditAnchorFile?: string }): string | undefined {
  return given ? path.resolve(given) : config.auditAnchorFile;
}

/** Appends a checkpoint; an anchor file or chain that does not verify is exit 3, a bad key file exit 2. */
async function anchorNow(rt: Runtime, file: string, opts: { onlyIfMoved?: boolean } = {}): Promise<AnchorResult> {
  try {
    return await appendCheckpoint(rt.database.db, file, signingKey(file, rt.config.auditAnchorKey), new Date(), opts);
  } catch (err) {
    if (err instanceof AnchorError) throw new CliError(err.message, err.kind === 'tampered' ? EXIT.VERIFY_FAILED : EXIT.USAGE);
    throw err;
  }
}

function describeCheckpoint(r: AnchorResult, file: string): string {
  const c = r.checkpoint;
  return r.written
    ? `Đã neo / anchored: #${c.seq} ${c.hash.slice(0, 16)}… (${c.entries} entries, ${c.at}) → ${file}`
    : `Chuỗi không đổi từ điểm neo trước / unchanged since the last checkpoint (#${c.seq})`;
}

audit
  .command('anchor')
  .description(
    'Ghi một điểm neo có chữ ký (seq, mã băm đầu chuỗi, thời điểm, số bản ghi) vào tệp ngoài CSDL / append a signed checkpoint (seq, head hash, time, entries) to a file kept outside the database',
  )
  .option('--file <file>', 'tệp điểm neo / anchor file (default BINHAN_AUDIT_ANCHOR_FILE)')
  .action(async (o: { file?: string }) => {
    const file = anchorFileOf(o.file, loadConfig());
    if (!file) throw new CliError('Chưa có tệp điểm neo: dùng --file hoặc BINHAN_AUDIT_ANCHOR_FILE / no anchor file: give --file or set BINHAN_AUDIT_ANCHOR_FILE', EXIT.USAGE);
    await withRuntime(async (rt) => {
      console.log(describeCheckpoint(await anchorNow(rt, file), file));
    });
  });

audit
  .command('verify')
  .description('Kiểm tra chuỗi băm và các điểm neo / recompute the hash chain, check the anchor file\'s checkpoints, name the first failure')
  .option('--anchors <file>', 'tệp điểm neo / anchor file (default BINHAN_AUDIT_ANCHOR_FILE)')
  .option('--public-key <file>', 'khóa công khai Ed25519 để kiểm tra chữ ký / Ed25519 public key that checks the signatures (hex)')
  .action(async (o: { anchors?: string; publicKey?: string }) => {
    await withRuntime(async (rt) => {
      const failures: string[] = [];
      const result = await verifyAuditChain(rt.database.db);
      if (result.ok) {
        console.log(`Chuỗi kiểm toán toàn vẹn / audit chain intact: ${result.entries} entries, head ${result.headHash.slice(0, 16)}…`);
      } else {
        failures.push(
          `Chuỗi kiểm toán bị phá vỡ tại bản ghi #${result.brokenSeq} / audit chain broken at entry #${result.brokenSeq}: ${result.reason} (${result.entries} entries verified before it)`,
        );
      }
      const file = anchorFileOf(o.anchors, rt.config);
      if (file && !fs.existsSync(file)) {
        if (o.anchors) throw new CliError(`Không có tệp / no such file: ${o.anchors}`, EXIT.USAGE);
        console.log(`Chưa có điểm neo / no checkpoints yet (${file})`);
      } else if (file) {
        let key;
        try {
          key = verifyingKey(file, { envSeed: rt.config.auditAnchorKey, publicKeyFile: o.publicKey });
        } catch (err) {
          if (err instanceof AnchorError) throw new CliError(err.message, EXIT.USAGE);
          throw err;
        }
        const check = await checkAnchors(rt.database.db, file, key);
        if (check.ok) console.log(`Điểm neo khớp / checkpoints hold: ${check.checkpoints} in ${file}${check.lastSeq !== null ? `, newest #${check.lastSeq}` : ''}`);
        else
          failures.push(
            `Điểm neo dòng ${check.line}${check.seq !== null ? ` (#${check.seq})` : ''} không khớp / checkpoint at line ${check.line}${check.seq !== null ? ` (#${check.seq})` : ''} of ${file} fails: ${check.reason}`,
          );
      }
      if (failures.length) {
        for (const f of failures.slice(0, -1)) console.error(`Lỗi / error: ${f}`);
        throw new CliError(failures[failures.length - 1]!, EXIT.VERIFY_FAILED);
      }
    });
  });

const stats = program.command('stats').description('Bảng thống kê tổng hợp / statistics aggregates');
stats
  .command('rebuild')
  .description('Tính lại toàn bộ bảng tổng hợp từ vụ việc, trong một giao dịch / recompute every aggregate from the incidents, in one transaction')
  .action(async () => {
    await withRuntime(async (rt) => {
      const started = Date.now();
      const counts = await rt.services.stats.rebuild(systemActor('cli'));
      for (const [table, n] of Object.entries(counts)) console.log(`${table}: ${n} ô / cells`);
      console.log(`Đã tính lại / rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  });
stats
  .command('check')
  .description('So sánh mọi bảng tổng hợp với phép đếm trực tiếp; mã thoát 3 khi có sai khác / compare every aggregate with a raw GROUP BY; exit 3 on any difference')
  .option('--json', 'in JSON')
  .action(async (o: { json?: boolean }) => {
    await withRuntime(async (rt) => {
      const report = await rt.services.stats.check(systemActor('cli'));
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else {
        for (const t of report.tables) {
          console.log(`${t.differences === 0 ? '✓' : '✗'} ${t.table}: ${t.rows} ô / cells, ${t.differences} sai khác / differences`);
          for (const s of t.samples) console.log(`    ${JSON.stringify(s)}`);
        }
        console.log(report.ok ? 'Khớp với dữ liệu gốc / aggregates equal the raw incidents' : 'Có sai khác: chạy `binhan stats rebuild` / differences found: run `binhan stats rebuild`');
      }
      if (!report.ok) throw new CliError('stats check found differences', EXIT.VERIFY_FAILED);
    });
  });

const areas = program.command('areas').description('Địa bàn hành chính / administrative areas');
areas
  .command('check')
  .description('Báo cáo nhất quán: mã, thời hạn, phả hệ, ranh giới / consistency report: codes, intervals, lineage, boundaries')
  .option('--json', 'in JSON')
  .action(async (o: { json?: boolean }) => {
    await withRuntime(async (rt) => {
      const report = await rt.services.areas.check(systemActor('cli'));
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(`Địa bàn / areas: ${report.counts.areas}, liên kết / links: ${report.counts.links}, ranh giới / boundaries: ${report.counts.geometries}`);
        for (const i of report.issues) console.log(`✗ ${i.kind} ${i.key}: ${i.message}`);
        for (const g of report.geometryProblems) console.log(`✗ geometry ${g.code}: ${g.problems.join('; ')}`);
        console.log(`Không quy đổi được / could not map (${report.unmapped.length}):`);
        for (const u of report.unmapped)
          console.log(`  ${u.code}@${u.validFrom} ${u.fullName}: ${u.reason === 'missing-from-next-generation' ? 'không còn trong danh sách sau / missing from the next list' : `mã dùng lại cho / code reused by ${u.nextFullName ?? '?'}`}`);
        console.log(report.ok ? 'Không có mâu thuẫn / no inconsistency' : `${report.issues.length + report.geometryProblems.length} mâu thuẫn / inconsistencies`);
      }
      if (!report.ok) throw new CliError('areas check found inconsistencies', EXIT.VERIFY_FAILED);
    });
  });
areas
  .command('import')
  .description('Nạp một thế hệ địa bàn mới / load a new generation of areas (communes list + old→new mapping + optional boundaries)')
  .requiredOption('--id <id>', 'mã thế hệ / generation id, e.g. vn-2027-01')
  .requiredOption('--label <label>', 'tên / label')
  .requiredOption('--valid-from <date>', 'ngày hiệu lực / first day (YYYY-MM-DD)', (v: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('ngày không hợp lệ / invalid date (YYYY-MM-DD)');
    return v;
  })
  .requiredOption('--units <csv>', 'danh sách xã, phường (định dạng 2025) / communes CSV (2025 format: province_code, ward_code, …)')
  .requiredOption('--mapping <csv>', 'bảng chuyển đổi cũ → mới / old→new mapping CSV (full/partial)')
  .option('--boundaries <geojson>', 'ranh giới / boundaries GeoJSON (property code)')
  .action(async (o: { id: string; label: string; validFrom: string; units: string; mapping: string; boundaries?: string }) => {
    for (const f of [o.units, o.mapping, o.boundaries].filter(Boolean) as string[])
      if (!fs.existsSync(f)) throw new CliError(`Không có tệp / no such file: ${f}`, EXIT.USAGE);
    await withRuntime(async (rt) => {
      const r = await rt.services.areas.importGeneration(systemActor('cli'), {
        id: o.id,
        label: o.label,
        validFrom: o.validFrom,
        unitsFile: path.resolve(o.units),
        mappingFile: path.resolve(o.mapping),
        ...(o.boundaries ? { boundariesFile: path.resolve(o.boundaries) } : {}),
      });
      console.log(`Đã nạp / imported ${o.id}: ${r.communes} communes, ${r.links} links, ${r.boundaries} boundaries; ${r.closed} communes ended`);
    });
  });

areas
  .command('population <file>')
  .description(
    'Nạp số liệu dân số theo xã, phường và năm từ CSV (cột area_code, valid_from, year, population, source; tất cả hoặc không) / ' +
      'import population figures per commune and year from a CSV file (columns area_code, valid_from, year, population, source; all or nothing)',
  )
  .action(async (file: string) => {
    if (!fs.existsSync(file)) throw new CliError(`Không có tệp / no such file: ${file}`, EXIT.USAGE);
    let parsed: { rows: RawPopulationRow[]; lines: number[] };
    try {
      parsed = parsePopulationCsv(fs.readFileSync(file, 'utf8'), path.basename(file));
    } catch (err) {
      throw new CliError(`Tệp CSV không đọc được / unreadable CSV: ${(err as Error).message}`, EXIT.USAGE);
    }
    if (parsed.rows.length === 0) throw new CliError('Tệp không có dòng số liệu nào / the file has no data rows', EXIT.USAGE);
    await withRuntime(async (rt) => {
      const r = await rt.services.areas.importPopulation(systemActor('cli'), parsed.rows, {
        origin: 'csv',
        file: path.basename(file),
        lines: parsed.lines,
      });
      console.log(
        `Đã nạp dân số / population imported: ${r.rows} dòng / rows (${r.inserted} mới / new, ${r.updated} cập nhật / updated), năm / years ${r.years.join(', ')}`,
      );
    });
  });

program
  .command('import <file>')
  .description('Nhập vụ việc từ CSV/XLSX theo bảng ánh xạ đã lưu / import incidents from a CSV or XLSX file through a saved mapping')
  .requiredOption('--mapping <name>', 'tên bảng ánh xạ đã lưu / saved mapping name, e.g. "SFPD 2018 (DataSF)"')
  .addOption(new Option('--mode <mode>', 'chế độ / mode').choices(['valid_rows', 'all_or_nothing']).default('valid_rows'))
  .option('--unit <code>', 'đơn vị thụ lý mặc định / default handling unit code')
  .action(async (file: string, o: { mapping: string; mode: 'valid_rows' | 'all_or_nothing'; unit?: string }) => {
    if (!fs.existsSync(file)) throw new CliError(`Không có tệp / no such file: ${file}`, EXIT.USAGE);
    await withRuntime(async (rt) => {
      const actor = systemActor('cli');
      const saved = await rt.services.imports.findMappingByName(o.mapping);
      if (!saved) throw new CliError(`Không có bảng ánh xạ / no saved mapping named "${o.mapping}"`, EXIT.USAGE);
      let unitId: string | undefined;
      if (o.unit) {
        const unit = await findUnitByCode(rt.database.db, o.unit);
        if (!unit) throw new CliError(`Không có đơn vị / no unit with code ${o.unit}`, EXIT.USAGE);
        unitId = unit.id;
      }
      const upload = await rt.services.imports.uploadLocalFile(actor, path.resolve(file));
      console.log(`${upload.fileName}: ${upload.format}, ${upload.encoding} (${Math.round(upload.confidence * 100)}%), ${upload.headers.length} cột / columns`);
      const t0 = Date.now();
      const { batchId, done } = await rt.services.imports.start(actor, { uploadId: upload.uploadId, mappingId: saved.id, mode: o.mode, defaults: unitId ? { unitId } : {} });
      const timer = setInterval(() => {
        void rt.services.imports.get(actor, batchId).then((b) => {
          if (b.status === 'running') process.stdout.write(`  ${b.phase ?? ''} ${b.processed} dòng / rows, ${b.imported} đã nhập / imported\n`);
        }, () => {});
      }, 1000);
      try {
        await done;
      } finally {
        clearInterval(timer);
      }
      const b = await rt.services.imports.get(actor, batchId);
      const seconds = (Date.now() - t0) / 1000;
      console.log(
        `Lượt nhập / batch ${b.id}: ${b.status}; ${b.totalRows} dòng / rows, ${b.imported} đã nhập / imported, ${b.skipped} đã có / already present, ${b.reported} lỗi / reported (${seconds.toFixed(1)} s)`,
      );
      for (const e of b.errors.slice(0, 20)) console.log(`  dòng / row ${e.row}, ${e.column}: ${e.vi} / ${e.en}`);
      if (b.errorCount > 20) console.log(`  … ${b.errorCount - 20} lỗi khác / more errors: GET /api/imports/${b.id}/report.csv`);
      if (b.status === 'failed') throw new CliError(`Nhập thất bại / import failed: ${b.error ?? ''}`);
      if (b.status === 'refused') throw new CliError('Tệp có dòng lỗi, không nhập gì (all_or_nothing) / rows refused, nothing imported', EXIT.USAGE);
    });
  });

program
  .command('backup <file>')
  .description('Sao lưu toàn bộ CSDL vào một tệp / back up the whole database to one file')
  .option('--verify', 'khôi phục thử vào CSDL tạm trong bộ nhớ và đối chiếu / restore into a scratch in-memory database and compare')
  .action(async (file: string, opts: { verify?: boolean }) => {
    await withRuntime(async (rt) => {
      const target = path.resolve(file);
      const summary = await writeBackup(rt.database.db, rt.database.engine, target);
      const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
      console.log(`Đã sao lưu / backed up ${total} rows in ${Object.keys(summary.counts).length} tables to ${file} (${fs.statSync(target).size} bytes)`);
      if (opts.verify) {
        const checked = await verifyBackupFile(target, summary).catch((err: unknown) => {
          if (err instanceof RestoreError) throw new CliError(`Bản sao lưu không kiểm tra được / backup does not verify: ${err.message}`, EXIT.FAILURE);
          throw err;
        });
        console.log(`Đã kiểm tra / verified: ${checked.tables} bảng / tables restored equal to the snapshot, audit head #${checked.auditSeq}`);
      }
      // With an anchor file configured, every backup also pins the audit chain outside the database.
      if (rt.config.auditAnchorFile) console.log(describeCheckpoint(await anchorNow(rt, rt.config.auditAnchorFile), rt.config.auditAnchorFile));
    });
  });

program
  .command('restore <file>')
  .description('Khôi phục vào CSDL trống / restore into an empty database (refuses a non-empty one)')
  .action(async (file: string) => {
    if (!fs.existsSync(file)) throw new CliError(`Không có tệp / no such file: ${file}`, EXIT.USAGE);
    await withRuntime(async (rt) => {
      try {
        const counts = await restoreBackup(rt.database.db, path.resolve(file));
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        console.log(`Đã khôi phục / restored ${total} rows into ${Object.keys(counts).length} tables`);
      } catch (err) {
        if (err instanceof RestoreError) throw new CliError(err.message, EXIT.USAGE);
        throw err;
      }
    }, { referenceData: false });
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
  }
  if (err instanceof CliError) {
    console.error(`Lỗi / error: ${err.message}`);
    process.exit(err.exitCode);
  }
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(EXIT.USAGE);
  }
  if (err instanceof AppError) {
    console.error(`Lỗi / error: ${explain(err)}`);
    process.exit(err.status < 500 ? EXIT.USAGE : EXIT.FAILURE);
  }
  // Never the error object itself: a driver error carries the values of the failed statement (log-redaction.ts).
  console.error(describeError(err));
  process.exit(EXIT.FAILURE);
}
