import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/contracts/errors';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

/**
 * Requests generated from the OpenAPI document, then mutated the way an attacker or a broken client would:
 * wrong types, missing fields, NUL bytes, year 9999, very long strings, bad UUIDs and percent-encoding, huge
 * and negative numbers, arrays for objects, odd Unicode. Every answer must be below 500 and every refusal
 * in the app's error model. Deterministic: FUZZ_SEED picks the run (the seed is printed on failure);
 * FUZZ_REQUESTS the number of generated requests.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 19_2026);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 2);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: Json[];
  const?: Json;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: Json;
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema };
type Operation = { method: string; path: string; parameters: Parameter[]; body: Schema | null; bodyType: string | null };
type Who = 'admin' | 'canbo' | 'anonymous';

/** Percent-encoding that also writes a lone surrogate (as the invalid UTF-8 bytes of its CESU-8 form). */
function encode(s: string): string {
  return s.replace(/[\s\S]/gu, (ch) => {
    if (ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff) {
      const c = ch.charCodeAt(0);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
    return encodeURIComponent(ch);
  });
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\u0001\u001b[2J',
  '\ud800',
  '\udfff\ud800',
  '😀🚓👮‍♀️',
  'Công an phường Hoàn Kiếm',
  'Cong\u0301 an',
  '\u202egnp.exe',
  '\u200b\u200c\u200d\ufeff',
  '１２３４５',
  "' OR 1=1 --",
  '"; DROP TABLE incident; --',
  '%00',
  '%E0%A4%A',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  ' ',
  '',
  'null',
  'NaN',
  '-0',
  '1e400',
  '9999-12-31',
  '9999-12-31T23:59:59Z',
  '0000-00-00',
  '2026-02-30',
  '+275760-09-13T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-00000000000g',
] as const;
const HUGE_NUMBERS = [1e308, -1e308, 2 ** 64, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, 1e-320, -1, -99_999_999, 0, 2_147_483_648] as const;
const PROTECTED_OPS = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all', 'POST /api/auth/password', 'POST /api/auth/totp/enable', 'POST /api/auth/totp/disable', 'POST /api/auth/totp/setup']);

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content ?? {};
      const bodyType = Object.keys(content)[0] ?? null;
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        body: bodyType ? (content[bodyType]!.schema ?? {}) : null,
        bodyType,
      });
    }
  }
  return ops;
}

interface Pools {
  uuids: string[];
  /** Ids a mutating request may not target: the fuzzing sessions' own users and units. */
  protectedIds: Set<string>;
  areaCodes: string[];
  metrics: string[];
}

/** A string that satisfies the schema when we can tell how (formats, dates, the patterns of the contracts). */
function stringFor(s: Schema, name: string, rng: Rng, pools: Pools, mutating: boolean): string {
  if (s.enum) return String(rng.pick(s.enum));
  if (s.format === 'uuid') {
    const ids = mutating ? pools.uuids.filter((id) => !pools.protectedIds.has(id)) : pools.uuids;
    return rng.chance(0.85) && ids.length ? rng.pick(ids) : '3f2b8c1e-5a4d-4c6b-9e7f-0a1b2c3d4e5f';
  }
  if (s.format === 'date-time') return rng.pick(['2026-03-10T09:00:00+07:00', '2026-01-01T00:00:00Z', '2025-12-31T23:59:59.999Z']);
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    const candidates = [
      rng.pick(['2026-03-10', '2025-07-01', '2026-01-31']),
      ...pools.areaCodes,
      '01',
      '001',
      '00004',
      '125',
      '51a',
      'admin.test',
      'nguyen.van.a',
      'TEST-1',
      'abc',
    ];
    const ok = candidates.filter((c) => re.test(c));
    if (ok.length) return rng.pick(ok);
  }
  if (/password/i.test(name)) return rng.pick(['Abcdefgh1234', 'short', 'Mật-khẩu-Dài-2026']);
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, 40);
  const len = Math.max(min, rng.int(Math.min(min, max), max));
  const letters = 'abcdefghijklmnopqrstuvwxyz ăâđêôơư0123456789';
  let out = '';
  for (let i = 0; i < len; i++) out += letters[rng.int(0, letters.length - 1)];
  return out;
}

/** A value built from the schema; mostly valid, sometimes not (optional fields left out at random). */
function generate(s: Schema, name: string, rng: Rng, pools: Pools, mutating: boolean, depth = 0): Json {
  if (s.const !== undefined) return s.const;
  const variants = s.oneOf ?? s.anyOf;
  if (variants?.length) return generate(rng.pick(variants), name, rng, pools, mutating, depth);
  if (s.allOf?.length) {
    const merged: Record<string, Json> = {};
    for (const part of s.allOf) Object.assign(merged, generate(part, name, rng, pools, mutating, depth));
    return merged;
  }
  if (s.nullable && rng.chance(0.1)) return null;
  if (s.enum) return rng.pick(s.enum);
  switch (s.type) {
    case 'string':
      return stringFor(s, name, rng, pools, mutating);
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? s.exclusiveMinimum ?? 0;
      const hi = Math.min(s.maximum ?? lo + 100, lo + 1000);
      if (/year/i.test(name)) return rng.int(2024, 2026);
      if (/version/i.test(name)) return rng.int(1, 3);
      return s.type === 'integer' ? rng.int(Math.ceil(lo), Math.floor(hi)) : lo + rng.next() * (hi - lo);
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'array': {
      if (depth > 4) return [];
      const n = rng.int(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3));
      return Array.from({ length: n }, () => generate(s.items ?? {}, name, rng, pools, mutating, depth + 1));
    }
    case 'object': {
      const out: Record<string, Json> = {};
      if (depth > 4) return out;
      for (const [k, sub] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(k) || rng.chance(0.6)) out[k] = generate(sub, k, rng, pools, mutating, depth + 1);
      }
      if (!s.properties && typeof s.additionalProperties === 'object' && rng.chance(0.7)) {
        out[stringFor({ type: 'string' }, 'key', rng, pools, mutating).slice(0, 10) || 'k'] = generate(s.additionalProperties, 'value', rng, pools, mutating, depth + 1);
      }
      return out;
    }
    default:
      return rng.pick(['x', 1, true, null, {}, []] as Json[]);
  }
}

/** Every (container, key) holding a leaf of the value, for mutations. */
function leaves(value: Json, out: { parent: Json[] | Record<string, Json>; key: string | number }[] = []) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (v !== null && typeof v === 'object') leaves(v, out);
      else out.push({ parent: value, key: i });
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // An object or array value is itself a place to mutate, and so are its leaves.
      if (v !== null && typeof v === 'object') leaves(v, out);
      out.push({ parent: value, key: k });
    }
  }
  return out;
}
function setLeaf(l: { parent: Json[] | Record<string, Json>; key: string | number }, v: Json) {
  (l.parent as Record<string | number, Json>)[l.key] = v;
}

const MUTATIONS = [
  'none',
  'wrong-type',
  'missing-field',
  'nul',
  'year-9999',
  'long-string',
  'bad-uuid',
  'bad-encoding',
  'huge-number',
  'negative-limit',
  'array-for-object',
  'unicode',
  'extra-fields',
  'null',
  'raw-body',
  'content-type',
  'no-csrf',
  'repeated-query',
] as const;
type Mutation = (typeof MUTATIONS)[number];

interface Built {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

function build(op: Operation, mutation: Mutation, rng: Rng, pools: Pools): Built {
  const mutating = op.method !== 'GET';
  const pathValues: Record<string, string> = {};
  const query: Record<string, Json> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') {
      if (p.name === 'metric' && pools.metrics.length) pathValues[p.name] = rng.pick(pools.metrics);
      else if (p.name === 'code' && pools.areaCodes.length && rng.chance(0.7)) pathValues[p.name] = rng.pick(pools.areaCodes);
      else pathValues[p.name] = String(generate(p.schema, p.name, rng, pools, mutating));
    } else if (p.in === 'query' && (p.required || rng.chance(0.5))) query[p.name] = generate(p.schema, p.name, rng, pools, mutating);
  }
  let body: Json | undefined = op.body && op.bodyType === 'application/json' ? generate(op.body, 'body', rng, pools, mutating) : undefined;
  const headers: Record<string, string> = {};
  let rawPath: Record<string, string> | null = null;
  let rawQuery = '';
  let payload: string | undefined;

  // Mutate one place: the body when there is one (mostly), otherwise the query or the path.
  const queryLeaves = () => leaves(query as Json);
  const bodyLeaves = () => (body !== undefined ? leaves(body) : []);
  const target = () => {
    const b = bodyLeaves();
    const q = queryLeaves();
    if (b.length && (rng.chance(0.7) || !q.length)) return rng.pick(b);
    if (q.length) return rng.pick(q);
    return null;
  };
  const mutatePathOr = (value: (old: string) => string, leafValue: () => Json) => {
    const names = Object.keys(pathValues);
    if (names.length && rng.chance(0.3)) {
      const n = rng.pick(names);
      pathValues[n] = value(pathValues[n]!);
      return;
    }
    const l = target();
    if (l) setLeaf(l, leafValue());
  };

  switch (mutation) {
    case 'none':
      break;
    case 'wrong-type': {
      const l = target();
      if (l) setLeaf(l, rng.pick([1, 'x', true, [], {}, [1, 2], { a: 1 }, -1.5] as Json[]));
      else if (body !== undefined) body = rng.pick([1, 'x', true] as Json[]);
      break;
    }
    case 'missing-field': {
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const keys = Object.keys(body);
        if (keys.length) delete body[rng.pick(keys)];
      }
      const req = op.parameters.filter((p) => p.in === 'query' && p.required);
      if (req.length) delete query[rng.pick(req).name];
      break;
    }
    case 'nul':
      mutatePathOr(
        (old) => `${old}\u0000`,
        () => rng.pick(['\u0000', 'a\u0000', '\u0000\u0000x', 'x\u0007y']),
      );
      break;
    case 'year-9999': {
      const dated = [...bodyLeaves(), ...queryLeaves()].filter((l) => {
        const v = (l.parent as Record<string | number, Json>)[l.key];
        return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v);
      });
      const l = dated.length ? rng.pick(dated) : target();
      if (l) {
        const old = (l.parent as Record<string | number, Json>)[l.key];
        setLeaf(l, typeof old === 'string' && old.length > 10 ? rng.pick(['9999-12-31T23:59:59Z', '9999-01-01T00:00:00+07:00', '0001-01-01T00:00:00Z']) : rng.pick(['9999-12-31', '0001-01-01', '1899-12-31', '2101-01-01']));
      }
      for (const name of ['from', 'to', 'date', 'targetDate']) if (op.parameters.some((p) => p.in === 'query' && p.name === name) && rng.chance(0.5)) query[name] = '9999-12-31';
      break;
    }
    case 'long-string':
      mutatePathOr(
        (old) => old + 'x'.repeat(rng.pick([200, 2000])),
        () => 'Ư'.repeat(rng.pick([1000, 20_000, 200_000])),
      );
      for (const name of ['q', 'cursor', 'category', 'entityId']) if (op.parameters.some((p) => p.in === 'query' && p.name === name)) query[name] = 'q'.repeat(rng.pick([101, 5000]));
      break;
    case 'bad-uuid':
      mutatePathOr(
        () => rng.pick(['not-a-uuid', '1', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g', '{}']),
        () => rng.pick(['not-a-uuid', '', '123e4567-e89b-12d3-a456-42661417400', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ']),
      );
      break;
    case 'bad-encoding': {
      const bad = rng.pick(['%E0%A4%A', '%', '%%', '%GG', '%C0%80', '%FF%FE', '%u0000', '%ED%A0%80']);
      const names = Object.keys(pathValues);
      if (names.length && rng.chance(0.6)) {
        rawPath = { ...Object.fromEntries(names.map((n) => [n, encode(pathValues[n]!)])), [rng.pick(names)]: bad };
      } else rawQuery = `${rng.pick(['q', 'limit', 'from', 'x', 'unitId'])}=${bad}`;
      break;
    }
    case 'huge-number': {
      const nums = [...bodyLeaves(), ...queryLeaves()].filter((l) => typeof (l.parent as Record<string | number, Json>)[l.key] === 'number');
      const l = nums.length ? rng.pick(nums) : target();
      if (l) setLeaf(l, rng.pick(HUGE_NUMBERS));
      if (rng.chance(0.5)) {
        const qn = op.parameters.filter((p) => p.in === 'query' && (p.schema.type === 'integer' || p.schema.type === 'number'));
        if (qn.length) query[rng.pick(qn).name] = rng.pick(['1e400', '99999999999999999999', '-1e308', '0x10', 'Infinity', '1.5']);
      }
      break;
    }
    case 'negative-limit':
      for (const name of ['limit', 'offset', 'beforeSeq', 'dueWithinDays', 'level', 'year', 'size', 'radius'])
        if (op.parameters.some((p) => p.in === 'query' && p.name === name)) query[name] = rng.pick([-1, -99_999_999, 0]);
      {
        const nums = bodyLeaves().filter((l) => typeof (l.parent as Record<string | number, Json>)[l.key] === 'number');
        if (nums.length) setLeaf(rng.pick(nums), rng.pick([-1, -1e9]));
      }
      break;
    case 'array-for-object':
      if (body !== undefined && rng.chance(0.5)) body = rng.pick([[], [body], [[]]] as Json[]);
      else {
        const objects = bodyLeaves().filter((l) => {
          const v = (l.parent as Record<string | number, Json>)[l.key];
          return v !== null && typeof v === 'object';
        });
        const l = objects.length ? rng.pick(objects) : target();
        if (l) setLeaf(l, rng.pick([[], [{}], ['a', 1]] as Json[]));
      }
      break;
    case 'unicode':
      mutatePathOr(
        (old) => old + rng.pick(['é', '😀', '\u202e', '\ud800']),
        () => rng.pick(HOSTILE_STRINGS),
      );
      break;
    case 'extra-fields':
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        body[rng.pick(['unexpected', 'id', 'createdBy', 'isAdmin', 'roles', 'version'])] = rng.pick(['x', 1, ['admin'], { a: 1 }] as Json[]);
        if (rng.chance(0.3)) payload = JSON.stringify(body).replace(/^\{/, '{"__proto__":{"polluted":true},');
        if (rng.chance(0.2)) payload = JSON.stringify(body).replace(/^\{/, '{"constructor":{"prototype":{"polluted":true}},');
      }
      query[rng.pick(['unexpected', 'admin', '__proto__', 'constructor'])] = rng.pick(['1', 'true', HOSTILE_STRINGS[0]]);
      break;
    case 'null': {
      const l = target();
      if (l) setLeaf(l, null);
      else if (body !== undefined) body = null;
      break;
    }
    case 'raw-body':
      if (mutating) payload = rng.pick(['{"a":', '', 'null', '1', '"x"', '[', '{"a":1}{"b":2}', '\u0000', '{"title":"\\u0000"}', '{"a":"\\ud800"}', '\uFEFF{}', '{"a":1e999}']);
      headers['content-type'] = 'application/json';
      break;
    case 'content-type':
      if (mutating) {
        headers['content-type'] = rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml', 'application/json, text/plain']);
        payload = body !== undefined ? JSON.stringify(body) : 'a=b';
      }
      break;
    case 'no-csrf':
      headers['x-csrf-token'] = rng.pick(['', 'x'.repeat(32), '\u00e9']);
      break;
    case 'repeated-query':
      for (const p of op.parameters.filter((x) => x.in === 'query')) if (rng.chance(0.5)) query[p.name] = [generate(p.schema, p.name, rng, pools, mutating), generate(p.schema, p.name, rng, pools, mutating)];
      break;
  }

  const pathPart = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (rawPath ? rawPath[name]! : encode(pathValues[name] ?? '')));
  const q = Object.entries(query).flatMap(([k, v]) => {
    const one = (x: Json) => `${encode(k)}=${encode(typeof x === 'string' ? x : JSON.stringify(x))}`;
    return Array.isArray(v) ? v.map(one) : [one(v)];
  });
  if (rawQuery) q.push(rawQuery);
  const url = `${pathPart}${q.length ? `?${q.join('&')}` : ''}`;
  if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  // Fastify refuses a body on GET/DELETE without one declared; the generated ones have none.
  if ((op.method === 'GET' || op.method === 'DELETE') && mutation !== 'content-type') payload = undefined;
  return { method: op.method, url, headers, payload };
}

/** The problem with an answer, or null when it is below 500 and (if an error) in the app's error model. */
function problemOf(status: number, headers: Record<string, unknown>, body: string): string | null {
  if (status >= 500 || status === 0) return `status ${status}`;
  if (status < 400) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `status ${status}, body not JSON`;
  }
  const error = (parsed as { error?: Record<string, unknown> }).error;
  if (!error || typeof error !== 'object') return `status ${status}, no error object`;
  const code = error.code as keyof typeof ERROR_CODES;
  if (typeof code !== 'string' || !(code in ERROR_CODES)) return `status ${status}, unknown code ${String(code)}`;
  if (ERROR_CODES[code].status !== status) return `status ${status} for code ${code}`;
  for (const k of ['message', 'vi', 'en', 'requestId'] as const) if (typeof error[k] !== 'string' || !(error[k] as string).length) return `status ${status}, no ${k}`;
  if (headers['x-request-id'] !== error.requestId) return `status ${status}, request id ${String(error.requestId)} ≠ header ${String(headers['x-request-id'])}`;
  if (!String(headers['x-content-type-options'] ?? '').includes('nosniff')) return `status ${status}, no security headers`;
  return null;
}

describe(`fuzzing the API from its OpenAPI document (${ENGINE})`, () => {
  let t: TestContext;
  const sessions = {} as Record<Exclude<Who, 'anonymous'>, Session>;
  let ops: Operation[] = [];
  const pools: Pools = { uuids: [], protectedIds: new Set(), areaCodes: [], metrics: [] };

  beforeAll(async () => {
    t = await createTestContext();
    sessions.admin = await t.login('admin');
    sessions.canbo = await t.login('canbo');
    const doc = (await t.as(null, 'GET', '/api/openapi.json')).json();
    ops = operationsOf(doc);
    const me = async (s: Session) => (await t.as(s, 'GET', '/api/auth/me')).json() as { user: { id: string; unitId: string } };
    for (const s of [sessions.admin, sessions.canbo]) {
      const { user } = await me(s);
      pools.protectedIds.add(user.id);
      pools.protectedIds.add(user.unitId);
    }
    const idsOf = async (url: string) => {
      const res = await t.as(sessions.admin, 'GET', url);
      const items = (res.statusCode === 200 ? (res.json() as { items?: { id?: string }[] }).items : []) ?? [];
      return items.map((i) => i.id).filter((id): id is string => typeof id === 'string');
    };
    for (const url of ['/api/units', '/api/users?limit=200', '/api/incidents', '/api/events', '/api/plans', '/api/imports/mappings', '/api/directives', '/api/plans/targets'])
      pools.uuids.push(...(await idsOf(url)));
    const metricParam = ops.find((o) => o.path === '/api/stats/targets/{metric}')?.parameters.find((p) => p.name === 'metric');
    pools.metrics = (metricParam?.schema.enum as string[] | undefined) ?? [];
    pools.areaCodes = ['00004', '00001', '001', '01'];
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`should answer ≥ ${REQUESTS} generated and mutated requests without a 5xx, every refusal in the error model (seed ${SEED})`, async () => {
    const rng = prng(SEED);
    const problems: string[] = [];
    const started = Date.now();
    const perOp = Math.ceil(REQUESTS / ops.length);
    let sent = 0;
    const statuses = new Map<number, number>();
    const timeByOp = new Map<string, number>();

    // All requests are drawn first, in order, from the seed; then sent by a few workers (the database runs
    // one query at a time, but parsing, validation and serialisation overlap with it).
    const plan: { op: Operation; who: Who; mutation: Mutation; req: Built }[] = [];
    for (let round = 0; round < perOp; round++) {
      for (const op of ops) {
        const who: Who = rng.chance(0.75) ? 'admin' : rng.chance(0.6) ? 'canbo' : 'anonymous';
        const mutation = round === 0 ? 'none' : rng.pick(MUTATIONS);
        // Keep the sessions alive: no logout, password or second-factor change of a fuzzing account.
        plan.push({ op, who: PROTECTED_OPS.has(`${op.method} ${op.path}`) ? 'anonymous' : who, mutation, req: build(op, mutation, rng, pools) });
      }
    }
    const relogin: Partial<Record<Who, Promise<Session>>> = {};
    let next = 0;
    const worker = async () => {
      while (next < plan.length) {
        const { op, who, mutation, req } = plan[next++]!;
        const s = who === 'anonymous' ? null : await (relogin[who] ?? sessions[who]);
        const headers = { ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}), ...req.headers };
        const t0 = performance.now();
        const res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
        const key = `${op.method} ${op.path}`;
        timeByOp.set(key, (timeByOp.get(key) ?? 0) + performance.now() - t0);
        sent++;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const problem = problemOf(res.statusCode, res.headers, res.body);
        if (problem && problems.length < 50)
          problems.push(`${problem}: ${who} ${mutation} ${req.method} ${req.url.slice(0, 200)} ${String(req.payload ?? '').slice(0, res.statusCode >= 500 ? 4000 : 200)} → ${res.body.slice(0, 300)}`);
        // A session ended by a request (e.g. its account was changed): sign in again, once.
        if (s && who !== 'anonymous' && res.statusCode === 401 && !relogin[who]) {
          const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
          if (me.statusCode === 401 && !relogin[who]) {
            relogin[who] = t.login(who).then((fresh) => (sessions[who] = fresh));
            await relogin[who];
            delete relogin[who];
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `fuzz (${ENGINE}, seed ${SEED}): ${sent} requests over ${ops.length} operations in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    if (process.env.FUZZ_PROFILE)
      console.log([...timeByOp].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, ms]) => `${k}: ${(ms / 1000).toFixed(1)} s`).join('\n'));
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
    expect(problems, `seed ${SEED} (FUZZ_SEED=${SEED} to replay):\n${problems.join('\n')}`).toEqual([]);
  }, 600_000);

  it(`should answer malformed bytes, oversized headers and bodies over a real socket in the error model (seed ${SEED})`, async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as net.AddressInfo).port;
    const rng = prng(SEED ^ 0x5eed);
    /** Writes the bytes, reads until the server closes; a connection dropped without an answer is status 0. */
    const send = (bytes: Buffer) =>
      new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        const received: Buffer[] = [];
        let failure = '';
        socket.on('data', (d) => received.push(d));
        socket.on('error', (e) => (failure = e.message));
        socket.on('close', () => {
          const text = Buffer.concat(received).toString('utf8');
          if (!text) {
            resolve({ status: 0, headers: {}, body: `no answer (${failure || 'closed'})` });
            return;
          }
          const split = text.indexOf('\r\n\r\n');
          const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
          const headers: Record<string, string> = {};
          for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
          let body = text.slice(split + 4);
          if (headers['transfer-encoding'] === 'chunked') body = body.replace(/^[0-9a-f]+\r\n/, '').replace(/\r\n0\r\n\r\n$/, '');
          resolve({ status: Number(statusLine?.split(' ')[1]), headers, body });
        });
        socket.end(bytes);
      });
    const admin = sessions.admin;
    const paths = ['/api/units/{id}', '/api/incidents/{id}', '/api/areas/{code}', '/api/events/{id}/actions/{actionId}', '/api/plans/tasks/{id}'];
    const problems: string[] = [];
    const cases = 150;
    for (let i = 0; i < cases; i++) {
      const kind = rng.pick(['bad-encoding', 'long-segment', 'huge-header', 'huge-url', 'control-in-header', 'huge-body', 'chunked-huge-body', 'broken-request-line'] as const);
      const path = rng.pick(paths).replace(/\{[^}]+\}/g, () => (kind === 'bad-encoding' ? rng.pick(['%E0%A4%A', '%', '%GG', '%C0%80']) : kind === 'long-segment' ? 'a'.repeat(rng.int(101, 4000)) : 'x'));
      const auth = rng.chance(0.5) ? `Cookie: ${admin.cookie}\r\nX-CSRF-Token: ${admin.csrf}\r\n` : '';
      let head = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}`;
      let body = Buffer.alloc(0);
      if (kind === 'huge-header') head += `X-Big: ${'b'.repeat(rng.int(17_000, 80_000))}\r\n`;
      if (kind === 'huge-url') head = head.replace(' HTTP/1.1', `?q=${'q'.repeat(rng.int(17_000, 80_000))} HTTP/1.1`);
      if (kind === 'control-in-header') head += `X-Evil: a${rng.pick(['\u0000', '\u0001', '\u007f'])}b\r\n`;
      if (kind === 'broken-request-line') head = rng.pick(['GET\r\n', 'GET /api/units HTTP/9.9\r\n', 'G\u0000T /api/units HTTP/1.1\r\n', 'GET /api/units HTTP/1.1 extra\r\n']) + 'Host: x\r\n';
      if (kind === 'huge-body' || kind === 'chunked-huge-body') {
        const size = (rng.chance(0.15) ? 9 : 2) * 1024 * 1024;
        head = head.replace(/^GET /, 'POST ').replace(/\/api\/[^ ]*/, rng.pick(['/api/incidents', '/api/auth/login', '/api/users']));
        head += 'Content-Type: application/json\r\n';
        const json = Buffer.from(JSON.stringify({ title: 'x'.repeat(size) }));
        if (kind === 'huge-body') {
          head += `Content-Length: ${json.length}\r\n`;
          body = json;
        } else {
          head += 'Transfer-Encoding: chunked\r\n';
          body = Buffer.concat([Buffer.from(`${json.length.toString(16)}\r\n`), json, Buffer.from('\r\n0\r\n\r\n')]);
        }
      }
      const res = await send(Buffer.concat([Buffer.from(`${head}Connection: close\r\n\r\n`, 'latin1'), body]));
      const problem = problemOf(res.status, res.headers, res.body);
      if (problem && problems.length < 30) problems.push(`${problem}: ${kind} ${head.slice(0, 120).replace(/\r\n/g, ' | ')} → ${res.body.slice(0, 200)}`);
      if (!problem && res.status < 400 && kind !== 'control-in-header') problems.push(`${kind} was accepted with ${res.status}`);
    }
    expect(problems, `seed ${SEED}:\n${problems.join('\n')}`).toEqual([]);
  }, 300_000);
});
