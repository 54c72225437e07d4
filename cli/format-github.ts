import type { Severity } from '../rules/index.js';
import type { FileReport, Reporter, ReportContext, ScanSummary, Sink } from './report.js';

/** GitHub's annotation levels: `notice` is the quiet one. */
const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands: one `::error file=…,line=…,col=…::message` line per finding, which the Actions
 * runner turns into annotations on the pull request's diff. Lines and columns are 1-based; paths are as shown
 * (relative to the working directory, which in a workflow is the repository root). A closing plain line tells the
 * totals in the log.
 */
export class GithubReporter implements Reporter {
  constructor(private readonly sink: Sink) {}

  begin(_context: ReportContext): void {}

  file(report: FileReport): void {
    if (!report.findings.length) return;
    const lines = report.findings.map((f) => {
      const props = [
        `file=${escapeProperty(report.path)}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        // GitHub uses endColumn only on single-line annotations, where it is inclusive-exclusive like ours
        ...(f.range.end.line === f.range.start.line ? [`endColumn=${f.range.end.character + 1}`] : []),
        `title=${escapeProperty(`Palisade ${f.ruleId}`)}`,
      ];
      return `::${COMMAND[f.severity] ?? 'warning'} ${props.join(',')}::${escapeData(f.message)}`;
    });
    this.sink.write(lines.join('\n') + '\n');
  }

  end(summary: ScanSummary): void {
    const files = `${summary.filesScanned} file${summary.filesScanned === 1 ? '' : 's'}`;
    this.sink.write(summary.findings
      ? `Palisade: ${summary.findings} problem${summary.findings === 1 ? '' : 's'} (${summary.errors} errors, ${summary.warnings} warnings, ${summary.infos} info) in ${summary.filesWithFindings} of ${files}.\n`
      : `Palisade: no problems in ${files}.\n`);
  }
}

/** Message text of a workflow command: `%`, CR and LF are encoded. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value additionally encodes `:` and `,`, which separate the properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
