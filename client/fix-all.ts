import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { FIX_ALL_KIND, ServerCommands } from '../server/protocol.js';

/**
 * `palisade.fixAll`: apply the safe fixes of the active document. Runs the `source.fixAll.palisade` code actions (the
 * same path as `editor.codeActionsOnSave`); falls back to the server's `palisade.server.fixAll` command when the server
 * offers no such action. Returns the number of applied actions.
 */
export async function fixAllInFile(client: LanguageClient | undefined, target?: vscode.Uri): Promise<number> {
  const document = target
    ? await vscode.workspace.openTextDocument(target)
    : vscode.window.activeTextEditor?.document;
  if (!document || !client?.isRunning()) {
    vscode.window.setStatusBarMessage('$(warning) Palisade: open a Dockerfile or manifest to fix', 5000);
    return 0;
  }
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND, 10) ?? [];  // 10: resolve lazy edits
  let applied = 0;
  for (const action of actions) {
    if (!('kind' in action) || !action.kind || !vscode.CodeActionKind.SourceFixAll.contains(action.kind)) continue;
    if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) continue;
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    applied++;
  }
  if (applied === 0 && client.initializeResult?.capabilities.executeCommandProvider?.commands.includes(ServerCommands.fixAll)) {
    await client.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.fixAll, arguments: [document.uri.toString()] });
    applied = 1;
  }
  vscode.window.setStatusBarMessage(applied ? '$(check) Palisade: safe fixes applied' : '$(info) Palisade: nothing to fix automatically', 4000);
  return applied;
}
