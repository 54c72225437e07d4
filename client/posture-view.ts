/**
 * "Palisade: Show Security Posture": the posture report of the workspace in a webview. The server computes it
 * (`palisade/posture`, the same model as `palisade scan --format html`); the page is rendered by the same code as the
 * HTML report, in the editor's theme, under a strict content security policy that allows only the webview's own
 * styles and one nonce'd script, and loads nothing remote. Its links post a message; the extension opens the file and
 * reveals the finding.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Posture } from '../rules/core/posture.js';
import { renderPostureHtml } from '../rules/core/posture-html.js';
import { Methods, ruleDocsUrl } from '../server/protocol.js';

/** The files the view assesses: what the server analyses, by name (as the CLI finds them). */
const CANDIDATES = '**/{*.yaml,*.yml,*.json,Dockerfile,*.Dockerfile,Dockerfile.*,Containerfile,Containerfile.*}';
const IGNORED = '**/{node_modules,.git}/**';
const MAX_FILES = 5000;

/** Messages the page posts. */
type PageMessage =
  | { type: 'reveal'; uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }
  | { type: 'refresh' };

let current: PostureView | undefined;

/** `palisade.showPosture`: open the view (or bring it forward and refresh it). */
export async function showPosture(client: () => LanguageClient | undefined): Promise<void> {
  if (current) {
    current.panel.reveal();
    await current.refresh();
    return;
  }
  const panel = vscode.window.createWebviewPanel('palisade.posture', 'Security Posture', vscode.ViewColumn.Active, {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [],
  });
  current = new PostureView(panel, client);
  panel.onDidDispose(() => { current?.dispose(); current = undefined; });
  await current.refresh();
}

class PostureView {
  private readonly disposables: vscode.Disposable[] = [];
  /** The files the shown report links to: the page may only reveal these. */
  private known = new Set<string>();
  private pending: vscode.CancellationTokenSource | undefined;

  constructor(readonly panel: vscode.WebviewPanel, private readonly client: () => LanguageClient | undefined) {
    this.disposables.push(panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)));
  }

  dispose(): void {
    this.pending?.cancel();
    for (const d of this.disposables) d.dispose();
  }

  async refresh(): Promise<void> {
    const client = this.client();
    if (!client?.isRunning()) {
      this.panel.webview.html = messagePage(this.panel.webview, 'The Palisade server is not running. Run "Palisade: Restart Server", then refresh.');
      return;
    }
    this.pending?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.pending = source;
    this.panel.webview.html = messagePage(this.panel.webview, 'Assessing the workspace…');
    const posture = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Palisade: assessing the security posture', cancellable: true },
      async (_progress, token) => {
        token.onCancellationRequested(() => source.cancel());
        const files = await vscode.workspace.findFiles(CANDIDATES, IGNORED, MAX_FILES, source.token);
        const uris = files.map((u) => u.toString());
        // open documents outside the workspace folders count too, with their unsaved text
        for (const doc of vscode.workspace.textDocuments) {
          if (doc.uri.scheme === 'file' && !uris.includes(doc.uri.toString()) && /\.(ya?ml|json)$|(^|\/)(Dockerfile|Containerfile)[^/]*$|\.Dockerfile$/.test(doc.uri.path)) uris.push(doc.uri.toString());
        }
        return client.sendRequest<Posture | null>(Methods.posture, { uris }, source.token);
      },
    ).then((p) => p, (error: unknown) => {
      if (!source.token.isCancellationRequested) void vscode.window.showWarningMessage(`Palisade could not assess the workspace: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
    if (this.pending !== source) return;
    this.pending = undefined;
    if (!posture) {
      this.panel.webview.html = messagePage(this.panel.webview, source.token.isCancellationRequested ? 'Cancelled. Refresh to assess the workspace again.' : 'No result from the Palisade server.');
      return;
    }
    this.known = new Set(posture.groups.flatMap((g) => g.occurrences.map((o) => o.uri ?? '')).concat(
      posture.topResources.map((r) => r.uri ?? ''), posture.pss.flatMap((l) => l.failing.map((f) => f.uri ?? ''))).filter(Boolean));
    this.panel.webview.html = renderPostureHtml(posture, { mode: 'webview', nonce: nonce(), cspSource: this.panel.webview.cspSource, docsUrl: ruleDocsUrl });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = raw as PageMessage | undefined;
    if (message?.type === 'refresh') return this.refresh();
    if (message?.type !== 'reveal' || typeof message.uri !== 'string' || !this.known.has(message.uri)) return;
    const r = message.range;
    const at = (p: { line: number; character: number } | undefined): vscode.Position =>
      new vscode.Position(Math.max(0, Number(p?.line) || 0), Math.max(0, Number(p?.character) || 0));
    const selection = new vscode.Range(at(r?.start), at(r?.end));
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(message.uri));
    // beside the report, so that the next finding is one click away
    await vscode.window.showTextDocument(document, { selection, viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
  }
}

function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/** A one-line page in the same style and policy (no script at all). */
function messagePage(webview: vscode.Webview, text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline';"><style>body{font-family:var(--vscode-font-family);color:var(--vscode-descriptionForeground);padding:24px}</style></head><body><p>${escaped}</p></body></html>`;
}
