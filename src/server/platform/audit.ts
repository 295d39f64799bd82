import { createHash } from 'node:crypto';
import { sql, type QueryCreator, type Transaction } from 'kysely';
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

/** The chain head as a writer holds it: the last entry's seq and hash. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * Locks the chain head row FOR UPDATE inside the caller's transaction, so concurrent writers (also across app
 * processes) append in order. The lock is held to the transaction's end: every write transaction serialises on it
 * from here to its commit, so take it as late as possible and write the entry with few round trips after it.
 */
export async function lockAuditHead(trx: Transaction<DB>): Promise<AuditHead> {
  return trx.selectFrom('auditChainHead').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
}

/** The next entry after `head`: its row for `audit_log` (hashed) and the new head. Pure. */
export function auditEntry(head: AuditHead, actor: Actor, input: AuditInput, at: Date) {
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
  return { row: { ...fields, diff: JSON.stringify(diff), prevHash: head.hash, hash }, head: { seq: fields.seq, hash } };
}

/**
 * Writes an entry made by `auditEntry` and moves the head, in one statement (a data-modifying CTE). `also`
 * prepends more data-modifying CTEs to that statement (the write's own rows), so a write can do everything it
 * does under the head lock in one round trip.
 */
export async function writeAuditEntry(
  trx: Transaction<DB>,
  entry: ReturnType<typeof auditEntry>,
  also: (q: QueryCreator<DB>) => QueryCreator<DB> = (q) => q,
): Promise<void> {
  await also(trx)
    .with('audit_appended', (db) => db.insertInto('auditLog').values(entry.row))
    .updateTable('auditChainHead')
    .set(entry.head)
    .where('id', '=', 1)
    .execute();
}

/**
 * Appends one entry to the hash-chained audit log inside the caller's transaction: the head is locked (see
 * `lockAuditHead`), then the entry and the new head are written in one statement. Returns the entry's seq.
 */
export async function appendAudit(trx: Transaction<DB>, actor: Actor, input: AuditInput, at: Date): Promise<number> {
  const entry = auditEntry(await lockAuditHead(trx), actor, input, at);
  await writeAuditEntry(trx, entry);
  return entry.head.seq;
}

export type VerifyResult =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; brokenSeq: number; reason: string };

export type SegmentResult = { ok: true; lastSeq: number; lastHash: string } | { ok: false; seq: number; reason: string; checked: number };

/**
 * Recomputes the entries after a trusted (seq, hash) in seq order, up to `to` (or to the last entry when `to` is
 * null): each must follow the previous one without a gap, name its hash as prev_hash and hash to its own hash.
 * Shared by `verifyAuditChain` (from the genesis) and the anchor checks (from a signed checkpoint).
 */
export async function verifyChainSegment(db: Db, from: { seq: number; hash: string }, to: number | null, pageSize = 2000): Promise<SegmentResult> {
  let prevHash = from.hash;
  let expectedSeq = from.seq + 1;
  let checked = 0;
  for (;;) {
    if (to !== null && expectedSeq > to) break;
    let q = db.selectFrom('auditLog').selectAll().where('seq', '>=', expectedSeq);
    if (to !== null) q = q.where('seq', '<=', to);
    const rows = await q.orderBy('seq').limit(pageSize).execute();
    if (to !== null && rows.length === 0) return { ok: false, seq: expectedSeq, reason: `entry ${expectedSeq} is missing`, checked };
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { ok: false, seq: expectedSeq, reason: `entry ${expectedSeq} is missing`, checked };
      if (r.prevHash !== prevHash) return { ok: false, seq: r.seq, reason: 'prev_hash does not match the previous entry', checked };
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
      if (recomputed !== r.hash) return { ok: false, seq: r.seq, reason: 'content does not match its hash', checked };
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (to === null && rows.length < pageSize) break;
  }
  return { ok: true, lastSeq: expectedSeq - 1, lastHash: prevHash };
}

/** Recomputes the whole chain in seq order; names the first entry that does not verify. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<VerifyResult> {
  const segment = await verifyChainSegment(db, { seq: 0, hash: GENESIS_HASH }, null, pageSize);
  if (!segment.ok) return { ok: false, entries: segment.checked, brokenSeq: segment.seq, reason: segment.reason };
  const checked = segment.lastSeq;
  const prevHash = segment.lastHash;
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
