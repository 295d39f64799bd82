import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { restoreBackup, writeBackup } from '../../src/server/platform/backup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { createTestDatabase, ENGINE } from '../support/db';

// TEST_NOW is 2026-03-10 10:00 in Hanoi.
describe(`plans, tasks and directives (${ENGINE})`, () => {
  let t: TestContext;
  let commander: Session;
  let officer: Session; // Công an phường Hoàn Kiếm
  let otherOfficer: Session; // Công an phường Ba Đình
  let viewer: Session;
  const unit: Record<string, string> = {};
  let planId: string;
  let groupId: string;
  let hkTask: string;
  let pcTask: string;

  beforeAll(async () => {
    t = await createTestContext();
    [commander, officer, otherOfficer, viewer] = await Promise.all([
      t.login('lanhdao'),
      t.login('canbo'),
      t.login('canbo.badinh'),
      t.login('xem'),
    ]);
    for (const u of await t.database.db.selectFrom('unit').select(['id', 'code']).execute()) unit[u.code] = u.id;
  });
  afterAll(async () => {
    await t?.close();
  });
  const auditCount = async (action: string, entityId?: string) => {
    const r = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = ${action} and (${entityId ?? null}::text is null or entity_id = ${entityId ?? null})`.execute(
      t.database.db,
    );
    return r.rows[0]!.n;
  };
  const fieldsOf = (res: { json(): unknown }) =>
    ((res.json() as { error: { fields?: { path: string }[] } }).error.fields ?? []).map((f) => f.path);

  it('should let a commander create a plan with a breakthrough task group and tasks', async () => {
    const plan = await t.as(commander, 'POST', '/api/plans', { year: 2026, title: 'Kế hoạch công tác năm 2026' });
    expect(plan.statusCode, plan.body).toBe(200);
    planId = plan.json().id;
    expect(plan.json()).toMatchObject({
      unitName: 'Công an thành phố Hà Nội',
      canEdit: true,
      rollup: { progress: null, total: 0 },
    });
    const group = await t.as(commander, 'POST', `/api/plans/${planId}/groups`, {
      code: '1',
      title: 'Kiềm chế tội phạm',
      breakthrough: true,
      weight: 2,
    });
    expect(group.statusCode, group.body).toBe(200);
    groupId = group.json().groups[0].id;
    expect(group.json().groups[0]).toMatchObject({ breakthrough: true, weight: 2 });

    const hk = await t.as(commander, 'POST', `/api/plans/groups/${groupId}/tasks`, {
      title: 'Tấn công trấn áp tội phạm trộm cắp trên địa bàn phường',
      leadUnitId: unit['CAP-HOANKIEM'],
      cooperatingUnitIds: [unit['CAP-BADINH']],
      startOn: '2026-01-01',
      dueOn: '2026-03-12',
      priority: 'high',
      weight: 3,
    });
    expect(hk.statusCode, hk.body).toBe(200);
    hkTask = hk.json().task.id;
    expect(hk.json().task).toMatchObject({
      status: 'not_started',
      leadUnit: { id: unit['CAP-HOANKIEM'] },
      cooperatingUnits: [{ id: unit['CAP-BADINH'] }],
      canUpdate: true,
    });
    const pc = await t.as(commander, 'POST', `/api/plans/groups/${groupId}/tasks`, {
      title: 'Triệt phá băng nhóm',
      leadUnitId: unit['PC02'],
      dueOn: '2026-02-28',
    });
    expect(pc.statusCode, pc.body).toBe(200);
    pcTask = pc.json().task.id;
    expect(pc.json().task.overdue).toBe(true);
    expect(await auditCount('plan_task.created')).toBe(2);
    expect(await auditCount('plan.created', planId)).toBe(1);
    expect(await auditCount('plan_group.created', groupId)).toBe(1);
  });

  it('should refuse bad input naming the field, and write nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '', leadUnitId: unit['PC02'] }, 'body.title'],
      [{ title: 'x', leadUnitId: unit['PC02'], startOn: '2026-05-01', dueOn: '2026-04-01' }, 'body.dueOn'],
      [{ title: 'x', leadUnitId: '00000000-0000-4000-8000-000000000000' }, 'body.leadUnitId'],
      [{ title: 'x', leadUnitId: unit['PC02'], cooperatingUnitIds: [unit['PC02']] }, 'body.cooperatingUnitIds.0'],
      [{ title: 'x', leadUnitId: unit['PC02'], priority: 'urgent' }, 'body.priority'],
      [{ title: 'x', leadUnitId: unit['PC02'], dueOn: '2026-02-30' }, 'body.dueOn'],
    ];
    for (const [body, path] of cases) {
      const res = await t.as(commander, 'POST', `/api/plans/groups/${groupId}/tasks`, body, {
        'accept-language': 'en',
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toContain(path);
      expect(res.json().error.fields[0].vi).not.toBe(res.json().error.fields[0].en);
    }
    expect(await auditCount('plan_task.created')).toBe(2);
    const bad = await t.as(commander, 'POST', '/api/plans', { year: 1990, title: 'x' });
    expect(fieldsOf(bad)).toContain('body.year');
  });

  it('should show a ward only its own tasks, and a commander the whole tree', async () => {
    const mine = await t.as(officer, 'GET', `/api/plans/${planId}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().groups[0].tasks.map((x: { id: string }) => x.id)).toEqual([hkTask]);
    expect(mine.json()).toMatchObject({ scoped: true, canEdit: false });
    const all = await t.as(commander, 'GET', `/api/plans/${planId}`);
    expect(all.json().groups[0].tasks).toHaveLength(2);
    expect(all.json().scoped).toBe(false);
    expect((await t.as(otherOfficer, 'GET', `/api/plans/tasks/${pcTask}`)).json().error.code).toBe('NOT_FOUND');
    expect(
      (
        await t.as(officer, 'POST', `/api/plans/groups/${groupId}/tasks`, {
          title: 'x',
          leadUnitId: unit['CAP-HOANKIEM'],
        })
      ).json().error.code,
    ).toBe('OUT_OF_SCOPE');
    const my = await t.as(officer, 'GET', '/api/plans/my-tasks');
    expect(my.json().items.map((x: { id: string; role: string }) => [x.id, x.role])).toEqual([[hkTask, 'lead']]);
    const coop = await t.as(otherOfficer, 'GET', '/api/plans/my-tasks');
    expect(coop.json().items.map((x: { id: string; role: string }) => [x.id, x.role])).toEqual([
      [hkTask, 'cooperating'],
    ]);
  });

  it('should let the ward report progress, start the task and roll it up', async () => {
    const res = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/progress`, {
      reportedOn: '2026-03-09',
      percent: 40,
      note: 'Đã triệt xóa 3 ổ nhóm',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().task).toMatchObject({ percent: 40, status: 'in_progress', progress: 40 });
    expect(res.json().progress[0]).toMatchObject({
      percent: 40,
      authorName: 'Lê Minh Tuấn',
      unitName: 'Công an phường Hoàn Kiếm',
    });
    expect(await auditCount('plan_task.progress', hkTask)).toBe(1);
    // An older report with a percent does not replace the latest.
    await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/progress`, { reportedOn: '2026-03-01', percent: 10 });
    const tree = (await t.as(commander, 'GET', `/api/plans/${planId}`)).json();
    // Weights 3 (40%) and 1 (0%): 30%.
    expect(tree.groups[0].rollup).toMatchObject({ progress: 30, total: 2, overdue: 1 });
    expect(tree.rollup.progress).toBe(30);
    // The cooperating unit reports too, but may not change the status.
    expect(
      (
        await t.as(otherOfficer, 'POST', `/api/plans/tasks/${hkTask}/progress`, {
          reportedOn: '2026-03-10',
          note: 'Phối hợp tuần tra',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await t.as(otherOfficer, 'POST', `/api/plans/tasks/${hkTask}/status`, { status: 'at_risk' })).json().error.code,
    ).toBe('OUT_OF_SCOPE');
    expect(
      (
        await t.as(viewer, 'POST', `/api/plans/tasks/${hkTask}/progress`, { reportedOn: '2026-03-10', percent: 50 })
      ).json().error.code,
    ).toBe('FORBIDDEN');
    const future = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/progress`, {
      reportedOn: '2026-03-11',
      percent: 50,
    });
    expect(fieldsOf(future)).toContain('body.reportedOn');
    const empty = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/progress`, { reportedOn: '2026-03-10' });
    expect(fieldsOf(empty)).toContain('body.percent');
    expect(await auditCount('plan_task.progress', hkTask)).toBe(3);
  });

  it('should keep a small attachment checked by type and size', async () => {
    const bytes = Buffer.from('%PDF-1.4\n% báo cáo\n');
    const pdf = bytes.toString('base64');
    const ok = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/progress`, {
      reportedOn: '2026-03-10',
      note: 'Kèm báo cáo',
      attachment: { name: 'bao-cao.pdf', type: 'application/pdf', base64: pdf },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const entry = ok.json().progress.find((p: { attachment: unknown }) => p.attachment);
    expect(entry.attachment).toMatchObject({ name: 'bao-cao.pdf', size: bytes.length });
    const file = await t.as(officer, 'GET', `/api/plans/progress/${entry.id}/attachment`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/pdf');
    expect(file.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    expect((await t.as(commander, 'GET', `/api/plans/progress/${entry.id}/attachment`)).statusCode).toBe(200);
    const png = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/progress`, {
      reportedOn: '2026-03-10',
      attachment: { name: 'anh.png', type: 'image/png', base64: pdf },
    });
    expect(png.statusCode).toBe(400);
    expect(fieldsOf(png)).toContain('body.attachment.type');
    const exe = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/progress`, {
      reportedOn: '2026-03-10',
      attachment: { name: 'x.exe', type: 'application/x-msdownload', base64: pdf },
    });
    expect(fieldsOf(exe)).toContain('body.attachment.type');
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0x20);
    big.write('%PDF');
    const tooBig = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/progress`, {
      reportedOn: '2026-03-10',
      attachment: { name: 'big.pdf', type: 'application/pdf', base64: big.toString('base64') },
    });
    expect(tooBig.statusCode).toBe(400);
    expect(fieldsOf(tooBig)).toContain('body.attachment.base64');
  });

  it('should delegate subtasks down the tree only, and roll the parent up from them', async () => {
    const bad = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/subtasks`, {
      title: 'Sang Ba Đình',
      leadUnitId: unit['CAP-BADINH'],
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toContain('body.leadUnitId');
    const late = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/subtasks`, {
      title: 'x',
      leadUnitId: unit['CAP-HOANKIEM'],
      dueOn: '2026-04-01',
    });
    expect(fieldsOf(late)).toContain('body.dueOn');
    expect(
      (
        await t.as(officer, 'POST', `/api/plans/tasks/${pcTask}/subtasks`, {
          title: 'x',
          leadUnitId: unit['CAP-HOANKIEM'],
        })
      ).json().error.code,
    ).toBe('NOT_FOUND');
    const sub = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/subtasks`, {
      title: 'Tổ công tác khu phố cổ',
      leadUnitId: unit['CAP-HOANKIEM'],
      dueOn: '2026-03-11',
    });
    expect(sub.statusCode, sub.body).toBe(200);
    const subId = sub.json().task.id;
    expect(await auditCount('plan_task.delegated', subId)).toBe(1);
    await t.as(officer, 'POST', `/api/plans/tasks/${subId}/status`, { status: 'done' });
    const parent = (await t.as(officer, 'GET', `/api/plans/tasks/${hkTask}`)).json();
    expect(parent.subtasks.map((s: { id: string; depth: number }) => [s.id, s.depth])).toEqual([[subId, 1]]);
    // The parent now follows its only subtask (done), not its own 40%.
    expect(parent.task.progress).toBe(100);
    const tree = (await t.as(commander, 'GET', `/api/plans/${planId}`)).json();
    expect(tree.groups[0].rollup).toMatchObject({ progress: 75, total: 3, done: 1 });
  });

  it('should allow only the defined status steps, audited', async () => {
    const cancel = await t.as(commander, 'POST', `/api/plans/tasks/${pcTask}/status`, {
      status: 'cancelled',
      note: 'Chuyển sang kế hoạch chuyên đề',
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const tree = (await t.as(commander, 'GET', `/api/plans/${planId}`)).json();
    // Cancelled tasks leave the roll-up: only Hoàn Kiếm's (100% through its subtask) remains.
    expect(tree.groups[0].rollup).toMatchObject({ progress: 100, cancelled: 1, overdue: 0 });
    const refused = await t.as(commander, 'POST', `/api/plans/tasks/${pcTask}/status`, { status: 'done' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'RULE_VIOLATION', details: { allowed: ['not_started'] } });
    expect(
      (await t.as(commander, 'POST', `/api/plans/tasks/${pcTask}/status`, { status: 'not_started' })).statusCode,
    ).toBe(200);
    expect(
      (await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/status`, { status: 'done' })).json().task,
    ).toMatchObject({ status: 'done', percent: 100 });
    const closed = await t.as(officer, 'POST', `/api/plans/tasks/${hkTask}/progress`, {
      reportedOn: '2026-03-10',
      percent: 90,
    });
    expect(closed.statusCode).toBe(422);
    expect(await auditCount('plan_task.status', pcTask)).toBe(2);
    const entry = await t.database.db
      .selectFrom('auditLog')
      .select(['diff', 'actorName'])
      .where('action', '=', 'plan_task.status')
      .where('entityId', '=', pcTask)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    expect(entry.actorName).toBe('lanhdao');
    expect(entry.diff).toMatchObject({
      before: { status: 'not_started' },
      after: { status: 'cancelled' },
      note: { note: 'Chuyển sang kế hoạch chuyên đề' },
    });
  });

  it('should edit a task with the version read, by whoever assigned it', async () => {
    const cur = (await t.as(commander, 'GET', `/api/plans/tasks/${pcTask}`)).json().task;
    const res = await t.as(commander, 'PATCH', `/api/plans/tasks/${pcTask}`, {
      dueOn: '2026-06-30',
      version: cur.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().task).toMatchObject({ dueOn: '2026-06-30', overdue: false });
    expect(
      (await t.as(commander, 'PATCH', `/api/plans/tasks/${pcTask}`, { dueOn: '2026-07-30', version: cur.version }))
        .statusCode,
    ).toBe(409);
    expect(
      (await t.as(officer, 'PATCH', `/api/plans/tasks/${hkTask}`, { title: 'Đổi tên', version: 1 })).json().error.code,
    ).toBe('OUT_OF_SCOPE');
    expect(await auditCount('plan_task.updated', pcTask)).toBe(1);
  });

  let directiveId: string;
  it('should issue a directive broken into follow-up items, visible per unit', async () => {
    expect((await t.as(officer, 'POST', '/api/directives', {})).statusCode).toBe(400);
    const body = {
      number: '15/CĐ-CATP',
      issuedOn: '2026-03-01',
      source: 'meeting',
      meeting: 'Hội nghị giao ban tháng 3',
      issuerName: 'Giám đốc Công an thành phố',
      content: 'Tập trung cao điểm tấn công trấn áp tội phạm dịp lễ hội đầu xuân',
      items: [
        { unitId: unit['CAP-HOANKIEM'], content: 'Rà soát các điểm phức tạp về trật tự theo số vụ việc, lập kế hoạch tuần tra', dueOn: '2026-03-20' },
        { unitId: unit['CAP-BADINH'], content: 'Báo cáo kết quả tuần tra', dueOn: '2026-03-05' },
      ],
    };
    expect((await t.as(officer, 'POST', '/api/directives', body)).json().error.code).toBe('FORBIDDEN');
    const bad = await t.as(commander, 'POST', '/api/directives', {
      ...body,
      items: [{ ...body.items[0], dueOn: '2026-02-01' }],
    });
    expect(fieldsOf(bad)).toContain('body.items.0.dueOn');
    const res = await t.as(commander, 'POST', '/api/directives', body);
    expect(res.statusCode, res.body).toBe(200);
    directiveId = res.json().id;
    expect(res.json()).toMatchObject({ state: 'overdue', counts: { total: 2, done: 0, overdue: 1 } });
    const hk = (await t.as(officer, 'GET', '/api/directives')).json().items;
    expect(hk).toHaveLength(1);
    expect(hk[0].items.map((i: { unit: { id: string } }) => i.unit.id)).toEqual([unit['CAP-HOANKIEM']]);
    expect(await auditCount('directive.created', directiveId)).toBe(1);
  });

  it('should close an item only with a report, by its unit', async () => {
    const items = (await t.as(commander, 'GET', `/api/directives/${directiveId}`)).json().items;
    const hkItem = items.find((i: { unit: { id: string } }) => i.unit.id === unit['CAP-HOANKIEM']).id;
    expect(
      (
        await t.as(otherOfficer, 'POST', `/api/directives/items/${hkItem}/close`, { report: 'Đã hoàn thành rà soát' })
      ).json().error.code,
    ).toBe('NOT_FOUND'); // another ward's item does not exist for it
    const short = await t.as(officer, 'POST', `/api/directives/items/${hkItem}/close`, { report: 'ok' });
    expect(fieldsOf(short)).toContain('body.report');
    const done = await t.as(officer, 'POST', `/api/directives/items/${hkItem}/close`, {
      report: 'Đã xác định 42 điểm có nhiều vụ việc, bàn giao kế hoạch tuần tra cho tổ công tác',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().items[0]).toMatchObject({ status: 'done', closedOn: '2026-03-10', late: false });
    expect(
      (await t.as(officer, 'POST', `/api/directives/items/${hkItem}/close`, { report: 'Lần hai báo cáo' })).statusCode,
    ).toBe(422);
    expect(await auditCount('directive_item.closed', hkItem)).toBe(1);
  });

  it('should notify units of assignments and directives, and escalate overdue items to the issuer', async () => {
    const bd = (await t.as(otherOfficer, 'GET', '/api/plans/notifications')).json();
    // Ba Đình: its item is overdue; the task it cooperates on is done, so no longer "assigned".
    expect(bd.items.map((n: { kind: string }) => n.kind)).toEqual(['overdue', 'directive']);
    const hk = (await t.as(officer, 'GET', '/api/plans/notifications')).json();
    expect(hk.items).toEqual([]); // its item closed, its tasks done
    const boss = (await t.as(commander, 'GET', '/api/plans/notifications')).json();
    expect(boss.items.map((n: { key: string }) => n.key.split(':')[0])).toContain('escalated');
    const before = bd.unseen;
    const seen = await t.as(otherOfficer, 'POST', '/api/plans/notifications/seen', { keys: [bd.items[0].key] });
    expect(seen.json().unseen).toBe(before - 1);
    expect(seen.json().items[0].seen).toBe(true);
  });

  it('should compare units on the scoreboard and export the plan as XLSX', async () => {
    const sb = (await t.as(commander, 'GET', `/api/plans/scoreboard?planId=${planId}`)).json();
    const hk = sb.rows.find((r: { unit: { id: string } }) => r.unit.id === unit['CAP-HOANKIEM']);
    expect(hk).toMatchObject({ tasks: 2, done: 2, completion: 100 });
    const file = await t.as(commander, 'GET', `/api/plans/${planId}/export`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(await auditCount('plan.exported', planId)).toBe(1);
  });

  it('should not leak a plan across scope and give 404 for unknown ids', async () => {
    expect((await t.as(commander, 'GET', '/api/plans/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await t.as(commander, 'GET', '/api/plans/not-a-uuid')).statusCode).toBe(400);
    expect((await t.as(null, 'GET', '/api/plans')).statusCode).toBe(401);
    const hkPlan = await t.as(officer, 'POST', '/api/plans', { year: 2026, title: 'Kế hoạch phường Hoàn Kiếm' });
    expect(hkPlan.statusCode).toBe(200);
    const list = (await t.as(otherOfficer, 'GET', '/api/plans?year=2026'))
      .json()
      .items.map((p: { id: string }) => p.id);
    expect(list).toEqual([planId]);
    // Out of scope answers exactly as a plan that does not exist (no existence oracle).
    const hidden = await t.as(otherOfficer, 'GET', `/api/plans/${hkPlan.json().id}`);
    const none = await t.as(otherOfficer, 'GET', '/api/plans/00000000-0000-4000-8000-000000000000');
    expect([hidden.statusCode, hidden.json().error.code, hidden.json().error.message]).toEqual([404, 'NOT_FOUND', none.json().error.message]);
  });

  it('should back up and restore plans with delegated subtasks, whatever order the rows come in', async () => {
    // A restore inserts rows in key order, so a subtask may come before its parent: the link is checked at commit.
    const fk = await sql<{ deferrable: boolean }>`
      select condeferrable as deferrable from pg_constraint where conrelid = 'plan_task'::regclass and contype = 'f'
        and conkey = array[(select attnum from pg_attribute where attrelid = 'plan_task'::regclass and attname = 'parent_id')]`.execute(
      t.database.db,
    );
    expect(fk.rows[0]?.deferrable).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-plans-backup-'));
    const file = path.join(dir, 'b.gz');
    const written = await writeBackup(t.database.db, t.database.engine, file);
    expect(written.counts.plan_task).toBeGreaterThanOrEqual(3);
    const target = await createTestDatabase();
    try {
      const restored = await restoreBackup(target.database.db, file);
      for (const table of [
        'plan',
        'plan_task_group',
        'plan_task',
        'plan_task_unit',
        'plan_progress',
        'directive',
        'directive_item',
        'plan_notification_seen',
      ])
        expect(restored[table], table).toBe(written.counts[table]);
      const att = await target.database.db
        .selectFrom('planProgress')
        .select('attachmentBase64')
        .where('attachmentName', '=', 'bao-cao.pdf')
        .executeTakeFirstOrThrow();
      expect(Buffer.from(att.attachmentBase64!, 'base64').subarray(0, 4).toString()).toBe('%PDF');
    } finally {
      await target.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
