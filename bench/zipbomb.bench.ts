/**
 * XLSX zip bomb against a real server (issue 19, item 4): a ~330 KB workbook whose sheet inflates to ~315 MB is
 * uploaded to `binhan serve` (embedded database in a temporary folder, demo accounts), once and then six at a
 * time; the time to the refusal and the growth of the server's RSS (sampled from /proc every 10 ms) are measured
 * against a baseline measured in the same run: the upload of an ordinary small XLSX (500 rows). A variant whose
 * central directory understates the sheet's size (256 KB declared) checks the bound on the bytes actually inflated.
 *
 *   npx tsx bench/zipbomb.bench.ts
 *
 * Targets: refusal in ≤ 2 s, RSS growth ≤ 100 MB.
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../e2e/support/server';
import { bombSheetXml, xlsxOf } from '../test/imports/zip-bomb';

const PASSWORD = 'BinhAn@2026';
const TARGET_MS = 2000;
const TARGET_RSS_MB = 100;

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

async function measure(pid: number, fn: () => Promise<number[]>) {
  const before = rssOf(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 10);
  const t0 = performance.now();
  const statuses = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, rssOf(pid));
  return { ms, growthMb: (peak - before) / 1e6, statuses };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-zipbomb-'));
  let server: RunningServer | null = null;
  try {
    const env = { ...process.env, LOG_LEVEL: 'warn', BINHAN_DATA_DIR: dataDir, BINHAN_PASSWORD: PASSWORD };
    for (const args of [['migrate'], ['seed', '--demo']]) {
      const r = spawnSync(process.execPath, [path.resolve('bin/binhan.mjs'), ...args], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`binhan ${args.join(' ')}: ${r.stderr}`);
    }
    server = await startServer({ command: ['serve'], dataDir, env: { LOG_LEVEL: 'warn' } });
    const url = server.url;
    const pid = server.process.pid!;
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'canbo', password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const uploadOne = async (name: string, body: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(body)]), name);
      const r = await fetch(`${url}/api/imports/uploads`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken },
        body: form,
      });
      const text = await r.text();
      return { status: r.status, bytes: text.length, text };
    };

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Vụ việc');
    ws.addRow(['Mã', 'Ngày', 'Mã địa bàn', 'Nội dung']);
    for (let i = 1; i <= 500; i++)
      ws.addRow([`N-${i}`, new Date(Date.UTC(2026, 1, 1 + (i % 27), 9)), '00070', `Vụ việc thường số ${i}`]);
    const normal = Buffer.from(await wb.xlsx.writeBuffer());
    const sheet = bombSheetXml();
    const bomb = xlsxOf(sheet);
    // The same data with a central directory that lies (declares 256 KB): refused while inflating.
    const liar = xlsxOf(sheet, 256 * 1024);
    console.log(
      `normal XLSX ${normal.length} bytes; bomb ${bomb.length} bytes zipped, ${(sheet.length / 1e6).toFixed(0)} MB of sheet XML`,
    );

    // Warm-up (first request compiles the route and the reader), then the baseline.
    await uploadOne('warm.xlsx', normal);
    let baseRes = { bytes: 0, status: 0 };
    const base = await measure(pid, async () => {
      const r = await uploadOne('normal.xlsx', normal);
      baseRes = r;
      return [r.status];
    });
    let bombRes = { bytes: 0, status: 0, text: '' };
    const one = await measure(pid, async () => {
      const r = await uploadOne('bomb.xlsx', bomb);
      bombRes = r;
      return [r.status];
    });
    const six = await measure(pid, async () =>
      (await Promise.all(Array.from({ length: 6 }, () => uploadOne('bomb.xlsx', bomb)))).map((r) => r.status),
    );
    let liarRes = { bytes: 0, status: 0, text: '' };
    const lying = await measure(pid, async () => {
      const r = await uploadOne('liar.xlsx', liar);
      liarRes = r;
      return [r.status];
    });
    const after = await measure(pid, async () => [(await uploadOne('normal.xlsx', normal)).status]);

    const row = (label: string, m: { ms: number; growthMb: number; statuses: number[] }) =>
      `${label.padEnd(34)} ${m.ms.toFixed(0).padStart(6)} ms  ×${(m.ms / base.ms).toFixed(2).padStart(6)}   RSS +${m.growthMb.toFixed(1).padStart(6)} MB   ${m.statuses.join(',')}`;
    console.log(row('baseline: normal XLSX (500 rows)', base) + `   response ${baseRes.bytes} bytes`);
    console.log(row('zip bomb, one upload', one) + `   response ${bombRes.bytes} bytes`);
    console.log(row('zip bomb, six in parallel', six));
    console.log(row('zip bomb declaring 256 KB (lies)', lying) + `   response ${liarRes.bytes} bytes`);
    console.log(row('normal XLSX after the bombs', after));
    console.log(`refusal: ${bombRes.text.slice(0, 300)}`);
    const ok =
      bombRes.status === 413 &&
      liarRes.status === 413 &&
      lying.ms <= TARGET_MS &&
      lying.growthMb <= TARGET_RSS_MB &&
      six.statuses.every((s) => s === 413) &&
      one.ms <= TARGET_MS &&
      six.ms <= TARGET_MS &&
      one.growthMb <= TARGET_RSS_MB &&
      six.growthMb <= TARGET_RSS_MB;
    console.log(
      `target: refused in ≤ ${TARGET_MS} ms with RSS growth ≤ ${TARGET_RSS_MB} MB → ${ok ? 'met' : 'NOT met'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
