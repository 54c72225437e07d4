import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../server/protocol.js';

/** What the status item says about the server. */
export type ServerState = 'starting' | 'running' | 'stopped' | 'error';

interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * The status bar item: the findings of the active Palisade document (or of the workspace when none is active) and
 * the server state. Counts come from the diagnostics VS Code holds, so they always match the Problems panel.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('palisade.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private state: ServerState = 'starting';
  private detail: string | undefined;
  private scheduled: NodeJS.Timeout | undefined;

  constructor(private readonly isPalisadeDocument: (document: vscode.TextDocument) => boolean) {
    this.item.name = 'Palisade';
    this.disposables.push(
      vscode.languages.onDidChangeDiagnostics(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
    );
    this.render();
    this.item.show();
  }

  /** Set the server state; `detail` (an error message) goes into the tooltip. */
  setState(state: ServerState, detail?: string): void {
    this.state = state;
    this.detail = detail;
    this.render();
  }

  get serverState(): ServerState {
    return this.state;
  }

  /** Re-count soon; diagnostics arrive in bursts (one event per file during a scan). */
  refresh(): void {
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.render();
    }, 50);
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    const active = editor && this.isPalisadeDocument(editor.document) ? editor.document : undefined;
    const workspace = countFindings(vscode.languages.getDiagnostics().flatMap(([, diagnostics]) => diagnostics));
    const file = active ? countFindings(vscode.languages.getDiagnostics(active.uri)) : undefined;
    const shown = file ?? workspace;
    const where = active ? vscode.workspace.asRelativePath(active.uri) : 'the workspace';

    const item = this.item;
    item.backgroundColor = undefined;
    item.command = 'workbench.actions.view.problems';
    switch (this.state) {
      case 'starting':
        item.text = '$(sync~spin) Palisade';
        item.accessibilityInformation = { label: 'Palisade: server starting' };
        break;
      case 'stopped':
        item.text = '$(circle-slash) Palisade';
        item.accessibilityInformation = { label: 'Palisade: server stopped' };
        item.command = 'palisade.restartServer';
        break;
      case 'error':
        item.text = '$(error) Palisade';
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        item.accessibilityInformation = { label: `Palisade: server error${this.detail ? `: ${this.detail}` : ''}` };
        item.command = 'palisade.showOutput';
        break;
      case 'running':
        item.text = shown.errors + shown.warnings === 0 ? '$(shield) Palisade' : `$(shield) $(error) ${shown.errors} $(warning) ${shown.warnings}`;
        item.accessibilityInformation = { label: `Palisade: ${describe(shown)} in ${where}; server running` };
        break;
    }
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Palisade** — server ${this.state}\n\n`);
    if (this.detail) tooltip.appendText(`${this.detail}\n\n`);
    if (file) tooltip.appendMarkdown(`This file: ${describe(file)}  \n`);
    tooltip.appendMarkdown(`Workspace (open files): ${describe(workspace)}`);
    item.tooltip = tooltip;
  }

  dispose(): void {
    if (this.scheduled) clearTimeout(this.scheduled);
    for (const d of this.disposables) d.dispose();
  }
}

/** Count Palisade's diagnostics (other linters' diagnostics in the same files are ignored). */
export function countFindings(diagnostics: readonly vscode.Diagnostic[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
    else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

function describe(c: Counts): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${c.infos} info`;
}
