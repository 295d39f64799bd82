/**
 * `npm run bench [name…]`: runs the benchmarks in this folder (each prints its measurements and the
 * ratio to a baseline measured in the same run). Record results in bench/RESULTS.md by hand, with the
 * machine and date: they are evidence, not assertions.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv.slice(2);
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
let failed = 0;
for (const file of benches) {
  console.log(`\n━━ ${file} ━━`);
  const r = spawnSync(process.execPath, [path.resolve('bin/run-ts.mjs'), path.join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
