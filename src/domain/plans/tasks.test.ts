import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  buildForest,
  checkTransition,
  isDueSoon,
  isOverdue,
  rollupPlan,
  rollupTasks,
  TASK_STATUSES,
  taskProgress,
  type RollupTask,
  type TaskStatus,
} from './tasks';

const task = (over: Partial<RollupTask> & { id: string }): RollupTask => ({
  status: 'in_progress',
  weight: 1,
  percent: 0,
  dueOn: null,
  children: [],
  ...over,
});

describe('plan roll-up', () => {
  it('should weight tasks by their weight', () => {
    const r = rollupTasks(
      [task({ id: 'a', percent: 100, weight: 3 }), task({ id: 'b', percent: 0, weight: 1 })],
      '2025-06-01',
    );
    expect(r.progress).toBe(75);
  });

  it('should leave cancelled tasks out of the progress but count them', () => {
    const r = rollupTasks(
      [task({ id: 'a', percent: 50 }), task({ id: 'b', status: 'cancelled', percent: 0, weight: 10 })],
      '2025-06-01',
    );
    expect(r.progress).toBe(50);
    expect(r).toMatchObject({ total: 2, cancelled: 1, done: 0 });
  });

  it('should count a done task as 100 whatever percent was last reported', () => {
    expect(taskProgress(task({ id: 'a', status: 'done', percent: 40 }))).toBe(100);
  });

  it('should take a delegated task from its subtasks, not from its own percent', () => {
    const parent = task({
      id: 'p',
      percent: 90, // reported before delegating: ignored once subtasks exist
      children: [
        task({ id: 'c1', percent: 20, weight: 1 }),
        task({ id: 'c2', status: 'done', weight: 1 }),
        task({ id: 'c3', status: 'cancelled' }),
      ],
    });
    expect(taskProgress(parent)).toBe(60);
    const r = rollupTasks([parent, task({ id: 'q', percent: 0 })], '2025-06-01');
    expect(r.progress).toBe(30);
    expect(r.total).toBe(5);
    expect(r.done).toBe(1);
  });

  it('should fall back to its own percent when every subtask is cancelled', () => {
    const parent = task({ id: 'p', percent: 35, children: [task({ id: 'c', status: 'cancelled' })] });
    expect(taskProgress(parent)).toBe(35);
  });

  it('should roll groups up to the plan by group weight, skipping empty or all-cancelled groups', () => {
    const r = rollupPlan(
      [
        { weight: 2, tasks: [task({ id: 'a', status: 'done' })] },
        { weight: 1, tasks: [task({ id: 'b', percent: 40 })] },
        { weight: 5, tasks: [] },
        { weight: 5, tasks: [task({ id: 'c', status: 'cancelled' })] },
      ],
      '2025-06-01',
    );
    expect(r.progress).toBe(80);
    expect(r.total).toBe(3);
  });

  it('should give no progress when nothing counts', () => {
    expect(rollupTasks([], '2025-01-01').progress).toBeNull();
    expect(rollupPlan([], '2025-01-01').progress).toBeNull();
  });

  it('should count overdue and at-risk tasks at every depth', () => {
    const r = rollupTasks(
      [
        task({ id: 'a', dueOn: '2025-05-31', children: [task({ id: 'b', dueOn: '2025-05-01', status: 'at_risk' })] }),
        task({ id: 'c', dueOn: '2025-05-01', status: 'done' }),
      ],
      '2025-06-01',
    );
    expect(r).toMatchObject({ overdue: 2, atRisk: 1, done: 1 });
  });

  it('should stay within 0–100 for any tree', () => {
    const leaf = fc.record({
      id: fc.uuid(),
      status: fc.constantFrom(...TASK_STATUSES),
      weight: fc.double({ min: 0.1, max: 10, noNaN: true }),
      percent: fc.integer({ min: 0, max: 100 }),
      dueOn: fc.constant(null),
      children: fc.constant([] as RollupTask[]),
    });
    const node = fc.record({
      id: fc.uuid(),
      status: fc.constantFrom(...TASK_STATUSES),
      weight: fc.double({ min: 0.1, max: 10, noNaN: true }),
      percent: fc.integer({ min: 0, max: 100 }),
      dueOn: fc.constant(null),
      children: fc.array(leaf, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 6 }), (tasks) => {
        const r = rollupTasks(tasks, '2025-01-01');
        if (r.progress !== null) {
          expect(r.progress).toBeGreaterThanOrEqual(0);
          expect(r.progress).toBeLessThanOrEqual(100);
        }
        const allCancelled = tasks.every((t) => t.status === 'cancelled');
        if (allCancelled) expect(r.progress).toBeNull();
      }),
    );
  });
});

describe('task status', () => {
  it('should allow the working steps and refuse the others with a reason', () => {
    expect(checkTransition('not_started', 'in_progress')).toBeNull();
    expect(checkTransition('in_progress', 'done')).toBeNull();
    expect(checkTransition('done', 'in_progress')).toBeNull();
    expect(checkTransition('cancelled', 'not_started')).toBeNull();
    expect(checkTransition('done', 'cancelled')?.vi).toContain('Hoàn thành');
    expect(checkTransition('cancelled', 'done')?.en).toContain('Cancelled');
    expect(checkTransition('in_progress', 'in_progress')).not.toBeNull();
    for (const s of TASK_STATUSES) expect(allowedTransitions(s as TaskStatus)).not.toContain(s);
  });

  it('should derive overdue from the due date for open tasks only', () => {
    expect(isOverdue({ status: 'in_progress', dueOn: '2025-03-09' }, '2025-03-10')).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueOn: '2025-03-10' }, '2025-03-10')).toBe(false);
    expect(isOverdue({ status: 'done', dueOn: '2025-03-01' }, '2025-03-10')).toBe(false);
    expect(isOverdue({ status: 'cancelled', dueOn: '2025-03-01' }, '2025-03-10')).toBe(false);
    expect(isOverdue({ status: 'at_risk', dueOn: null }, '2025-03-10')).toBe(false);
  });

  it('should flag tasks due within three days', () => {
    expect(isDueSoon({ status: 'in_progress', dueOn: '2025-03-13' }, '2025-03-10')).toBe(true);
    expect(isDueSoon({ status: 'in_progress', dueOn: '2025-03-14' }, '2025-03-10')).toBe(false);
    expect(isDueSoon({ status: 'in_progress', dueOn: '2025-03-09' }, '2025-03-10')).toBe(false);
    expect(isDueSoon({ status: 'done', dueOn: '2025-03-11' }, '2025-03-10')).toBe(false);
  });

  it('should build the forest of delegated subtasks', () => {
    const f = buildForest([
      { id: 'a', parentId: null },
      { id: 'b', parentId: 'a' },
      { id: 'c', parentId: 'b' },
      { id: 'd', parentId: null },
    ]);
    expect(f.map((n) => n.id)).toEqual(['a', 'd']);
    expect(f[0]!.children[0]!.children[0]!.id).toBe('c');
  });
});
