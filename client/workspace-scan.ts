/**
 * The workspace scan: the client lists the workspace's Dockerfiles, manifests, `.dockerignore` and kustomization files
 * (VS Code's `files.exclude` and `search.exclude` applied, then what the folder's `.gitignore` files ignore) and hands
 * them to the server, which indexes them for the cross-file
 * rules and, for a scan, publishes the findings of files that are not open into the Problems panel.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GitignoreMatcher, MAX_GITIGNORE_BYTES } from '../rules/core/gitignore.js';
import { Methods, type IndexingStatus, type ScanWorkspaceResult } from '../server/protocol.js';

/** Every file name the server indexes (see `server/workspace-index.ts`). */
const INDEXED_FILES = '**/{*.yaml,*.yml,*.json,*Dockerfile*,Containerfile*,.dockerignore,*.dockerignore,Kustomization}';
/** `.gitignore` files, read to leave out what git ignores. */
const GITIGNORE_FILES = '**/.gitignore';
/** Never worth listing, whatever the settings say. */
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];
/** Most files listed per folder. */
const MAX_FILES_PER_FOLDER = 20_000;

/** The `search.exclude` globs in force for a folder (entries set to `true`), plus the ones always left out. */
function excludeGlob(folder: vscode.WorkspaceFolder): string {
  const configured = vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  const globs = [...ALWAYS_EXCLUDED, ...Object.entries(configured).filter(([, on]) => on === true).map(([glob]) => glob)];
  return `{${globs.map((g) => g.replace(/[{}]/g, '')).join(',')}}`;
}

/** `file:` URIs of the indexable files of every workspace folder (multi-root), sorted. */
export async function findWorkspaceFiles(token?: vscode.CancellationToken): Promise<string[]> {
  const out: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (token?.isCancellationRequested) break;
    // files.exclude applies as well: findFiles adds it to the exclude given here
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, INDEXED_FILES), excludeGlob(folder), MAX_FILES_PER_FOLDER, token);
    const ignore = await gitignoreOf(folder, token);
    for (const uri of found) {
      if (uri.scheme !== 'file') continue;
      const rel = relativeTo(folder.uri, uri);
      if (rel !== undefined && ignore.ignores(rel)) continue;
      out.push(uri.toString());
    }
  }
  return [...new Set(out)].sort();
}

/** The `.gitignore` files of a workspace folder (root and nested), read into one matcher. */
async function gitignoreOf(folder: vscode.WorkspaceFolder, token?: vscode.CancellationToken): Promise<GitignoreMatcher> {
  const matcher = new GitignoreMatcher();
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, GITIGNORE_FILES), excludeGlob(folder), MAX_FILES_PER_FOLDER, token);
  const decoder = new TextDecoder('utf-8');
  for (const uri of files) {
    if (token?.isCancellationRequested) break;
    const rel = relativeTo(folder.uri, uri);
    if (rel === undefined) continue;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_GITIGNORE_BYTES) continue;
      matcher.add(rel.split('/').slice(0, -1).join('/'), decoder.decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      // an unreadable .gitignore ignores nothing
    }
  }
  return matcher;
}

/** The `/`-separated path of `uri` inside `folder`, or undefined when it is not inside. */
function relativeTo(folder: vscode.Uri, uri: vscode.Uri): string | undefined {
  const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
}

/** Tell the server which files make up the workspace (after the start, and when folders change). */
export async function sendWorkspaceFiles(client: LanguageClient): Promise<void> {
  const uris = await findWorkspaceFiles();
  await client.sendNotification(Methods.workspaceFiles, { uris });
}

/** Listeners of indexing progress while a scan runs (one notification handler per client). */
const progressListeners = new Set<(status: IndexingStatus) => void>();

/** Route the server's indexing progress to running scans; call once per started client. */
export function listenToIndexing(client: LanguageClient): vscode.Disposable {
  return client.onNotification(Methods.indexingProgress, (status: IndexingStatus) => {
    for (const listener of progressListeners) listener(status);
  });
}

/** The `Palisade: Scan Workspace` command: a cancellable progress notification with files done / total. */
export async function scanWorkspace(client: LanguageClient | undefined): Promise<ScanWorkspaceResult | undefined> {
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage('Palisade: the language server is not running.');
    return undefined;
  }
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Palisade: open a folder to scan it.');
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Palisade: scanning the workspace', cancellable: true },
    async (progress, token) => {
      progress.report({ message: 'listing files…' });
      const uris = await findWorkspaceFiles(token);
      if (token.isCancellationRequested) return undefined;
      let reported = 0;
      const listener = (status: IndexingStatus): void => {
        if (!status.total) return;
        const percent = (status.done / status.total) * 100;
        progress.report({ message: `${status.done} / ${status.total} files`, increment: Math.max(0, percent - reported) });
        reported = percent;
      };
      progressListeners.add(listener);
      try {
        const result = await client.sendRequest(Methods.scanWorkspace, { uris }, token) as ScanWorkspaceResult | null;
        if (!result?.completed || token.isCancellationRequested) return undefined;
        const t = result.totals;
        void vscode.window.showInformationMessage(
          `Palisade scanned ${result.files} file${result.files === 1 ? '' : 's'}: ${t.error} error${t.error === 1 ? '' : 's'}, ${t.warning} warning${t.warning === 1 ? '' : 's'}, ${t.info} info.`,
        );
        return result;
      } catch (error) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`Palisade: the scan failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      } finally {
        progressListeners.delete(listener);
      }
    },
  );
}
