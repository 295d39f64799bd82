import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string | null;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns the real `binhan` command (default `start`: embedded database in a fresh temp folder, demo
 * data) and resolves once it prints its URL.
 */
export async function startServer(
  opts: { command?: string[]; env?: Record<string, string>; dataDir?: string; /** The program to run instead of bin/binhan.mjs (a test's bundle of the CLI). */ entry?: string } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = opts.env?.DATABASE_URL ? null : (opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-e2e-')));
  const child = spawn(process.execPath, [opts.entry ?? path.resolve('bin/binhan.mjs'), ...(opts.command ?? ['start'])], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...(dataDir ? { BINHAN_DATA_DIR: dataDir } : {}),
      // A small demo registry keeps each server start to seconds; journeys that need volume set their own.
      BINHAN_DEMO_SCALE: '0.05',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    // First start loads the demo (incidents, events, plan) into a fresh folder: generous on a loaded 2-core machine.
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${out}`)), 180_000);
    const check = () => {
      const m = /is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    process: child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (dataDir && !opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
