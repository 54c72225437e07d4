// A real LSP client for tests: spawns `node dist/server.js --stdio` and speaks JSON-RPC over its pipes with
// vscode-jsonrpc. It keeps the client-side text of every open document (applying incremental edits exactly as an
// editor does), records every notification, answers the server's requests (configuration, registrations, applyEdit)
// and lets tests wait on notifications instead of sleeping.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './fixtures.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

export const SERVER_PATH = path.join(root, 'dist', 'server.js');

/** The capabilities VS Code announces that matter to the server. */
export const VSCODE_LIKE_CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    applyEdit: true,
    executeCommand: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: {
      isPreferredSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll'] } },
    },
  },
  window: { workDoneProgress: true },
};

export function fileUri(p) {
  return pathToFileURL(p).href;
}

/** Start a server and initialize it. Options: capabilities, initializationOptions, workspaceFolders (paths), settings. */
export async function startLspClient(options = {}) {
  const client = new LspClient(options);
  await client.initialize();
  return client;
}

/** Documents opened by `openFresh` so far: their names' prefix. */
let freshDocuments = 0;

export class LspClient {
  constructor({ capabilities = VSCODE_LIKE_CAPABILITIES, initializationOptions = { debounceMs: 20 }, workspaceFolders = [], settings = {}, serverArgs = ['--stdio'] } = {}) {
    this.capabilities = capabilities;
    this.initializationOptions = initializationOptions;
    this.workspaceFolders = workspaceFolders;
    /** While set to a promise, `workspace/configuration` answers wait for it. */
    this.configurationGate = undefined;
    /** What `workspace/configuration` answers for the `palisade` section (per scope URI via settingsByScope). */
    this.settings = settings;
    this.settingsByScope = new Map();
    this.documents = new Map();
    /** uri → every publishDiagnostics params received, in order. */
    this.published = new Map();
    this.notifications = [];
    this.logs = [];
    this.registrations = [];
    this.configurationRequests = [];
    this.appliedEdits = [];
    this.waiters = [];
    this.stderr = '';
    this.exited = undefined;
    // `--node-ipc` is how VS Code starts the server: messages go over node's IPC channel instead of stdin/stdout
    const ipc = serverArgs.includes('--node-ipc');
    this.process = spawn(process.execPath, [SERVER_PATH, ...serverArgs], { stdio: ['pipe', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])] });
    this.process.stderr.on('data', (d) => { this.stderr += d; });
    this.exitPromise = new Promise((resolve) => this.process.on('exit', (code, signal) => { this.exited = { code, signal }; resolve(this.exited); this.check(); }));
    this.connection = ipc
      ? rpc.createMessageConnection(new rpc.IPCMessageReader(this.process), new rpc.IPCMessageWriter(this.process))
      : rpc.createMessageConnection(new rpc.StreamMessageReader(this.process.stdout), new rpc.StreamMessageWriter(this.process.stdin));
    this.connection.onNotification((method, params) => this.record(method, params));
    this.connection.onRequest('workspace/configuration', async (params) => {
      this.configurationRequests.push(params);
      this.check();
      // a test may hold the answer back (to create a slow configuration read) by setting `configurationGate`
      if (this.configurationGate) await this.configurationGate;
      return params.items.map((item) => (item.section === 'palisade' ? this.settingsFor(item.scopeUri) : null));
    });
    this.connection.onRequest('client/registerCapability', (params) => { this.registrations.push(...params.registrations); this.check(); return null; });
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/applyEdit', (params) => {
      this.appliedEdits.push(params);
      this.applyWorkspaceEdit(params.edit);
      return { applied: true };
    });
    this.connection.onError(() => {});
    this.connection.listen();
  }

  settingsFor(scopeUri) {
    return scopeUri && this.settingsByScope.has(scopeUri) ? this.settingsByScope.get(scopeUri) : this.settings;
  }

  async initialize() {
    const folders = this.workspaceFolders.map((p) => ({ uri: fileUri(p), name: path.basename(p) }));
    this.initializeResult = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'palisade-test-client' },
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders.length ? folders : null,
      capabilities: this.capabilities,
      initializationOptions: this.initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return this.initializeResult;
  }

  record(method, params) {
    this.notifications.push({ method, params, at: performance.now() });
    if (method === 'textDocument/publishDiagnostics') {
      const list = this.published.get(params.uri) ?? [];
      list.push(params);
      this.published.set(params.uri, list);
    } else if (method === 'window/logMessage') {
      this.logs.push(params);
    }
    this.check();
  }

  check() {
    for (const w of [...this.waiters]) {
      let value;
      try {
        value = w.test();
      } catch (e) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.reject(e);
        continue;
      }
      if (value !== undefined) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(value);
      } else if (this.exited) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.reject(new Error(`server exited (${JSON.stringify(this.exited)}) while waiting for ${w.what}\n${this.stderr}`));
      }
    }
  }

  /** Resolve with the first non-undefined value of `test()`, re-evaluated on every message. */
  waitUntil(what, test, timeoutMs = 15000) {
    return new Promise((resolve, reject) => {
      const w = { what, test, resolve, reject };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; logs: ${JSON.stringify(this.logs.slice(-5))}`));
      }, timeoutMs);
      this.waiters.push(w);
      this.check();
    });
  }

  /** Number of diagnostics publications received so far for a URI (pass to `waitForDiagnostics` as `after`). */
  mark(uri) {
    return this.published.get(uri)?.length ?? 0;
  }

  /**
   * The first publication for `uri` after index `after` that satisfies `predicate` (default: any). With `version`,
   * the publication must carry that document version.
   */
  waitForDiagnostics(uri, { after = 0, version, predicate = () => true, timeoutMs } = {}) {
    return this.waitUntil(`diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''}`, () => {
      const list = this.published.get(uri) ?? [];
      for (let i = after; i < list.length; i++) {
        if ((version === undefined || list[i].version === version) && predicate(list[i])) return list[i];
      }
      return undefined;
    }, timeoutMs);
  }

  /** The first notification of `method` after index `after` (of `notifications`) satisfying `predicate`. */
  waitForNotification(method, { after = 0, predicate = () => true, timeoutMs } = {}) {
    return this.waitUntil(`notification ${method}`, () => {
      for (let i = after; i < this.notifications.length; i++) {
        const n = this.notifications[i];
        if (n.method === method && predicate(n.params)) return n.params;
      }
      return undefined;
    }, timeoutMs);
  }

  /** Wait until the server reports no pending analysis (`palisade/status` state is not `busy`). */
  async waitForIdle(timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.request('palisade/status');
      if (status.state !== 'busy') return status;
      if (Date.now() > deadline) throw new Error('the server stayed busy');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /**
   * Open a document in `dir` under a name not used before in this process (`<n>-<name>`), so that no test sees another
   * test's document, and wait for its first diagnostics.
   */
  async openFresh(dir, name, languageId, text) {
    const uri = fileUri(path.join(dir, `${freshDocuments++}-${name}`));
    await this.open(uri, languageId, text);
    const published = await this.waitForDiagnostics(uri, { version: 1 });
    return { uri, published };
  }

  /** Apply a workspace edit in the client, send it to the server and wait for the diagnostics of `uri`'s new version. */
  async applyAndWait(uri, edit) {
    const versions = await this.applyWorkspaceEdit(edit);
    return this.waitForDiagnostics(uri, { version: versions[uri] });
  }

  /** Wait until the workspace index is complete (`palisade/status`); resolves with that status. */
  async waitForIndex(timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.request('palisade/status');
      if (status.indexing?.complete) return status;
      if (Date.now() > deadline) throw new Error(`the index never completed: ${JSON.stringify(status.indexing)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  lastDiagnostics(uri) {
    const list = this.published.get(uri);
    return list?.[list.length - 1];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Documents

  open(uri, languageId, text, version = 1) {
    this.documents.set(uri, TextDocument.create(uri, languageId, version, text));
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  text(uri) {
    return this.documents.get(uri).getText();
  }

  version(uri) {
    return this.documents.get(uri).version;
  }

  /** Send incremental changes `[{range, text}]` (applied in order, as LSP defines); returns the new version. */
  async change(uri, contentChanges) {
    const doc = this.documents.get(uri);
    const version = doc.version + 1;
    TextDocument.update(doc, contentChanges, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return version;
  }

  /** Insert `text` at a position; returns the new version. */
  insert(uri, line, character, text) {
    const p = { line, character };
    return this.change(uri, [{ range: { start: p, end: p }, text }]);
  }

  /** Apply LSP text edits (all relative to the current text) as one incremental change; returns the new version. */
  applyTextEdits(uri, edits) {
    const doc = this.documents.get(uri);
    const before = doc.getText();
    const after = TextDocument.applyEdits(doc, edits);
    return this.change(uri, [{ range: { start: doc.positionAt(0), end: doc.positionAt(before.length) }, text: after }]);
  }

  /** Apply a WorkspaceEdit (changes or documentChanges, snippet edits as plain text) to open documents. */
  async applyWorkspaceEdit(edit) {
    const byUri = new Map();
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, edits);
    for (const change of edit.documentChanges ?? []) {
      if (!change.textDocument) continue;
      const doc = this.documents.get(change.textDocument.uri);
      if (doc && change.textDocument.version != null && change.textDocument.version !== doc.version) {
        throw new Error(`stale edit for ${change.textDocument.uri}: v${change.textDocument.version}, document is v${doc.version}`);
      }
      byUri.set(change.textDocument.uri, change.edits.map((e) => (e.snippet ? { range: e.range, newText: snippetText(e.snippet.value) } : e)));
    }
    const versions = {};
    for (const [uri, edits] of byUri) versions[uri] = await this.applyTextEdits(uri, edits);
    return versions;
  }

  close(uri) {
    this.documents.delete(uri);
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  notify(method, params) {
    return this.connection.sendNotification(method, params);
  }

  hover(uri, line, character) {
    return this.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  codeActions(uri, range, diagnostics, only) {
    return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  /** Change the settings and tell the server (pull model: it asks again). */
  async updateSettings(settings) {
    this.settings = settings;
    await this.notify('workspace/didChangeConfiguration', { settings: null });
  }

  async shutdown() {
    if (this.exited) return this.exited;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the server is gone already
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    const result = await this.exitPromise;
    clearTimeout(timer);
    this.connection.dispose();
    return result;
  }
}

/** A snippet's text as inserted once the user accepts every placeholder as is. */
export function snippetText(snippet) {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) { out += snippet[++i]; continue; }
    if (c === '$' && snippet[i + 1] === '{') {
      const colon = snippet.indexOf(':', i);
      const close = snippet.indexOf('}', i);
      if (colon > 0 && colon < close) { out += snippetText(snippet.slice(colon + 1, close)); i = close; continue; }
      i = close;
      continue;
    }
    if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) { while (/\d/.test(snippet[i + 1] ?? '')) i++; continue; }
    out += c;
  }
  return out;
}

/** Offset-free helpers for finding positions in test texts. */
export function positionOf(text, needle, from = 0) {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function rangeOf(text, needle, from = 0) {
  const start = positionOf(text, needle, from);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}
