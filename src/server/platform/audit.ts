import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB } from './db/schema.generated';
import type { Db } from './db/database';
import type { Actor } from './actor';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so a jsonb round trip hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface AuditFields {
  seq: number;
  at: string; // ISO instant, millisecond precision
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  diff: unknown;
  requestId: string | null;
}

export function auditHash(prevHash: string, f: AuditFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(
      canonicalJson({
        seq: f.seq,
        at: f.at,
        actorId: f.actorId,
        actorName: f.actorName,
        action: f.action,
        entityType: f.entityType,
        entityId: f.entityId,
        diff: f.diff ?? null,
        requestId: f.requestId,
      }),
    )
    .digest('hex');
}

type Plain = Record<string, unknown>;

/** Before/after of the fields that changed (all fields on create or delete). */
export function diffOf(before: Plain | null, after: Plain | null): { before?: Plain; after?: Plain } {
  const norm = (o: Plain | null) => (o ? (JSON.parse(JSON.stringify(o)) as Plain) : null);
  const b = norm(before);
  const a = norm(after);
  if (!b || !a) return { ...(b ? { before: b } : {}), ...(a ? { after: a } : {}) };
  const out: { before: Plain; after: Plain } = { before: {}, after: {} };
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (canonicalJson(b[key]) !== canonicalJson(a[key])) {
      out.before[key] = b[key] ?? null;
      out.after[key] = a[key] ?? null;
    }
  }
  return out;
}

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Plain | null;
  after?: Plain | null;
  /** Extra facts that are not a field change (reason of an override, a lock's end, …). */
  note?: Plain;
}

/**
 * Appends one entry to the hash-chained audit log inside the caller's transaction. The chain head
 * row is locked FOR UPDATE, so concurrent writers (also across app processes) append in order.
 */
export async function appendAudit(trx: Transaction<DB>, actor: Actor, input: AuditInput, at: Date): Promise<number> {
  const head = await trx
    .selectFrom('auditChainHead')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const diff = JSON.parse(
    JSON.stringify({ ...diffOf(input.before ?? null, input.after ?? null), ...(input.note ? { note: input.note } : {}) }),
  ) as unknown;
  const fields: AuditFields = {
    seq: head.seq + 1,
    at: new Date(Math.floor(at.getTime())).toISOString(),
    actorId: actor.userId,
    actorName: actor.username,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    diff,
    requestId: actor.requestId,
  };
  const hash = auditHash(head.hash, fields);
  await trx
    .insertInto('auditLog')
    .values({ ...fields, diff: JSON.stringify(diff), prevHash: head.hash, hash })
    .execute();
  await trx.updateTable('auditChainHead').set({ seq: fields.seq, hash }).where('id', '=', 1).execute();
  return fields.seq;
}

export type VerifyResult =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; brokenSeq: number; reason: string };

/** Recomputes the whole chain in seq order; names the first entry that does not verify. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      if (r.seq !== expectedSeq)
        return { ok: false, entries: checked, brokenSeq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      if (r.prevHash !== prevHash)
        return { ok: false, entries: checked, brokenSeq: r.seq, reason: 'prev_hash does not match the previous entry' };
      const recomputed = auditHash(prevHash, {
        seq: r.seq,
        at: new Date(r.at).toISOString(),
        actorId: r.actorId,
        actorName: r.actorName,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        diff: r.diff,
        requestId: r.requestId,
      });
      if (recomputed !== r.hash)
        return { ok: false, entries: checked, brokenSeq: r.seq, reason: 'content does not match its hash' };
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('auditChainHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head || head.seq !== checked || head.hash !== prevHash) {
    return {
      ok: false,
      entries: checked,
      brokenSeq: checked + 1,
      reason: `chain head (seq ${head?.seq ?? '?'}) does not match the last entry (${checked}): entries were removed or added`,
    };
  }
  return { ok: true, entries: checked, headHash: prevHash };
}

/** For tests and `audit verify`: the raw entry count. */
export async function countAudit(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db);
  return r.rows[0]?.n ?? 0;
}
