import type { FileReport, Reporter, ReportContext, ScanSummary, Sink } from './report.js';

/**
 * The JSON format, a stable shape for scripts: `{version, files: [{path, findings}], summary}`. Findings are exactly
 * the engine's (0-based LSP ranges, UTF-16 columns, fixes with their edits). Written one file per line as the scan
 * goes.
 */
export class JsonReporter implements Reporter {
  private first = true;

  constructor(private readonly sink: Sink, private readonly version: string) {}

  begin(_context: ReportContext): void {
    this.sink.write(`{"version":${JSON.stringify(this.version)},"files":[`);
  }

  file(report: FileReport): void {
    const entry: Record<string, unknown> = { path: report.path, findings: report.findings };
    if (report.fixesApplied) entry.fixesApplied = report.fixesApplied;
    this.sink.write(`${this.first ? '\n' : ',\n'}${JSON.stringify(entry)}`);
    this.first = false;
  }

  end(summary: ScanSummary): void {
    this.sink.write(`\n],"summary":${JSON.stringify(summary)}}\n`);
  }
}
