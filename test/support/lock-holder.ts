/**
 * Test helper process: prints `READY`, waits for a first line on standard input (so several of them race from the same
 * moment), takes the folder lock of argv[2], prints `GOT <pid>` or `LOCKED <holder pid>`, and holds the lock until its
 * standard input closes.
 */
import { acquireFolderLock, FolderLockedError } from '../../src/server/platform/db/folder-lock';

console.log('READY');
await new Promise((resolve) => process.stdin.once('data', resolve));
try {
  const lock = await acquireFolderLock(process.argv[2]!);
  console.log(`GOT ${process.pid}`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    lock.release();
    process.exit(0);
  });
} catch (err) {
  if (!(err instanceof FolderLockedError)) throw err;
  console.log(`LOCKED ${err.holderPid}`);
  process.exit(10);
}
