import fs from 'node:fs';
import { MAX_FILE_BYTES, skippedFinding, type Finding } from '../rules/index.js';
import { describeError } from './find-files.js';

/** A file read for linting: its text, or the reason it is not analysed. */
export type Source =
  | { kind: 'text'; text: string; bom: boolean }
  | { kind: 'skipped'; finding: Finding }
  | { kind: 'unreadable'; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Read a file without ever throwing. Files above 5 MB, binary files (a NUL byte) and text that is not valid UTF-8
 * become a `skipped-file` info finding; a file that cannot be read (permissions, a link loop, gone meanwhile) is
 * `unreadable`. A UTF-8 byte-order mark is removed from the text (editors hide it too, so columns match) and
 * remembered, so `--fix` writes it back.
 */
export function readSource(file: string): Source {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) {
      return { kind: 'skipped', finding: skippedFinding(`File skipped: larger than ${MAX_FILE_BYTES / 1048576} MB.`) };
    }
    const bytes = readAll(fd, size);
    if (bytes.includes(0)) return { kind: 'skipped', finding: skippedFinding('File skipped: it looks binary (contains NUL bytes).') };
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    let text: string;
    try {
      // TextDecoder drops the BOM by default
      text = decoder.decode(bytes);
    } catch {
      return { kind: 'skipped', finding: skippedFinding('File skipped: it is not valid UTF-8 text.') };
    }
    return { kind: 'text', text, bom };
  } catch (e) {
    return { kind: 'unreadable', reason: describeError(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Read the file: the `size` bytes its status announced, in one read as a rule (a file that grows meanwhile is read as it
 * was, as `fs.readFileSync` does; one that shrinks ends early). A size of 0 may also be a file that cannot tell its size
 * (a pipe, a /proc file): that one is read to its end. Reading on until the end of every file cost a second read per
 * file, and for a file of 1 KB or more a buffer twice its size and a copy.
 */
function readAll(fd: number, size: number): Buffer {
  let buffer = Buffer.allocUnsafe(size > 0 ? size : 1024);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (size > 0 || length > MAX_FILE_BYTES) break;
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return buffer.subarray(0, length);
}
