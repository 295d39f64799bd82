import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class FolderLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holderPid: number,
  ) {
    super(
      `Thư mục dữ liệu đang bị khóa bởi tiến trình PID ${holderPid} (khóa ${lockFile}). ` +
        `The data folder is locked by process PID ${holderPid} (lock ${lockFile}). ` +
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

/**
 * An exclusive lock on the embedded database folder. PGlite does not stop a second process from
 * opening the same folder and two writers corrupt it, so every process that opens the folder takes
 * this lock first. The lock is a file created with O_EXCL holding the holder's PID; a lock whose
 * holder is no longer alive (same host) is stale and taken over.
 */
export function acquireFolderLock(dir: string): { lockFile: string; release(): void } {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, 'binhan.lock');
  const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockInfo;
          if (current.pid === process.pid) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { lockFile, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: LockInfo | undefined;
      try {
        holder = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockInfo;
      } catch {
        holder = undefined; // being written right now, or corrupt: retry, then treat as stale
      }
      if (holder && holder.host === os.hostname() && !isAlive(holder.pid)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (holder && holder.pid !== process.pid) throw new FolderLockedError(lockFile, holder.pid);
      if (!holder && attempt === 2) fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}
