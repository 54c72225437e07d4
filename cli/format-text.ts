import type { Severity } from '../rules/index.js';
import type { FileReport, Reporter, ReportContext, ScanSummary, Sink } from './report.js';

const STYLE = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/**
 * The human format: one line per finding, `path:line:col  severity  message  [rule-id]` with 1-based line and
 * column (terminals and editors turn `path:line:col` into a link), files separated by a blank line, then a summary.
 */
export class TextReporter implements Reporter {
  private printedFiles = 0;

  constructor(private readonly sink: Sink, private readonly color: boolean) {}

  begin(_context: ReportContext): void {}

  file(report: FileReport): void {
    if (!report.findings.length) return;
    const lines: string[] = [];
    if (this.printedFiles++) lines.push('');
    for (const f of report.findings) {
      const where = `${report.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const severity = f.severity.padEnd(7);
      lines.push(`${this.paint('bold', where)}  ${this.paint(f.severity, severity)}  ${oneLine(f.message)}  ${this.paint('dim', `[${f.ruleId}]`)}`);
    }
    this.sink.write(lines.join('\n') + '\n');
  }

  end(summary: ScanSummary): void {
    const out: string[] = [];
    if (this.printedFiles) out.push('');
    const files = `${summary.filesScanned} file${summary.filesScanned === 1 ? '' : 's'}`;
    if (!summary.findings) {
      out.push(`No problems found in ${files}.`);
    } else {
      const counts = [
        this.count(summary.errors, 'error'),
        this.count(summary.warnings, 'warning'),
        this.count(summary.infos, 'info'),
      ].filter(Boolean).join(', ');
      out.push(`${summary.findings} problem${summary.findings === 1 ? '' : 's'} (${counts}) in ${summary.filesWithFindings} of ${files}.`);
    }
    if (summary.fixesApplied) {
      out.push(`Applied ${summary.fixesApplied} safe fix${summary.fixesApplied === 1 ? '' : 'es'} in ${summary.filesFixed} file${summary.filesFixed === 1 ? '' : 's'}.`);
    }
    if (summary.fixable) {
      out.push(`${summary.fixable} problem${summary.fixable === 1 ? ' has a safe fix' : 's have a safe fix'}: run again with --fix to apply.`);
    }
    this.sink.write(out.join('\n') + '\n');
  }

  private count(n: number, severity: Severity): string {
    if (!n) return '';
    const word = severity === 'info' ? 'info' : `${severity}${n === 1 ? '' : 's'}`;
    return this.paint(severity, `${n} ${word}`);
  }

  private paint(style: keyof typeof STYLE, text: string): string {
    return this.color ? `${STYLE[style]}${text}${STYLE.reset}` : text;
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}
