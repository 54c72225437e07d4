import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** Opening without blocking: a FIFO or device named like a manifest must never stall the server. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The text of a regular file of at most `maxBytes`, or undefined (gone, unreadable, not a regular file, too large).
 * Synchronous on purpose: a workspace's manifests are small local files, and a read through the thread pool costs
 * four round trips (open, stat, read, close) that dominate a re-scan of thousands of unchanged files. The indexer
 * reads a bounded number of files at a time between analyses, so the server stays responsive.
 */
export function readSmallFile(path: string, maxBytes: number): string | undefined {
  return readSmallFileBytes(path, maxBytes)?.toString('utf8');
}

/** {@link readSmallFile} without decoding: the file's bytes. */
export function readSmallFileBytes(path: string, maxBytes: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, OPEN_FLAGS);
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === stat.size ? buffer : buffer.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already gone
      }
    }
  }
}

/** What tells a file's content apart without reading it; `changedAt`: the later of its modification and change times. */
export interface FileSignature {
  signature: string;
  changedAt: number;
}

/**
 * A regular file's size, modification and change times and inode, in one `stat`: any write, rename over it or
 * `touch` moves the change time, which no program can set back. Undefined when the file is gone or not a regular file.
 */
export function fileSignature(path: string): FileSignature | undefined {
  try {
    const s = statSync(path, { throwIfNoEntry: false });
    if (!s?.isFile()) return undefined;
    return { signature: `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}:${s.dev}`, changedAt: Math.max(s.mtimeMs, s.ctimeMs) };
  } catch {
    return undefined;
  }
}
