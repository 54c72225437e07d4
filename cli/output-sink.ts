import fs from 'node:fs';
import type { Sink } from './report.js';

/** Writes are gathered into blocks of this size before they reach the file or the pipe. */
const BLOCK = 64 * 1024;

/** A buffered sink over stdout or a file. `close()` flushes (and closes the file). */
export class OutputSink implements Sink {
  /** Strings written since the last bytes, joined and encoded together. */
  private strings: string[] = [];
  private blocks: Uint8Array[] = [];
  private pendingLength = 0;

  private constructor(private readonly emit: (chunk: Uint8Array) => void, private readonly done: () => void) {}

  /** stdout through the stream API: Node finishes writing to a pipe before the process exits. */
  static stdout(stream: NodeJS.WritableStream = process.stdout): OutputSink {
    return new OutputSink((chunk) => void stream.write(chunk), () => {});
  }

  /** A file, created or truncated now (so a bad path fails before the scan starts). */
  static file(file: string): OutputSink {
    const fd = fs.openSync(file, 'w');
    return new OutputSink((bytes) => {
      let offset = 0;
      while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    }, () => fs.closeSync(fd));
  }

  write(chunk: string): void {
    this.strings.push(chunk);
    this.pendingLength += chunk.length;
    if (this.pendingLength >= BLOCK) this.flush();
  }

  writeBytes(chunk: Uint8Array): void {
    this.encodeStrings();
    this.blocks.push(chunk);
    this.pendingLength += chunk.length;
    if (this.pendingLength >= BLOCK) this.flush();
  }

  close(): void {
    this.flush();
    this.done();
  }

  private encodeStrings(): void {
    if (!this.strings.length) return;
    this.blocks.push(Buffer.from(this.strings.join(''), 'utf8'));
    this.strings = [];
  }

  private flush(): void {
    this.encodeStrings();
    if (!this.blocks.length) return;
    const chunk = this.blocks.length === 1 ? this.blocks[0] : Buffer.concat(this.blocks);
    this.blocks = [];
    this.pendingLength = 0;
    this.emit(chunk);
  }
}
