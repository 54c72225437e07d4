import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Methods, type ExplainParams, type RuleInfo } from '../server/protocol.js';

/** Virtual, read-only documents holding a rule's explanation: `palisade-docs:/k8s/no-host-pid.md`. */
export const DOCS_SCHEME = 'palisade-docs';

export function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${ruleId}.md` });
}

/** Serves `palisade-docs:` documents from the server's `palisade/explain`. */
export class RuleDocsProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ruleId = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const markdown = await explain(this.client(), ruleId);
    return markdown ?? `# ${ruleId}\n\nNo documentation: the Palisade server does not know this rule, or it is not running.\n`;
  }
}

async function explain(client: LanguageClient | undefined, ruleId: string): Promise<string | undefined> {
  if (!client?.isRunning()) return undefined;
  const markdown = await client.sendRequest<string | null>(Methods.explain, { ruleId } satisfies ExplainParams);
  return typeof markdown === 'string' ? markdown : undefined;
}

/** The rule id passed to the command: a string, `{ ruleId }` / `{ id }`, or a diagnostic whose code is the id. */
function ruleIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg instanceof vscode.Diagnostic) {
    const code = typeof arg.code === 'object' ? arg.code.value : arg.code;
    return code === undefined ? undefined : String(code);
  }
  if (arg && typeof arg === 'object') {
    const { ruleId, id } = arg as { ruleId?: unknown; id?: unknown };
    if (typeof ruleId === 'string') return ruleId;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** `palisade.showRuleDocs [ruleId]`: open a rule's explanation in the markdown preview (or as a read-only document). */
export async function showRuleDocs(client: LanguageClient | undefined, arg?: unknown): Promise<vscode.Uri | undefined> {
  const ruleId = ruleIdOf(arg) ?? await pickRule(client);
  if (!ruleId) return undefined;
  const uri = ruleDocsUri(ruleId);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // the markdown extension is disabled: the source stays readable
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
  return uri;
}

async function pickRule(client: LanguageClient | undefined): Promise<string | undefined> {
  if (!client?.isRunning()) {
    vscode.window.setStatusBarMessage('$(warning) Palisade: the server is not running', 5000);
    return undefined;
  }
  const rules = await client.sendRequest<RuleInfo[]>(Methods.rules);
  const picked = await vscode.window.showQuickPick(
    (Array.isArray(rules) ? rules : []).map((r) => ({
      label: r.id,
      description: r.title,
      detail: `${r.severity} · ${r.stage}${r.enabledByDefault ? '' : ' · off by default'} · fix: ${r.fix}`,
    })),
    { title: 'Palisade: Show Rule Documentation', placeHolder: 'Rule id or title', matchOnDescription: true },
  );
  return picked?.label;
}
