import fs from 'node:fs';

/**
 * Reads at most `limit` bytes from a file descriptor, so that a huge file or an endless
 * stream costs no more than the limit before it is refused.
 */
export function readAtMost(fd: number, limit: number): string {
  const buffer = Buffer.alloc(limit);
  let filled = 0;
  while (filled < limit) {
    let read: number;
    try {
      read = fs.readSync(fd, buffer, filled, limit - filled, null);
    } catch (error) {
      // A non-blocking stdin has no data yet: wait briefly and try again.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled).toString('utf8');
}
