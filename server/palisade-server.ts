import { existsSync, promises as fs } from 'node:fs';
import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, TextDocuments,
  TextDocumentSyncKind, type CodeAction, type Connection, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PRESETS, inPreset } from '../rules/core/config.js';
import { LintSession, MAX_FILE_BYTES } from '../rules/core/engine.js';
import { categoryOf } from '../rules/core/rule.js';
import { defaultEngine, explain } from '../rules/index.js';
import { version as SERVER_VERSION } from '../package.json';
import { BaselineStore } from './baseline.js';
import {
  diagnosticActions, fixAllAction, fixesFromData, fixesFromFindings, kindRequested, palisadeDiagnostics, workspaceEdit,
  type DiagnosticFixes, type EditCapabilities,
} from './code-actions.js';
import { configCompletions, configHover } from './config-language.js';
import { ConfigStore, isConfigFileName, type DocumentConfig } from './config-store.js';
import { addCounts, configDiagnostics, emptyCounts } from './diagnostics.js';
import { DocumentAnalyser, isAnalysable, type AnalysisResult } from './document-analyser.js';
import { isExcluded } from './exclude-globs.js';
import { fixAllSafe, hasSafeFix, minimalEdit } from './fix-all.js';
import { guarded, guardedNotification } from './handler-guard.js';
import { hoverAt } from './hover.js';
import { fileSignature, readSmallFile, readSmallFileBytes } from './read-file.js';
import { computePosture, type PostureParams } from './posture.js';
import {
  Commands, FIX_ALL_KIND, Methods, ServerCommands, ruleDocsUrl,
  type DiagnosticData, type ExplainParams, type InitializationOptions, type RuleInfo, type ScanWorkspaceParams, type ScanWorkspaceResult, type StatsParams,
  type StatusResult, type WorkspaceFilesParams,
} from './protocol.js';
import { fileNameOfUri, pathOfUri, uriOfPath } from './uris.js';
import { INDEXED_FILE_WATCHERS, WorkspaceIndexer, walkWorkspace } from './workspace-index.js';

const DEFAULT_DEBOUNCE_MS = 100;
/** A configuration file larger than this is not a configuration file. */
const MAX_CONFIG_BYTES = 1024 * 1024;

const CONFIG_WATCHERS = [{ globPattern: '**/.palisade.{yaml,yml}' }, { globPattern: '**/palisade.config.yaml' }];

/** Wire the Palisade language server onto a connection (any transport). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const engine = defaultEngine();
  const logError = (message: string): void => connection.console.error(message);
  const logWarning = (message: string): void => connection.console.warn(message);

  let configurationPull = false;
  let watchedFilesDynamic = false;
  let configurationChangeDynamic = false;
  let workspaceFoldersSupported = false;
  let codeActionResolve = false;
  let editCapabilities: EditCapabilities = { documentChanges: false, snippetEdits: false };
  let initOptions: InitializationOptions = {};
  /** Settings pushed through `didChangeConfiguration` by clients that cannot be asked. */
  let pushedSettings: unknown;
  let folderUris: string[] = [];
  /** Open documents by path, so configuration files open in the editor are read from the editor. */
  const openByPath = new Map<string, string>();

  const configs = new ConfigStore({
    fetchSettings: async (scopeUri) => {
      if (configurationPull) return connection.workspace.getConfiguration({ scopeUri, section: 'palisade' });
      return pushedSettings ?? initOptions.settings;
    },
    openText: (path) => {
      const uri = openByPath.get(path);
      return uri ? documents.get(uri)?.getText() : undefined;
    },
    readFile: async (path) => {
      try {
        const stat = await fs.stat(path);
        if (!stat.isFile() || stat.size > MAX_CONFIG_BYTES) return undefined;
        return await fs.readFile(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    publishConfigProblems: (path, text, problems) => {
      const uri = openByPath.get(path) ?? uriOfPath(path);
      void connection.sendDiagnostics({ uri, diagnostics: configDiagnostics(text, problems) });
    },
    log: logWarning,
  }, engine.registry);

  const baselines = new BaselineStore(logWarning);
  const indexer: WorkspaceIndexer = new WorkspaceIndexer({
    documents,
    configs,
    engine,
    readBytes: (path) => readSmallFileBytes(path, MAX_FILE_BYTES),
    fileSignature,
    publishDiagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    refreshOpen: (uris) => analyser.refresh(uris),
    progress: (status) => void connection.sendNotification(Methods.indexingProgress, status),
    log: (message) => connection.console.log(message),
  });
  const analyser = new DocumentAnalyser({
    documents,
    configs,
    engine,
    get debounceMs() {
      const d = initOptions.debounceMs;
      return typeof d === 'number' && Number.isFinite(d) && d >= 0 ? Math.min(d, 10_000) : DEFAULT_DEBOUNCE_MS;
    },
    publishDiagnostics: (uri, version, diagnostics) => void connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics }),
    findingsChanged: (params) => void connection.sendNotification(Methods.findingsChanged, params),
    baselineFor: async (uri) => {
      const path = pathOfUri(uri);
      if (path === undefined) return undefined;
      const folder = configs.workspaceFolderOf(path);
      const settings = await configs.settingsFor(folder);
      return baselines.forDocument(path, folder, settings.baseline, settings.baselineSeverity);
    },
    workspace: (uri) => indexer.indexFor(uri),
    analysed: (uri, summary, config) => indexer.documentAnalysed(uri, summary, config),
    configDocumentChanged: (document) => {
      const path = pathOfUri(document.uri);
      if (path === undefined || configs.lastText(path) === document.getText()) return;
      reloadConfiguration([path]);
    },
    log: logError,
  });

  /** Settings or configuration files changed: drop every cached configuration and analyse again. */
  function reloadConfiguration(changedConfigFiles: string[] = []): void {
    configs.invalidate();
    for (const path of changedConfigFiles) void configs.loadConfigFile(path);
    analyser.scheduleAll(0);
    // excludes, enablement and per-file configurations may have changed: index again
    if (indexStarted) void indexWorkspace({ publishClosed: indexer.publishesClosedFiles });
  }

  /** Files the client listed (`palisade/workspaceFiles`); undefined: walk the workspace folders. */
  let clientFiles: string[] | undefined;
  let indexStarted = false;

  /** (Re)build the workspace index from the client's list or a walk; a newer call supersedes an older one. */
  async function indexWorkspace(options: { uris?: string[]; publishClosed?: boolean; isCancelled?: () => boolean } = {}): Promise<boolean> {
    indexStarted = true;
    if (!configs.workspaceFolders.length) return false;
    let paths: string[];
    if (options.uris) paths = options.uris.map(pathOfUri).filter((p): p is string => p !== undefined);
    else if (clientFiles) paths = clientFiles;
    else paths = await walkWorkspace(configs.workspaceFolders, (m) => connection.console.log(m), options.isCancelled);
    return indexer.rebuild(paths, { publishClosed: options.publishClosed, isCancelled: options.isCancelled });
  }

  function shouldLint(document: TextDocument, config: DocumentConfig): boolean {
    const path = pathOfUri(document.uri);
    return config.enabled && isAnalysable(document) && !(path !== undefined && (isConfigFileName(path) || isExcluded(path, config.excludes)));
  }

  /** The single edit applying every safe fix of a document, or undefined when there is nothing to fix. */
  async function computeFixAll(uri: string): Promise<{ document: TextDocument; edit: NonNullable<ReturnType<typeof minimalEdit>>; applied: number } | undefined> {
    const before = documents.get(uri);
    if (!before) return undefined;
    const config = await configs.forDocument(uri);
    const document = documents.get(uri);
    if (!document || document.version !== before.version || !shouldLint(document, config)) return undefined;
    const text = document.getText();
    const session = new LintSession();
    const { text: fixed, applied } = fixAllSafe(text, (t) => analyser.lintText(document, t, config, session));
    const edit = minimalEdit(text, fixed);
    return edit ? { document, edit, applied } : undefined;
  }

  /** A rule's markdown; custom rules are looked up in the document's configuration, else in any open document's. */
  async function explainMarkdown(ruleId: unknown, uri?: unknown): Promise<string | null> {
    if (typeof ruleId !== 'string') return null;
    const builtin = explain(ruleId);
    if (builtin) return builtin;
    const candidates = typeof uri === 'string' && documents.get(uri) ? [(await configs.forDocument(uri)).config] : analyser.latestConfigs();
    for (const config of candidates) {
      const markdown = explain(ruleId, config);
      if (markdown) return markdown;
    }
    return null;
  }

  function ruleInfos(): RuleInfo[] {
    return engine.registry.map((rule) => {
      const m = rule.meta;
      return {
        id: m.id, title: m.title, language: rule.language, stage: m.stage, category: categoryOf(m), severity: m.severity,
        enabledByDefault: m.enabledByDefault !== false, fix: m.fix, profiles: [...(m.profiles ?? [])],
        presets: PRESETS.filter((p) => inPreset(rule, p)), equivalents: { ...m.equivalents }, docsUrl: ruleDocsUrl(m.id),
        ...(m.options ? { options: m.options as RuleInfo['options'] } : {}),
      };
    });
  }

  async function status(): Promise<StatusResult> {
    const scopes = configs.workspaceFolders.length ? [...configs.workspaceFolders] : [undefined];
    const settings = await Promise.all(scopes.map((s) => configs.settingsFor(s)));
    const disabled = settings.every((s) => !s.enable);
    return {
      state: disabled ? 'disabled' : analyser.busy ? 'busy' : 'ready',
      documents: analyser.documentStatuses(),
      totals: analyser.totals(),
      indexing: indexer.indexing,
      workspaceTotals: addCounts(analyser.totals(), indexer.closedTotals()),
      configProblems: [...configs.problemCounts].filter(([, n]) => n > 0).map(([path, count]) => ({ uri: openByPath.get(path) ?? uriOfPath(path), count })),
    };
  }

  function uriArgument(arg: unknown): string | undefined {
    if (typeof arg === 'string') return arg;
    if (arg && typeof arg === 'object') {
      const o = arg as { uri?: unknown; external?: unknown; scheme?: unknown; path?: unknown; authority?: unknown };
      if (typeof o.uri === 'string') return o.uri;
      if (typeof o.external === 'string') return o.external;
      if (o.scheme === 'file' && typeof o.path === 'string') return uriOfPath(o.path);
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Lifecycle

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities ?? {};
    configurationPull = !!caps.workspace?.configuration;
    watchedFilesDynamic = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    configurationChangeDynamic = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    workspaceFoldersSupported = !!caps.workspace?.workspaceFolders;
    codeActionResolve = !!caps.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit');
    editCapabilities = {
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      snippetEdits: !!(caps.workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport,
      createFiles: !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
    };
    const options = params.initializationOptions;
    initOptions = options && typeof options === 'object' ? options as InitializationOptions : {};
    configs.trusted = initOptions.trusted !== false;
    folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    configs.setWorkspaceFolders(folderUris);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        // completion is for configuration files (keys, values, rule ids): see config-language.ts
        completionProvider: { triggerCharacters: [':', ' ', '/'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        executeCommandProvider: { commands: [ServerCommands.fixAll, ServerCommands.showRuleDocs] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'palisade', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (configurationChangeDynamic) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'palisade' })
        .catch((e: unknown) => logWarning(`Cannot watch the palisade settings: ${String(e)}`));
    }
    if (watchedFilesDynamic) {
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [...CONFIG_WATCHERS, ...INDEXED_FILE_WATCHERS] })
        .catch((e: unknown) => logWarning(`Cannot watch the configuration files: ${String(e)}`));
    }
    if (workspaceFoldersSupported) {
      connection.workspace.onDidChangeWorkspaceFolders(guardedNotification('didChangeWorkspaceFolders', logError, (e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        folderUris = [...folderUris.filter((u) => !removed.has(u)), ...e.added.map((f) => f.uri)];
        configs.setWorkspaceFolders(folderUris);
        analyser.scheduleAll(0);
        // the client sends a new list for the new folders; without one, walk again
        clientFiles = undefined;
        if (!initOptions.workspaceFiles) void indexWorkspace({ publishClosed: indexer.publishesClosedFiles });
      }));
    }
    // a client that lists the files itself (honouring its excludes) sends them; others get a walk of the folders
    if (!initOptions.workspaceFiles) void indexWorkspace({ publishClosed: initOptions.scanOnStartup === true });
  });

  connection.onNotification(Methods.workspaceFiles, guardedNotification('workspaceFiles', logError, (params: WorkspaceFilesParams) => {
    const uris = Array.isArray(params?.uris) ? params.uris.filter((u): u is string => typeof u === 'string') : [];
    clientFiles = uris.map(pathOfUri).filter((p): p is string => p !== undefined);
    void indexWorkspace({ publishClosed: indexer.publishesClosedFiles || initOptions.scanOnStartup === true });
  }));

  connection.onDidChangeConfiguration(guardedNotification('didChangeConfiguration', logError, (params) => {
    const pushed = (params?.settings as { palisade?: unknown } | null | undefined)?.palisade;
    if (pushed !== undefined) pushedSettings = pushed;
    reloadConfiguration();
  }));

  connection.onDidChangeWatchedFiles(guardedNotification('didChangeWatchedFiles', logError, (params) => {
    const all = (params?.changes ?? []).map((c) => ({ path: pathOfUri(c.uri), type: c.type }))
      .filter((c): c is { path: string; type: FileChangeType } => c.path !== undefined);
    for (const c of all) {
      if (isConfigFileName(c.path)) continue;
      if (clientFiles && c.type === FileChangeType.Created) clientFiles.push(c.path);
      void indexer.fileChanged(c.path, c.type === FileChangeType.Deleted);
    }
    const changed = all.filter((c) => isConfigFileName(c.path));
    if (!changed.length) return;
    for (const c of changed) if (c.type === FileChangeType.Deleted && !openByPath.has(c.path)) configs.clearProblems(c.path);
    reloadConfiguration(changed.filter((c) => c.type !== FileChangeType.Deleted || openByPath.has(c.path)).map((c) => c.path));
  }));

  // -------------------------------------------------------------------------------------------------------------------
  // Documents

  documents.onDidOpen(guardedNotification('didOpen', logError, ({ document }) => {
    const path = pathOfUri(document.uri);
    if (path !== undefined) openByPath.set(path, document.uri);
  }));

  documents.onDidChangeContent(guardedNotification('didChange', logError, ({ document }) => {
    analyser.schedule(document.uri);
  }));

  documents.onDidClose(guardedNotification('didClose', logError, ({ document }) => {
    analyser.close(document.uri);
    const path = pathOfUri(document.uri);
    if (path === undefined) return;
    openByPath.delete(path);
    // the editor's unsaved text no longer counts: read the file from disk again
    if (isConfigFileName(path)) reloadConfiguration([path]);
    else void indexer.documentClosed(document.uri);
  }));

  // -------------------------------------------------------------------------------------------------------------------
  // Features

  connection.onCompletion(guarded('completion', logError, null, (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !isConfigFileName(fileNameOfUri(document.uri))) return null;
    const items = configCompletions({ text: document.getText(), position: params.position, registry: engine.registry }, params.context?.triggerCharacter);
    return { isIncomplete: false, items };
  }));

  connection.onHover(guarded('hover', logError, null, async (params, token) => {
    const uri = params.textDocument.uri;
    const configDocument = documents.get(uri);
    if (!configDocument) return null;
    if (isConfigFileName(fileNameOfUri(uri))) return configHover({ text: configDocument.getText(), position: params.position, registry: engine.registry });
    const result = await analyser.resultFor(uri);
    const document = documents.get(uri);
    if (!document || token?.isCancellationRequested) return null;
    return hoverAt({
      text: document.getText(), fileName: fileNameOfUri(uri), languageId: document.languageId, position: params.position,
      findings: result && result.version === document.version ? result.findings : [], config: result?.config.config, engine,
    });
  }));

  connection.onCodeAction(guarded('codeAction', logError, [] as CodeAction[], async (params, token) => {
    const uri = params.textDocument.uri;
    const initial = documents.get(uri);
    if (!initial) return [];
    const only = params.context.only;
    let result: AnalysisResult | undefined;
    let analysed = false;
    const current = async (): Promise<AnalysisResult | undefined> => {
      if (!analysed) { result = await analyser.resultFor(uri); analysed = true; }
      return result;
    };
    const items: DiagnosticFixes[] = [];
    for (const diagnostic of palisadeDiagnostics(params.context)) {
      const data = diagnostic.data as DiagnosticData | undefined;
      let fixes = fixesFromData(diagnostic, initial.version, typeof data?.index === 'number' ? await current() : undefined);
      if (!fixes) {
        const r = await current();
        fixes = r && r.version === documents.get(uri)?.version ? fixesFromFindings(diagnostic, r.findings) : [];
      }
      items.push({ diagnostic, ruleId: diagnostic.code as string, fixes });
    }
    // the document changed while this request waited: its ranges are stale, and the editor asks again
    const document = documents.get(uri);
    if (!document || document.version !== initial.version || token?.isCancellationRequested) return [];
    const actions = diagnosticActions({
      document, target: { text: document.getText(), fileName: fileNameOfUri(uri), languageId: document.languageId },
      items, only, capabilities: editCapabilities,
      fileExists: (path) => openByPath.has(path) || existsSync(path),
      fileText: (path) => {
        const open = openByPath.get(path);
        if (open !== undefined) return documents.get(open)?.getText();
        return readSmallFile(path, MAX_FILE_BYTES);
      },
    });
    if (kindRequested(FIX_ALL_KIND, only)) {
      if (only) {
        const fixAll = await computeFixAll(uri);
        if (fixAll && !token?.isCancellationRequested) actions.push(fixAllAction(fixAll.document, fixAll.edit, editCapabilities));
      } else if (codeActionResolve) {
        const r = await current();
        if (r && hasSafeFix(r.findings)) actions.push(fixAllAction(document, undefined, editCapabilities));
      }
    }
    return token?.isCancellationRequested ? [] : actions;
  }));

  connection.onCodeActionResolve(async (action) => {
    try {
      const data = action.data as { uri?: unknown; version?: unknown } | undefined;
      if (action.kind !== FIX_ALL_KIND || typeof data?.uri !== 'string') return action;
      const fixAll = await computeFixAll(data.uri);
      if (fixAll && fixAll.document.version === data.version) action.edit = workspaceEdit(fixAll.document, [fixAll.edit], editCapabilities);
    } catch (e) {
      logError(`codeAction/resolve failed: ${(e as Error)?.stack ?? String(e)}`);
    }
    return action;
  });

  connection.onExecuteCommand(guarded('executeCommand', logError, null, async (params) => {
    const args = params.arguments ?? [];
    switch (params.command) {
      case Commands.showRuleDocs:
      case ServerCommands.showRuleDocs:
        return explainMarkdown(args[0], args[1]);
      case Commands.fixAll:
      case ServerCommands.fixAll: {
        const uri = uriArgument(args[0]);
        const fixAll = uri ? await computeFixAll(uri) : undefined;
        if (!fixAll) return { applied: false, fixes: 0 };
        const response = await connection.workspace.applyEdit({
          label: 'Fix all safe Palisade problems',
          edit: workspaceEdit(fixAll.document, [fixAll.edit], editCapabilities),
        });
        return { applied: response.applied, fixes: response.applied ? fixAll.applied : 0 };
      }
      default:
        return null;
    }
  }));

  connection.onRequest(Methods.explain, guarded('explain', logError, null, (params: ExplainParams) => explainMarkdown(params?.ruleId, params?.uri)));
  connection.onRequest(Methods.rules, guarded('rules', logError, [] as RuleInfo[], () => ruleInfos()));
  connection.onRequest(Methods.status, guarded('status', logError, { state: 'ready', documents: [], totals: emptyCounts(), configProblems: [] } as StatusResult, () => status()));
  connection.onRequest(Methods.stats, guarded('stats', logError, null, (params: StatsParams) => analyser.stats(params.uri)));
  connection.onRequest(Methods.scanWorkspace, guarded('scanWorkspace', logError, null as ScanWorkspaceResult | null, async (params: ScanWorkspaceParams, token) => {
    const uris = Array.isArray(params?.uris) ? params.uris.filter((u): u is string => typeof u === 'string') : undefined;
    if (uris) clientFiles = uris.map(pathOfUri).filter((p): p is string => p !== undefined);
    const completed = await indexWorkspace({ uris, publishClosed: true, isCancelled: () => !!token?.isCancellationRequested });
    return { completed, files: indexer.indexing.total, totals: addCounts(analyser.totals(), indexer.closedTotals()) };
  }));
  connection.onRequest(Methods.posture, guarded('posture', logError, null, async (params: PostureParams, token) => (await computePosture(params, { documents, configs, engine }, token)) ?? null));

  documents.listen(connection);
  connection.listen();
}
