import type { Finding, Severity } from '../rules/index.js';
import type { FileReport, Reporter, ReportContext, ScanSummary, Sink } from './report.js';

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Engine findings are not rule violations but problems of the analysis: JUnit calls those errors. */
const ANALYSIS_PROBLEMS: ReadonlySet<string> = new Set(['parse-error', 'internal-error', 'skipped-file']);

/**
 * JUnit XML as GitLab, Jenkins and most CI test views read it: one `<testsuite>` per scanned file and one
 * `<testcase>` per file × rule with findings (`classname` the file, `name` the rule id), failing with every finding
 * of that rule in the file. A file without findings is one passing test case. Written file by file.
 */
export class JunitReporter implements Reporter {
  constructor(private readonly sink: Sink) {}

  begin(_context: ReportContext): void {
    this.sink.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="Palisade">\n');
  }

  file(report: FileReport): void {
    const byRule = new Map<string, Finding[]>();
    for (const f of report.findings) {
      const list = byRule.get(f.ruleId) ?? [];
      list.push(f);
      byRule.set(f.ruleId, list);
    }
    const path = xml(report.path);
    const cases: string[] = [];
    let failures = 0;
    let errors = 0;
    for (const [ruleId, findings] of byRule) {
      const worst = findings.reduce<Severity>((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), 'info');
      const element = ANALYSIS_PROBLEMS.has(ruleId) ? 'error' : 'failure';
      if (element === 'error') errors++;
      else failures++;
      const message = findings.length === 1 ? findings[0].message : `${findings.length} findings: ${findings[0].message}`;
      const body = findings.map((f) => `${report.path}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}${f.resource ? ` [${f.resource}]` : ''}`).join('\n');
      cases.push(`    <testcase classname="${path}" name="${xml(ruleId)}" file="${path}" line="${findings[0].range.start.line + 1}">\n`
        + `      <${element} message="${xml(oneLine(message))}" type="${worst}">${xml(body)}</${element}>\n`
        + '    </testcase>\n');
    }
    if (!cases.length) cases.push(`    <testcase classname="${path}" name="all rules" file="${path}"/>\n`);
    this.sink.write(`  <testsuite name="${path}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0">\n${cases.join('')}  </testsuite>\n`);
  }

  end(_summary: ScanSummary): void {
    this.sink.write('</testsuites>\n');
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

/**
 * Escape for XML text and attributes, dropping the characters XML 1.0 cannot hold at all (control characters,
 * lone surrogates): a message quoting a broken file must not make the report unreadable.
 */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}
