import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export class FolderLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holderPid: number,
  ) {
    super(
      `Thư mục dữ liệu đang bị khóa bởi ${holderPid ? `tiến trình PID ${holderPid}` : 'một tiến trình khác'} (khóa ${lockFile}). ` +
        `The data folder is locked by ${holderPid ? `process PID ${holderPid}` : 'another process'} (lock ${lockFile}). ` +
        'Stop that process first, or use PostgreSQL (DATABASE_URL) to run several processes.',
    );
  }
}

type LockInfo = { pid: number; host: string; startedAt: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockFile: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/**
 * The PID the lock file names, once it names a running process. The holder writes the file just after taking the
 * kernel lock, so a process refused in that instant may still read the PID of a holder that died before it: it
 * waits (up to 2 s) for the file to name a live process, else answers 0 (unknown) rather than a dead PID.
 */
async function liveHolderPid(lockFile: string): Promise<number> {
  const until = Date.now() + 2_000;
  for (;;) {
    const pid = readHolder(lockFile)?.pid;
    if (pid && pid !== process.pid && isAlive(pid)) return pid;
    if (Date.now() >= until) return 0;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The name of the kernel-held lock of a folder: an abstract Unix socket on Linux, a named pipe on Windows. Only one
 * process can listen on a name, and the kernel frees it when that process ends, however it ends (kill -9 included):
 * taking it is atomic and there is no stale state to take over. Other systems (macOS) have neither.
 */
function kernelLockName(dir: string): string | null {
  const key = createHash('sha256').update(fs.realpathSync(dir)).digest('hex').slice(0, 40);
  if (process.platform === 'linux') return `\0binhan-db-${key}`;
  if (process.platform === 'win32') return `\\\\?\\pipe\\binhan-db-${key}`;
  return null;
}

function listenExclusive(name: string): Promise<net.Server | null> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(null) : reject(err)));
    server.listen({ path: name, exclusive: true }, () => {
      server.unref(); // the lock never keeps the process alive
      resolve(server);
    });
  });
}

/**
 * The PID file alone (systems without a kernel lock): created with O_EXCL; a lock whose holder is dead (same host) is
 * stale and taken over under a second O_EXCL file, re-checking that the stale lock is still the one read, so two
 * processes that both find it stale cannot both take it.
 */
function acquirePidFile(lockFile: string, info: LockInfo): void {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(lockFile);
    if (holder && (holder.host !== os.hostname() || isAlive(holder.pid))) throw new FolderLockedError(lockFile, holder.pid);
    const takeover = `${lockFile}.takeover`;
    try {
      fs.writeFileSync(takeover, JSON.stringify(info), { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = readHolder(takeover);
      if (other && !isAlive(other.pid)) fs.rmSync(takeover, { force: true });
      continue;
    }
    try {
      const again = readHolder(lockFile);
      if (JSON.stringify(again) === JSON.stringify(holder)) fs.rmSync(lockFile, { force: true });
    } finally {
      fs.rmSync(takeover, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}

/**
 * An exclusive lock on the embedded database folder. PGlite does not stop a second process from opening the same
 * folder, and two processes writing one folder corrupt it beyond recovery, so every process that opens the folder
 * takes this lock first and keeps it until it closes the database.
 *
 * On Linux and Windows the lock is held by the kernel (`kernelLockName`); `binhan.lock` then only names the holder's
 * PID for the message a second process prints. Elsewhere `binhan.lock` is the lock itself (`acquirePidFile`).
 * (The earlier PID-file-only lock let two processes that both found a stale lock after a kill -9 both take it.)
 */
export async function acquireFolderLock(dir: string): Promise<{ lockFile: string; release(): void }> {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, 'binhan.lock');
  const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const name = kernelLockName(dir);
  let server: net.Server | null = null;
  if (name) {
    server = await listenExclusive(name);
    if (!server) throw new FolderLockedError(lockFile, await liveHolderPid(lockFile));
    // Ours now, whatever a dead holder left: the file only tells the next process who holds the folder.
    fs.writeFileSync(lockFile, JSON.stringify(info));
  } else {
    acquirePidFile(lockFile, info);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (readHolder(lockFile)?.pid === process.pid) fs.rmSync(lockFile, { force: true });
    server?.close();
  };
  process.once('exit', release);
  return { lockFile, release };
}
