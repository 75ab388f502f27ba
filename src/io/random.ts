import { closeSync, openSync, readSync } from 'node:fs';

// Random bytes for ids and temporary names, read from the system's random device: Node's crypto
// module would do the same, but loading it costs a fifth of Node's own start-up, for a dozen bytes.

/** `count` random bytes. */
export function randomBytes(count: number): Buffer {
  const bytes = Buffer.alloc(count);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      let done = 0;
      while (done < count) done += readSync(fd, bytes, done, count - done, null);
    } finally {
      closeSync(fd);
    }
    return bytes;
  } catch {
    // No random device (not a Unix-like system): Node's own.
    return (process.getBuiltinModule('node:crypto') as typeof import('node:crypto')).randomBytes(count);
  }
}

/** A fresh event id: random, so events made anywhere, at the same instant, with the same content, stay distinct. */
export function newEventId(): string {
  return randomBytes(12).toString('base64url');
}
