import path from 'node:path';
import { CONFIG_FILE_NAMES, defaultEngine, fileKindOf } from '../rules/index.js';
import { ComplianceChecker, PostureCollector, type Posture } from '../rules/core/posture.js';
import { renderPostureHtml } from '../rules/core/posture-html.js';
import { ruleDocsUrl } from './product.js';
import { readSource } from './read-source.js';
import type { FileReport, Reporter, ReportContext, ScanSummary, Sink } from './report.js';

export interface HtmlReportOptions {
  version: string;
  /** The scanned paths as the user gave them. */
  roots: string[];
  /** The scan's date (`YYYY-MM-DD`). */
  generatedAt?: string;
}

/**
 * The posture report: one self-contained HTML page (inline CSS and SVG, no script, a policy that forbids loading
 * anything). It needs totals before it can draw, so it gathers the scan first and writes at the end; only counts and
 * the listed occurrences stay in memory. Each file is read again for its snippets and to judge its workloads against
 * the Pod Security Standards.
 */
export class HtmlReporter implements Reporter {
  private collector: PostureCollector | undefined;
  private readonly checker = new ComplianceChecker(defaultEngine());
  private cwd = '';

  constructor(private readonly sink: Sink, private readonly options: HtmlReportOptions) {}

  begin(context: ReportContext): void {
    this.cwd = context.cwd;
    const enabled = new Set<string>(context.rules.map((r) => r.meta.id));
    this.collector = new PostureCollector(defaultEngine().registry, enabled, {}, context.customRules.map((r) => [r.id, r.definition.title] as [string, string]));
  }

  file(report: FileReport): void {
    // Palisade's own configuration is not part of the posture (the editor's view leaves it out too)
    if ((CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(report.path)) && !report.findings.length) return;
    const kind = fileKindOf(report.path);
    const needsText = report.findings.length > 0 || kind === 'yaml';
    const source = needsText ? readSource(report.absolutePath) : undefined;
    const text = source?.kind === 'text' ? source.text : undefined;
    const compliance = text !== undefined && kind === 'yaml' ? this.checker.assess(text, report.path) : undefined;
    this.collector?.add({ path: report.path, kind, text, findings: report.findings, compliance });
  }

  end(summary: ScanSummary): void {
    const posture = this.posture(summary);
    this.sink.write(renderPostureHtml(posture, { mode: 'file', docsUrl: ruleDocsUrl }));
  }

  /** The report's data (also what the tests inspect). */
  posture(summary: ScanSummary): Posture {
    const collector = this.collector ?? new PostureCollector(defaultEngine().registry, new Set());
    const roots = this.options.roots.map((r) => r === '.' ? path.basename(this.cwd) || '.' : r);
    return collector.result({
      title: `Security posture of ${roots.join(', ')}`,
      roots,
      generatedAt: this.options.generatedAt,
      version: this.options.version,
      baselined: summary.baselined,
    });
  }
}
