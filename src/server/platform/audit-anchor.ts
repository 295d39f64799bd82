import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { canonicalJson, GENESIS_HASH, verifyChainSegment } from './audit';
import { parseKey } from './config';
import type { Db } from './db/database';

/**
 * Checkpoints of the audit chain kept outside the database. The chain (audit.ts) proves that no entry was
 * changed *unless* someone rewrote it whole: with direct access, one can cut the tail and rewind
 * `audit_chain_head`, or rewrite history and recompute every hash after it. A checkpoint — (seq, hash of the
 * entry at seq, number of entries, time) signed with Ed25519 — appended to a file the operator keeps elsewhere
 * pins the chain as it was: `verify` then checks that the database still holds that entry with that hash and is
 * not shorter. The signature (key outside the database) stops someone who can also write the file from adding a
 * checkpoint of their rewritten chain; the public key lets a third party verify without the power to sign.
 *
 * The file is JSON lines, one checkpoint a line, only ever appended to:
 *   {"v":1,"seq":…,"hash":"…","entries":…,"at":"…","key":"<key id>","sig":"<base64url Ed25519>"}
 */

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** `key`: no usable key (bad usage, exit 2); `tampered`: the file or the chain does not verify (exit 3). */
export class AnchorError extends Error {
  constructor(
    message: string,
    readonly kind: 'key' | 'tampered' = 'key',
  ) {
    super(message);
  }
}

export interface AnchorKey {
  /** Absent when only the public key is known (a third party verifying). */
  privateKey?: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex digits of the SHA-256 of the raw public key; written in every checkpoint. */
  id: string;
  source: 'env' | 'file' | 'public-key';
}

export interface Checkpoint {
  v: 1;
  seq: number;
  hash: string;
  entries: number;
  at: string;
  key: string;
  sig: string;
}

export const keyFileOf = (anchorFile: string) => `${anchorFile}.key`;
export const publicKeyFileOf = (anchorFile: string) => `${anchorFile}.pub`;

function rawPublic(publicKey: KeyObject): Buffer {
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
}

function fromSeed(seed: Buffer, source: AnchorKey['source']): AnchorKey {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, id: keyId(publicKey), source };
}

function fromPublic(text: string, where: string): AnchorKey {
  const raw = /^[0-9a-fA-F]{64}$/.test(text.trim()) ? Buffer.from(text.trim(), 'hex') : null;
  if (!raw) throw new AnchorError(`${where}: không phải khóa công khai Ed25519 / not an Ed25519 public key (64 hex digits)`);
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
  return { publicKey, id: keyId(publicKey), source: 'public-key' };
}

function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublic(publicKey)).digest('hex').slice(0, 16);
}

function readSeed(file: string): Buffer {
  const seed = parseKey(fs.readFileSync(file, 'utf8').trim());
  if (!seed) throw new AnchorError(`${file}: không phải khóa 32 byte / not a 32-byte key (64 hex digits)`);
  return seed;
}

/**
 * The signing key: BINHAN_AUDIT_ANCHOR_KEY (the 32-byte Ed25519 seed) when set; else `<anchor file>.key`,
 * created on first use with mode 0600, with the public key beside it in `<anchor file>.pub`.
 */
export function signingKey(anchorFile: string, envSeed: Buffer | undefined): AnchorKey {
  if (envSeed) return fromSeed(envSeed, 'env');
  const file = keyFileOf(anchorFile);
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519.length);
    try {
      fs.writeFileSync(file, `${seed.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const key = fromSeed(readSeed(file), 'file');
  const pub = publicKeyFileOf(anchorFile);
  if (!fs.existsSync(pub)) fs.writeFileSync(pub, `${rawPublic(key.publicKey).toString('hex')}\n`, { mode: 0o644 });
  return key;
}

/** The key that checks signatures: a given public key file, else the signing key (env or key file), else `<anchor file>.pub`. */
export function verifyingKey(anchorFile: string, opts: { envSeed?: Buffer; publicKeyFile?: string }): AnchorKey {
  if (opts.publicKeyFile) return fromPublic(fs.readFileSync(opts.publicKeyFile, 'utf8'), opts.publicKeyFile);
  if (opts.envSeed) return fromSeed(opts.envSeed, 'env');
  if (fs.existsSync(keyFileOf(anchorFile))) return fromSeed(readSeed(keyFileOf(anchorFile)), 'file');
  if (fs.existsSync(publicKeyFileOf(anchorFile)))
    return fromPublic(fs.readFileSync(publicKeyFileOf(anchorFile), 'utf8'), publicKeyFileOf(anchorFile));
  throw new AnchorError(
    `Không có khóa để kiểm tra các điểm neo / no key to check the checkpoints: set BINHAN_AUDIT_ANCHOR_KEY, or keep ${keyFileOf(anchorFile)} or ${publicKeyFileOf(anchorFile)}, or give --public-key`,
  );
}

function signedPart(c: Omit<Checkpoint, 'sig'>): Buffer {
  return Buffer.from(canonicalJson({ v: c.v, seq: c.seq, hash: c.hash, entries: c.entries, at: c.at, key: c.key }));
}

export interface ParsedLine {
  line: number;
  checkpoint?: Checkpoint;
  /** Why the line is not a valid checkpoint under the key (bad JSON, bad signature, another key). */
  problem?: string;
}

/** Every line of the file, each checked against the key. */
export function readCheckpoints(anchorFile: string, key: AnchorKey): ParsedLine[] {
  const text = fs.readFileSync(anchorFile, 'utf8');
  const out: ParsedLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 1;
    let c: Checkpoint;
    try {
      c = JSON.parse(raw) as Checkpoint;
    } catch {
      out.push({ line, problem: 'không đọc được / not a JSON line' });
      return;
    }
    const shaped =
      c !== null &&
      typeof c === 'object' &&
      c.v === 1 &&
      Number.isInteger(c.seq) &&
      c.seq >= 0 &&
      Number.isInteger(c.entries) &&
      typeof c.hash === 'string' &&
      /^[0-9a-f]{64}$/.test(c.hash) &&
      typeof c.at === 'string' &&
      typeof c.key === 'string' &&
      typeof c.sig === 'string';
    if (!shaped) return void out.push({ line, problem: 'thiếu hoặc sai trường / missing or malformed fields' });
    if (c.key !== key.id) return void out.push({ line, checkpoint: c, problem: `ký bằng khóa khác / signed by another key (${c.key}, expected ${key.id})` });
    const ok = verify(null, signedPart(c), key.publicKey, Buffer.from(c.sig, 'base64url'));
    if (!ok) return void out.push({ line, checkpoint: c, problem: 'chữ ký không đúng / signature does not verify' });
    out.push({ line, checkpoint: c });
  });
  return out;
}

export type AnchorCheck =
  | { ok: true; checkpoints: number; lastSeq: number | null }
  | { ok: false; checkpoints: number; line: number; seq: number | null; reason: string };

/**
 * Checks every checkpoint of the file against the key and the database: its signature, that the chain is not
 * shorter than it (a tail cut and the head rewound), and that the entry at its seq still has its hash (history
 * rewritten, even with recomputed hashes). Names the first checkpoint, in file order, that fails.
 */
export async function checkAnchors(db: Db, anchorFile: string, key: AnchorKey): Promise<AnchorCheck> {
  const lines = readCheckpoints(anchorFile, key);
  const head = await db.selectFrom('auditChainHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const seqs = [...new Set(lines.flatMap((l) => (l.checkpoint && !l.problem && l.checkpoint.seq > 0 ? [l.checkpoint.seq] : [])))];
  const stored = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 1000) {
    const rows = await db.selectFrom('auditLog').select(['seq', 'hash']).where('seq', 'in', seqs.slice(i, i + 1000)).execute();
    for (const r of rows) stored.set(r.seq, r.hash);
  }
  let lastSeq: number | null = null;
  for (const l of lines) {
    if (l.problem) return { ok: false, checkpoints: lines.length, line: l.line, seq: l.checkpoint?.seq ?? null, reason: l.problem };
    const c = l.checkpoint!;
    const fail = (reason: string): AnchorCheck => ({ ok: false, checkpoints: lines.length, line: l.line, seq: c.seq, reason });
    if (head.seq < c.seq)
      return fail(
        `chuỗi ngắn hơn điểm neo: đầu chuỗi #${head.seq} < #${c.seq} (bản ghi cuối bị cắt) / the chain is shorter than the checkpoint: head #${head.seq} < #${c.seq} (entries removed at the end)`,
      );
    const at = c.seq === 0 ? GENESIS_HASH : stored.get(c.seq);
    if (at === undefined) return fail(`bản ghi #${c.seq} không còn / entry #${c.seq} is missing`);
    if (at !== c.hash)
      return fail(
        `bản ghi #${c.seq} không còn mã băm đã neo (lịch sử bị viết lại) / entry #${c.seq} no longer has the anchored hash (history rewritten)`,
      );
    lastSeq = lastSeq === null ? c.seq : Math.max(lastSeq, c.seq);
  }
  return { ok: true, checkpoints: lines.length, lastSeq };
}

export type AnchorResult =
  | { written: true; checkpoint: Checkpoint; verifiedFrom: number }
  | { written: false; reason: 'unchanged'; checkpoint: Checkpoint };

/**
 * Appends a signed checkpoint of the current head. Refuses (AnchorError) when the file's checkpoints do not hold
 * against the database, or when the entries since the newest checkpoint do not verify from it: a checkpoint only
 * ever extends a chain already checked, so a tampered chain is never signed. `onlyIfMoved`: write nothing when the
 * newest checkpoint already has the head (the server's periodic checkpoint).
 */
export async function appendCheckpoint(
  db: Db,
  anchorFile: string,
  key: AnchorKey,
  now: Date,
  opts: { onlyIfMoved?: boolean } = {},
): Promise<AnchorResult> {
  if (!key.privateKey) throw new AnchorError('cần khóa bí mật để ký / the private key is needed to sign');
  let from = { seq: 0, hash: GENESIS_HASH };
  let newest: Checkpoint | null = null;
  if (fs.existsSync(anchorFile)) {
    const check = await checkAnchors(db, anchorFile, key);
    if (!check.ok)
      throw new AnchorError(`Điểm neo dòng ${check.line} không khớp / checkpoint at line ${check.line} fails: ${check.reason}`, 'tampered');
    for (const l of readCheckpoints(anchorFile, key))
      if (l.checkpoint && (!newest || l.checkpoint.seq >= newest.seq)) newest = l.checkpoint;
    if (newest) from = { seq: newest.seq, hash: newest.hash };
  }
  const head = await db.selectFrom('auditChainHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  if (opts.onlyIfMoved && newest && newest.seq === head.seq && newest.hash === head.hash)
    return { written: false, reason: 'unchanged', checkpoint: newest };
  const segment = await verifyChainSegment(db, from, head.seq);
  if (!segment.ok)
    throw new AnchorError(`Chuỗi kiểm toán bị phá vỡ tại bản ghi #${segment.seq} / audit chain broken at entry #${segment.seq}: ${segment.reason}`, 'tampered');
  // The head read above is the entry at head.seq (the segment ends there and verified); entries counted too.
  const entry = head.seq === 0 ? null : await db.selectFrom('auditLog').select('hash').where('seq', '=', head.seq).executeTakeFirst();
  if (head.seq > 0 && entry?.hash !== head.hash)
    throw new AnchorError(`Đầu chuỗi không khớp bản ghi #${head.seq} / the chain head does not match entry #${head.seq}`, 'tampered');
  const count = await sql<{ n: number }>`select count(*)::int as n from audit_log where seq <= ${head.seq}`.execute(db);
  const body: Omit<Checkpoint, 'sig'> = {
    v: 1,
    seq: head.seq,
    hash: head.hash,
    entries: count.rows[0]?.n ?? 0,
    at: now.toISOString(),
    key: key.id,
  };
  const checkpoint: Checkpoint = { ...body, sig: sign(null, signedPart(body), key.privateKey).toString('base64url') };
  // One write of one short line with O_APPEND: lines of two writers never interleave; flushed to disk before we report.
  const fd = fs.openSync(anchorFile, 'a', 0o644);
  try {
    fs.writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { written: true, checkpoint, verifiedFrom: from.seq };
}
