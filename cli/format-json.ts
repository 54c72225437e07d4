import type { EncodedReport, FileReport, Reporter, ReportContext, ScanSummary, Sink } from './report.js';

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

  /** Byte for byte what `file` writes for the same findings, without parsing them and stringifying them again. */
  fileJson(report: EncodedReport): void {
    this.sink.write(`${this.first ? '\n' : ',\n'}{"path":${JSON.stringify(report.path)},"findings":`);
    if (report.findings.length) this.sink.writeBytes(report.findings);
    else this.sink.write('[]');
    this.sink.write(report.fixesApplied ? `,"fixesApplied":${report.fixesApplied}}` : '}');
    this.first = false;
  }

  end(summary: ScanSummary): void {
    this.sink.write(`\n],"summary":${JSON.stringify(summary)}}\n`);
  }
}
