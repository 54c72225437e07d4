/**
 * The "Palisade" findings view in the Explorer: every Palisade diagnostic VS Code holds (open files, and closed files
 * after a workspace scan), grouped severity → rule → file → finding. It reads the diagnostics the language server has
 * already published, so it costs no analysis of its own. Its context menu reuses the server's code actions, so a
 * suppression or fix applied from the view is exactly the one the editor's light bulb offers.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CONFIG_DIAGNOSTIC_CODE, Methods, type RuleInfo } from '../server/protocol.js';
import { palisadeDiagnostics, ruleIdOf, type FileDiagnostic } from './sarif-export.js';

export const FINDINGS_VIEW_ID = 'palisade.findings';

/** `viewItem` context values the menus in package.json refer to. */
const CONTEXT = { severity: 'palisadeSeverity', rule: 'palisadeRule', file: 'palisadeFile', finding: 'palisadeFinding' } as const;

type SeverityFilter = 'all' | 'errors' | 'warningsAndErrors';
const STAGES = ['build', 'deploy', 'access', 'platform', 'policy'] as const;
type StageName = (typeof STAGES)[number];

const SEVERITY_ORDER = [
  vscode.DiagnosticSeverity.Error,
  vscode.DiagnosticSeverity.Warning,
  vscode.DiagnosticSeverity.Information,
  vscode.DiagnosticSeverity.Hint,
];
const SEVERITY_LABEL: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'Errors',
  [vscode.DiagnosticSeverity.Warning]: 'Warnings',
  [vscode.DiagnosticSeverity.Information]: 'Information',
  [vscode.DiagnosticSeverity.Hint]: 'Hints',
};
const SEVERITY_ICON: Record<vscode.DiagnosticSeverity, vscode.ThemeIcon> = {
  [vscode.DiagnosticSeverity.Error]: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  [vscode.DiagnosticSeverity.Warning]: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  [vscode.DiagnosticSeverity.Information]: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  [vscode.DiagnosticSeverity.Hint]: new vscode.ThemeIcon('lightbulb'),
};

/** A node of the tree; `findings` are the diagnostics below it (a finding node holds exactly its own). */
export type FindingsNode =
  | { kind: 'severity'; id: string; severity: vscode.DiagnosticSeverity; findings: FileDiagnostic[] }
  | { kind: 'rule'; id: string; ruleId: string; findings: FileDiagnostic[] }
  | { kind: 'file'; id: string; uri: vscode.Uri; findings: FileDiagnostic[] }
  | { kind: 'finding'; id: string; uri: vscode.Uri; diagnostic: vscode.Diagnostic; findings: FileDiagnostic[] };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Groups items by a key, keeping first-seen order of the keys. */
function groupBy<K, T>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export class FindingsTreeProvider implements vscode.TreeDataProvider<FindingsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FindingsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  severityFilter: SeverityFilter = 'all';
  stageFilter: StageName | undefined;
  /** Rule id → stage, from `palisade/rules`; empty until the filter first needs it. */
  private stages = new Map<string, string>();

  constructor() {
    // diagnostics change in bursts (a workspace scan publishes file after file): redraw once the burst settles
    this.subscriptions.push(vscode.languages.onDidChangeDiagnostics(() => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => { this.timer = undefined; this.changed.fire(undefined); }, 150);
    }));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Remembers each rule's stage for the stage filter. */
  setRuleStages(rules: readonly RuleInfo[]): void {
    this.stages = new Map(rules.map((r) => [r.id, r.stage]));
  }

  /** A rule's stage: from the server's rule list, else Dockerfile rules are build-stage and the rest unknown. */
  stageOf(ruleId: string): string | undefined {
    return this.stages.get(ruleId) ?? (ruleId.startsWith('docker/') ? 'build' : undefined);
  }

  /** The findings the filters let through. */
  visibleFindings(): FileDiagnostic[] {
    const maxSeverity = this.severityFilter === 'errors' ? vscode.DiagnosticSeverity.Error
      : this.severityFilter === 'warningsAndErrors' ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Hint;
    return palisadeDiagnostics().filter(({ diagnostic }) =>
      diagnostic.severity <= maxSeverity
      && (!this.stageFilter || this.stageOf(ruleIdOf(diagnostic)) === this.stageFilter));
  }

  /** A one-line summary of the active filters, or undefined when none is active. */
  filterSummary(): string | undefined {
    const parts: string[] = [];
    if (this.severityFilter === 'errors') parts.push('errors only');
    if (this.severityFilter === 'warningsAndErrors') parts.push('warnings and errors');
    if (this.stageFilter) parts.push(`stage: ${this.stageFilter}`);
    return parts.length ? `Filtered: ${parts.join(', ')}` : undefined;
  }

  getChildren(node?: FindingsNode): FindingsNode[] {
    if (!node) {
      const bySeverity = groupBy(this.visibleFindings(), (f) => f.diagnostic.severity);
      return SEVERITY_ORDER.filter((s) => bySeverity.has(s))
        .map((severity) => ({ kind: 'severity', id: `s:${severity}`, severity, findings: bySeverity.get(severity)! }));
    }
    if (node.kind === 'severity') {
      const byRule = groupBy(node.findings, (f) => ruleIdOf(f.diagnostic));
      return [...byRule.keys()].sort()
        .map((ruleId) => ({ kind: 'rule', id: `${node.id}/r:${ruleId}`, ruleId, findings: byRule.get(ruleId)! }));
    }
    if (node.kind === 'rule') {
      const byFile = groupBy(node.findings, (f) => f.uri.toString());
      return [...byFile.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, findings]) => ({ kind: 'file', id: `${node.id}/f:${key}`, uri: findings[0]!.uri, findings }));
    }
    if (node.kind === 'file') {
      return [...node.findings]
        .sort((a, b) => a.diagnostic.range.start.compareTo(b.diagnostic.range.start))
        .map((f, i) => ({ kind: 'finding', id: `${node.id}/${i}`, uri: f.uri, diagnostic: f.diagnostic, findings: [f] }));
    }
    return [];
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    const count = plural(node.findings.length, 'finding');
    switch (node.kind) {
      case 'severity': {
        const item = new vscode.TreeItem(SEVERITY_LABEL[node.severity], vscode.TreeItemCollapsibleState.Expanded);
        item.description = count;
        item.iconPath = SEVERITY_ICON[node.severity];
        item.contextValue = CONTEXT.severity;
        item.id = node.id;
        return item;
      }
      case 'rule': {
        const item = new vscode.TreeItem(node.ruleId, vscode.TreeItemCollapsibleState.Collapsed);
        const files = new Set(node.findings.map((f) => f.uri.toString())).size;
        item.description = `${count} in ${plural(files, 'file')}`;
        item.iconPath = new vscode.ThemeIcon('law');
        // configuration problems are not a rule: no documentation to show
        if (node.ruleId !== CONFIG_DIAGNOSTIC_CODE) item.contextValue = CONTEXT.rule;
        item.id = node.id;
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.Expanded);
        const relative = vscode.workspace.asRelativePath(node.uri);
        const dir = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
        item.description = dir ? `${count} · ${dir}` : count;
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = CONTEXT.file;
        item.id = node.id;
        return item;
      }
      case 'finding': {
        const { start } = node.diagnostic.range;
        const item = new vscode.TreeItem(node.diagnostic.message, vscode.TreeItemCollapsibleState.None);
        item.description = `${start.line + 1}:${start.character + 1}`;
        item.tooltip = `${ruleIdOf(node.diagnostic)}: ${node.diagnostic.message}`;
        item.contextValue = CONTEXT.finding;
        item.id = node.id;
        item.command = { title: 'Reveal Finding', command: REVEAL_COMMAND, arguments: [node] };
        return item;
      }
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Internal: what a click on a finding runs (not contributed, so not in the command palette). */
const REVEAL_COMMAND = 'palisade.findings.reveal';

async function revealFinding(node: FindingsNode | undefined): Promise<vscode.TextEditor | undefined> {
  if (node?.kind !== 'finding') return undefined;
  return vscode.window.showTextDocument(node.uri, { selection: node.diagnostic.range, preserveFocus: false });
}

/**
 * Whether a code action is about the given diagnostic's rule. The actions were asked for at the diagnostic's exact
 * range; the diagnostics they carry come back converted, so only the rule id is compared.
 */
function targets(action: vscode.CodeAction, diagnostic: vscode.Diagnostic): boolean {
  const ruleId = ruleIdOf(diagnostic);
  return !action.diagnostics?.length ? action.title.includes(ruleId) || !action.title.startsWith('Suppress ')
    : action.diagnostics.some((d) => ruleIdOf(d) === ruleId);
}

/**
 * Runs one of the server's code actions for a finding: `suppress` picks the "Suppress … for this line/file" actions,
 * `fix` the rule's fixes. Several candidates are offered in a quick pick.
 */
async function runFindingAction(node: FindingsNode | undefined, which: 'suppress' | 'fix'): Promise<boolean> {
  if (node?.kind !== 'finding') return false;
  const editor = await revealFinding(node);
  if (!editor) return false;
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', node.uri, node.diagnostic.range, vscode.CodeActionKind.QuickFix.value, 10) ?? [];
  const candidates = actions.filter((a): a is vscode.CodeAction => 'title' in a && !(typeof a.command === 'string')
    && targets(a as vscode.CodeAction, node.diagnostic))
    .filter((a) => {
      const suppress = a.title.startsWith('Suppress ');
      const docs = a.title.startsWith('Show documentation');
      return which === 'suppress' ? suppress : !suppress && !docs && (a.edit !== undefined || a.command !== undefined);
    });
  if (!candidates.length) {
    vscode.window.setStatusBarMessage(
      `$(info) Palisade: ${which === 'suppress' ? 'this finding cannot be suppressed' : 'no fix for this finding'}`, 4000);
    return false;
  }
  let chosen: vscode.CodeAction | undefined = candidates[0];
  if (candidates.length > 1) {
    const picked = await vscode.window.showQuickPick(candidates.map((action) => ({ label: action.title, action })), {
      title: which === 'suppress' ? 'Palisade: Suppress' : 'Palisade: Apply Fix',
    });
    chosen = picked?.action;
  }
  if (!chosen) return false;
  if (chosen.edit && !(await vscode.workspace.applyEdit(chosen.edit))) {
    void vscode.window.showWarningMessage('Palisade: the edit could not be applied (the file may have changed).');
    return false;
  }
  if (chosen.command) await vscode.commands.executeCommand(chosen.command.command, ...(chosen.command.arguments ?? []));
  return true;
}

/** `palisade.filterFindings`: one quick pick with a severity section and a stage section. */
async function filterFindings(provider: FindingsTreeProvider, client: () => LanguageClient | undefined): Promise<void> {
  type Item = vscode.QuickPickItem & { apply?: () => void };
  const mark = (on: boolean): string => (on ? '$(check) ' : '');
  const severity = (value: SeverityFilter, label: string): Item =>
    ({ label: `${mark(provider.severityFilter === value)}${label}`, apply: () => { provider.severityFilter = value; } });
  const stage = (value: StageName | undefined, label: string): Item =>
    ({ label: `${mark(provider.stageFilter === value)}${label}`, apply: () => { provider.stageFilter = value; } });
  const items: Item[] = [
    { label: 'Severity', kind: vscode.QuickPickItemKind.Separator },
    severity('all', 'All severities'),
    severity('errors', 'Errors only'),
    severity('warningsAndErrors', 'Warnings and errors'),
    { label: 'Stage', kind: vscode.QuickPickItemKind.Separator },
    stage(undefined, 'All stages'),
    ...STAGES.map((s) => stage(s, s)),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Palisade: Filter Findings' });
  if (!picked?.apply) return;
  picked.apply();
  if (provider.stageFilter) {
    const current = client();
    if (current?.isRunning()) {
      try {
        const rules = await current.sendRequest<RuleInfo[]>(Methods.rules);
        if (Array.isArray(rules)) provider.setRuleStages(rules);
      } catch {
        // without the rule list the stage comes from the id prefix
      }
    }
  }
  provider.refresh();
}

/**
 * Creates the view and registers its commands. "Show Rule Documentation" on a rule node is `palisade.showRuleDocs`
 * itself: it receives the node, whose `ruleId` it reads.
 */
export function registerFindingsView(client: () => LanguageClient | undefined): vscode.Disposable {
  const provider = new FindingsTreeProvider();
  const view = vscode.window.createTreeView(FINDINGS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const updateMessage = (): void => { view.message = provider.filterSummary(); };
  return vscode.Disposable.from(
    provider,
    view,
    provider.onDidChangeTreeData(updateMessage),
    vscode.commands.registerCommand(REVEAL_COMMAND, revealFinding),
    vscode.commands.registerCommand('palisade.findings.suppress', (node?: FindingsNode) => runFindingAction(node, 'suppress')),
    vscode.commands.registerCommand('palisade.findings.applyFix', (node?: FindingsNode) => runFindingAction(node, 'fix')),
    vscode.commands.registerCommand('palisade.filterFindings', () => filterFindings(provider, client)),
  );
}
