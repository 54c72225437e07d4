import fs from 'node:fs';
import type { Sink } from './report.js';

/** Writes are gathered into blocks of this size before they reach the file or the pipe. */
const BLOCK = 64 * 1024;

/** A buffered sink over stdout or a file. `close()` flushes (and closes the file). */
export class OutputSink implements Sink {
  private pending: string[] = [];
  private pendingLength = 0;

  private constructor(private readonly emit: (chunk: string) => void, private readonly done: () => void) {}

  /** stdout through the stream API: Node finishes writing to a pipe before the process exits. */
  static stdout(stream: NodeJS.WritableStream = process.stdout): OutputSink {
    return new OutputSink((chunk) => void stream.write(chunk), () => {});
  }

  /** A file, created or truncated now (so a bad path fails before the scan starts). */
  static file(file: string): OutputSink {
    const fd = fs.openSync(file, 'w');
    return new OutputSink((chunk) => {
      const bytes = Buffer.from(chunk, 'utf8');
      let offset = 0;
      while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    }, () => fs.closeSync(fd));
  }

  write(chunk: string): void {
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (this.pendingLength >= BLOCK) this.flush();
  }

  close(): void {
    this.flush();
    this.done();
  }

  private flush(): void {
    if (!this.pending.length) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.emit(chunk);
  }
}
