/**
 * Palisade for VS Code: starts the language server (`dist/server.js`, over IPC) and adds the editor-only parts —
 * the status item, the commands, the rule documentation view. Everything that analyses files lives in the server.
 */
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { registerFindingsView } from './findings-view.js';
import { fixAllInFile } from './fix-all.js';
import { createLanguageClient, isPalisadeDocument, notifySettingsChanged, type PalisadeLanguageClient } from './language-client.js';
import { Methods } from '../server/protocol.js';
import { showPosture } from './posture-view.js';
import { exportSarif } from './sarif-export.js';
import { DOCS_SCHEME, RuleDocsProvider, showRuleDocs } from './rule-docs.js';
import { SETTINGS_SECTION } from './settings.js';
import { StatusItem } from './status-item.js';
import { listenToIndexing, scanWorkspace, sendWorkspaceFiles } from './workspace-scan.js';

let client: PalisadeLanguageClient | undefined;
/** Set while the client stops on purpose, so that a stop is not shown as a failure. */
let stopping = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Palisade', { log: true });
  const status = new StatusItem(isPalisadeDocument);
  context.subscriptions.push(output, status);

  const start = async (): Promise<void> => {
    const next = createLanguageClient(context, output, () => {
      if (client === next && next.state === State.Stopped && !stopping) status.setState('error', next.lastError);
    });
    client = next;
    next.onDidChangeState(({ newState }) => {
      if (client !== next) return;
      if (newState === State.Starting) status.setState('starting');
      else if (newState === State.Running) status.setState('running');
      else status.setState(stopping ? 'stopped' : 'error', stopping ? undefined : next.lastError);
    });
    next.onNotification(Methods.findingsChanged, () => status.refresh());
    listenToIndexing(next);
    status.setState('starting');
    try {
      await next.start();
      if (vscode.workspace.workspaceFolders?.length) {
        sendWorkspaceFiles(next).catch((error) => output.warn('Listing the workspace files failed', error));
      }
    } catch (error) {
      output.error(`The Palisade server failed to start: ${error instanceof Error ? error.message : String(error)}`);
      status.setState('error', error instanceof Error ? error.message : String(error));
    }
  };

  const stop = async (): Promise<void> => {
    const current = client;
    if (!current) return;
    stopping = true;
    try {
      if (current.needsStop()) await current.stop();
    } catch (error) {
      output.warn('Stopping the Palisade server failed', error);
    } finally {
      await current.dispose().catch(() => undefined);
      stopping = false;
    }
  };

  const restart = async (): Promise<void> => {
    await stop();
    await start();
  };

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, new RuleDocsProvider(() => client)),
    vscode.commands.registerCommand('palisade.showRuleDocs', (arg?: unknown) => showRuleDocs(client, arg)),
    vscode.commands.registerCommand('palisade.fixAll', (uri?: unknown) => fixAllInFile(client, uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('palisade.restartServer', restart),
    vscode.commands.registerCommand('palisade.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('palisade.showPosture', () => showPosture(() => client)),
    vscode.commands.registerCommand('palisade.scanWorkspace', () => scanWorkspace(client)),
    registerFindingsView(() => client),
    vscode.commands.registerCommand('palisade.exportSarif', () => exportSarif(context.extension.packageJSON?.version)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (client?.isRunning()) sendWorkspaceFiles(client).catch((error) => output.warn('Listing the workspace files failed', error));
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS_SECTION) && client?.isRunning()) {
        notifySettingsChanged(client).catch((error) => output.warn('Sending the settings failed', error));
      }
    }),
    // custom rules from the workspace configuration run only in trusted workspaces: the server learns at start
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
    { dispose: () => void stop() },
  );

  await start();
}

export async function deactivate(): Promise<void> {
  const current = client;
  client = undefined;
  if (!current) return;
  stopping = true;
  if (current.needsStop()) await current.stop().catch(() => undefined);
}

