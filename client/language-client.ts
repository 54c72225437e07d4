import * as vscode from 'vscode';
import {
  CloseAction, DidChangeConfigurationNotification, ErrorAction, LanguageClient, State, TransportKind,
  type CloseHandlerResult, type DocumentSelector, type ErrorHandler, type ErrorHandlerResult, type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { readSettings, SETTINGS_SECTION } from './settings.js';

/** The id of the language client: VS Code reads `palisade.trace.server` from it. */
export const CLIENT_ID = 'palisade';
export const CLIENT_NAME = 'Palisade';

/** Every document the server sees: Dockerfiles by language or by name, YAML and JSON (Kubernetes manifests). */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  ...['dockerfile', 'yaml', 'json'].flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]),
  ...['**/Dockerfile', '**/*.Dockerfile', '**/Dockerfile.*', '**/Containerfile*'].map((pattern) => ({ scheme: 'file', pattern })),
];

/** Whether Palisade analyses this document. */
export function isPalisadeDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(DOCUMENT_SELECTOR as vscode.DocumentSelector, document) > 0;
}

/** A language client that never pops up notifications: failures go to the output channel and the status item. */
export class PalisadeLanguageClient extends LanguageClient {
  /** The last error the client logged, shown in the status item's tooltip. */
  lastError: string | undefined;

  constructor(serverOptions: ServerOptions, clientOptions: LanguageClientOptions, private readonly onErrorLogged: () => void) {
    super(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  }

  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
    this.lastError = message;
    this.onErrorLogged();
  }
}

/**
 * Restart a crashed server a few times, then give up and let the status item show the error (no popup loops).
 * Five restarts within three minutes means the server crashes on something it will keep seeing. A server that never
 * came up is not restarted at all: it would fail the same way.
 */
class RestartBudget implements ErrorHandler {
  private restarts: number[] = [];

  constructor(private readonly hasRun: () => boolean) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    if (!this.hasRun()) {
      return { action: CloseAction.DoNotRestart, message: 'The Palisade server stopped while starting (see above). Run "Palisade: Restart Server" to try again.', handled: true };
    }
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t < 3 * 60_000), now];
    if (this.restarts.length <= 5) return { action: CloseAction.Restart, handled: true };
    return { action: CloseAction.DoNotRestart, message: 'The Palisade server crashed 5 times in the last 3 minutes and will not be restarted. Run "Palisade: Restart Server" to try again.', handled: true };
  }
}

/**
 * Create (not start) the client for `dist/server.js` over IPC.
 * The server pulls `palisade` settings per resource; the middleware answers with validated settings.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, onErrorLogged: () => void): PalisadeLanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  let hasRun = false;
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // evaluated at every (re)start, so a restart after the workspace was trusted passes the new state
    initializationOptions: () => ({
      settings: readSettings(), trusted: vscode.workspace.isTrusted,
      // the extension lists the workspace's files itself (files.exclude, search.exclude): see workspace-scan.ts
      workspaceFiles: !!vscode.workspace.workspaceFolders?.length,
      scanOnStartup: vscode.workspace.getConfiguration('palisade').get<boolean>('scanOnStartup', false),
    }),
    // no synchronize.fileEvents: the server registers the file watchers it needs (configuration files) itself
    errorHandler: new RestartBudget(() => hasRun),
    initializationFailedHandler: () => false,
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) =>
            item.section === SETTINGS_SECTION ? readSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answers[i]);
        },
      },
      // `palisade.enable: false` for a folder hides its findings even if the server has not seen the change yet
      handleDiagnostics: (uri, diagnostics, next) => next(uri, readSettings(uri).enable ? diagnostics : []),
    },
  };
  const client = new PalisadeLanguageClient(serverOptions, clientOptions, onErrorLogged);
  client.onDidChangeState(({ newState }) => { if (newState === State.Running) hasRun = true; });
  return client;
}

/** Tell the server that `palisade.*` changed; it re-reads the settings (and gets the window-level ones right away). */
export function notifySettingsChanged(client: LanguageClient): Promise<void> {
  return client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SETTINGS_SECTION]: readSettings() } });
}
