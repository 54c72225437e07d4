import type { EnabledRule, ResolvedConfig } from './config.js';
import { fixOf, relatedAt } from './finding-shapes.js';
import type { RuleModule, WorkspaceContext, WorkspaceReportDescriptor } from './rule.js';
import { interpolate } from './text.js';
import type { Finding } from './types.js';
import type { WorkspaceView } from './workspace.js';
import type { IndexedEntry, WorkspaceLookup } from './workspace-index.js';

/**
 * Running the cross-file parts of rules (`checkWorkspace`) over the workspace index, for the files whose findings are
 * wanted. The engine turns the results into findings of those files and filters them through the files' suppressions.
 */

/** A finding of a cross-file rule, before suppressions: located by file and range. */
export interface WorkspaceFinding extends Finding {
  /** The file the finding lands in (entries of `related` in that same file have no `fileName`). */
  fileName: string;
  missing?: boolean;
}

/** A rule with a cross-file part, and how a configuration enables it. */
export interface WorkspaceRuleRun {
  rule: RuleModule;
  enabled: EnabledRule;
}

/** The enabled rules of a configuration that have a cross-file part, in registry order. */
export function workspaceRulesOf(registry: readonly RuleModule[], config: ResolvedConfig): WorkspaceRuleRun[] {
  const out: WorkspaceRuleRun[] = [];
  for (const rule of registry) {
    if (!rule.checkWorkspace) continue;
    const enabled = config.rules.get(rule.meta.id);
    if (enabled) out.push({ rule, enabled });
  }
  return out;
}

/**
 * Which files' findings a run produces: one file (the editor), a set (a workspace scan, per configuration), or every
 * file of the index (a scan whose files share one configuration: no file has to be looked up to be kept).
 */
export type WorkspaceTargets = { kind: 'file'; fileName: string } | { kind: 'files'; fileNames: ReadonlySet<string> } | { kind: 'all' };

/**
 * Run the cross-file rules for the target files. A rule that throws is reported by `onError` (the caller decides where
 * an internal error shows) and the other rules still run.
 */
export function runWorkspaceRules(
  runs: readonly WorkspaceRuleRun[], view: WorkspaceView, lookup: WorkspaceLookup, targets: WorkspaceTargets,
  onError: (rule: RuleModule, error: unknown) => void,
): WorkspaceFinding[] {
  const out: WorkspaceFinding[] = [];
  const wants = targets.kind === 'file' ? (f: string) => f === targets.fileName
    : targets.kind === 'files' ? (f: string) => targets.fileNames.has(f) : () => true;
  const subjects = (kinds: readonly string[]): Iterable<IndexedEntry> => {
    if (targets.kind === 'all') return lookup.byKinds(kinds);
    if (targets.kind === 'files') return lookup.byKinds(kinds).filter((e) => wants(e.fileName));
    const summary = lookup.file(targets.fileName);
    if (!summary) return [];
    const partial = !!summary.partial;
    const list: IndexedEntry[] = [];
    summary.objects.forEach((object, order) => {
      if (kinds.includes(object.kind)) list.push({ fileName: summary.fileName, object, partial, order });
    });
    return list;
  };
  for (const { rule, enabled } of runs) {
    const ctx: WorkspaceContext = {
      workspace: view, index: lookup, options: enabled.options, wants, subjects,
      report: (d) => {
        if (wants(d.fileName)) out.push(toWorkspaceFinding(rule, enabled, d));
      },
    };
    try {
      rule.checkWorkspace!(ctx);
    } catch (e) {
      onError(rule, e);
    }
  }
  return out;
}

function toWorkspaceFinding(rule: RuleModule, enabled: EnabledRule, d: WorkspaceReportDescriptor<string>): WorkspaceFinding {
  const template = (rule.meta.messages as Record<string, string>)[d.messageId] ?? d.messageId;
  const severity = enabled.explicitSeverity ? enabled.severity : d.severity ?? enabled.severity;
  const finding: WorkspaceFinding = {
    fileName: d.fileName, ruleId: rule.meta.id, severity, message: interpolate(template, d.data), range: d.range,
  };
  if (d.resource) finding.resource = d.resource;
  if (d.related?.length) {
    finding.related = d.related.map((r) => relatedAt(r.fileName !== d.fileName ? r.fileName : undefined, r.range, r.message));
  }
  if (d.fixes?.length) {
    finding.fixes = d.fixes.map((f) => fixOf(f.title, f.kind ?? (rule.meta.fix === 'none' ? 'suggestion' : rule.meta.fix), f.isPreferred, f.edits, f.files));
  }
  if (d.missing) finding.missing = true;
  return finding;
}
