import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { dataRowCounts, restoreBackup, writeBackup } from '../../src/server/platform/backup';
import { createTestContext, type TestContext } from '../support/app';
import { createTestDatabase, ENGINE } from '../support/db';

describe(`backup and restore (${ENGINE})`, () => {
  let t: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-backup-'));
  const file = path.join(dir, 'backup.binhan.gz');

  beforeAll(async () => {
    t = await createTestContext();
    const admin = await t.login('admin');
    const users = (await t.as(admin, 'GET', '/api/users?limit=200')).json().items as { id: string }[];
    await t.as(admin, 'PATCH', `/api/users/${users[0]!.id}`, { fullName: 'Tên có dấu: Nguyễn Thị Ánh Tuyết' });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should restore into an empty database the same data, with a chain that verifies', async () => {
    const written = await writeBackup(t.database.db, t.database.engine, file);
    expect(written.app_user).toBe(8);
    expect(written.session).toBeUndefined(); // sessions are never backed up
    const target = await createTestDatabase();
    try {
      const restored = await restoreBackup(target.database.db, file);
      expect(await dataRowCounts(target.database.db)).toEqual(await dataRowCounts(t.database.db));
      expect(restored.audit_log).toBe(written.audit_log);
      const v = await verifyAuditChain(target.database.db);
      expect(v.ok).toBe(true);
      const a = await verifyAuditChain(t.database.db);
      if (v.ok && a.ok) expect(v.headHash).toBe(a.headHash);
      const users = await target.database.db.selectFrom('appUser').select(['username', 'fullName', 'roles', 'passwordHash']).orderBy('username').execute();
      const original = await t.database.db.selectFrom('appUser').select(['username', 'fullName', 'roles', 'passwordHash']).orderBy('username').execute();
      expect(users).toEqual(original);
    } finally {
      await target.drop();
    }
  });

  it('should refuse a non-empty database', async () => {
    await expect(restoreBackup(t.database.db, file)).rejects.toThrow(/not empty/);
  });

  it('should refuse a truncated file and leave the target empty', async () => {
    const whole = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const cut = path.join(dir, 'cut.gz');
    fs.writeFileSync(cut, zlib.gzipSync(whole.slice(0, Math.floor(whole.length * 0.8)).join('\n')));
    const target = await createTestDatabase();
    try {
      await expect(restoreBackup(target.database.db, cut)).rejects.toThrow(/truncated|mismatch/);
      const counts = await dataRowCounts(target.database.db);
      expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    } finally {
      await target.drop();
    }
  });

  it('should refuse a file that is not a backup', async () => {
    const bogus = path.join(dir, 'bogus.gz');
    fs.writeFileSync(bogus, zlib.gzipSync('{"hello":1}\n'));
    const target = await createTestDatabase();
    try {
      await expect(restoreBackup(target.database.db, bogus)).rejects.toThrow(/not a Bình An backup/);
    } finally {
      await target.drop();
    }
  });
});
