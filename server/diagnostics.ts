import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { ConfigProblem } from '../rules/core/config-file.js';
import { ENGINE_RULE_IDS } from '../rules/core/engine.js';
import { LineIndex } from '../rules/core/text.js';
import type { Finding, Severity } from '../rules/core/types.js';
import { CONFIG_DIAGNOSTIC_CODE, DIAGNOSTIC_SOURCE, ruleDocsUrl, type DiagnosticData, type FindingCounts } from './protocol.js';
import { uriOfPath } from './uris.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Whether a finding id is a rule (with documentation, suppressible) rather than an engine finding. */
export function isRuleId(id: string): boolean {
  return !(ENGINE_RULE_IDS as readonly string[]).includes(id);
}

/**
 * One finding as an LSP diagnostic; `data` carries the fixes so that code actions need no new analysis.
 * `documented`: the id has a page under the rule docs (built-in rules; not engine findings or custom rules).
 */
export function toDiagnostic(finding: Finding, uri: string, version: number, documented: (ruleId: string) => boolean, index?: number): Diagnostic {
  const data: DiagnosticData = { version };
  if (index !== undefined && finding.fixes?.length) data.index = index;
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  if (documented(finding.ruleId)) diagnostic.codeDescription = { href: ruleDocsUrl(finding.ruleId) };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: r.fileName ? relatedUri(r.fileName) : uri, range: r.range },
      message: r.message,
    }));
  }
  return diagnostic;
}

function relatedUri(fileName: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(fileName) && !/^[A-Za-z]:[\\/]/.test(fileName)) return fileName;
  return uriOfPath(fileName);
}

/** Problems of a configuration file as diagnostics on that file, at the exact key or value. */
export function configDiagnostics(text: string, problems: readonly ConfigProblem[]): Diagnostic[] {
  const lines = new LineIndex(text);
  return problems.map((p) => ({
    range: lines.rangeOf(p.span),
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: CONFIG_DIAGNOSTIC_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: p.message,
  }));
}

export function emptyCounts(): FindingCounts {
  return { error: 0, warning: 0, info: 0, total: 0 };
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts = emptyCounts();
  for (const f of findings) {
    counts[f.severity]++;
    counts.total++;
  }
  return counts;
}

export function addCounts(into: FindingCounts, more: FindingCounts): FindingCounts {
  into.error += more.error;
  into.warning += more.warning;
  into.info += more.info;
  into.total += more.total;
  return into;
}
