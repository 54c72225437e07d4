import { createHash } from 'node:crypto';
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ResolvedConfig } from '../rules/core/config.js';
import { fileKindOf, MAX_FILE_BYTES, mergeFindings, type Engine } from '../rules/core/engine.js';
import { GitignoreMatcher, MAX_GITIGNORE_BYTES } from '../rules/core/gitignore.js';
import { isKustomizationFileName, kustomizePatchFiles } from '../rules/core/kustomize.js';
import type { Finding } from '../rules/core/types.js';
import { WorkspaceIndex, type FileSummary } from '../rules/core/workspace-index.js';
import { isDockerignoreName } from '../rules/core/workspace-summary.js';
import { isConfigFileName, type ConfigStore } from './config-store.js';
import { countFindings, emptyCounts, toDiagnostic } from './diagnostics.js';
import { isExcluded } from './exclude-globs.js';
import { readSmallFile, type FileSignature } from './read-file.js';
import type { FindingCounts, IndexingStatus } from './protocol.js';
import { basenameOf, isInside, pathOfUri, uriOfPath } from './uris.js';

/** The most files a server-side walk collects; a larger workspace is indexed in part and stays incomplete. */
export const MAX_WALKED_FILES = 20_000;
/** How deep a server-side walk descends. */
const MAX_WALK_DEPTH = 40;
/** Folders a walk never enters (besides hidden ones). */
const SKIPPED_FOLDERS = new Set(['node_modules', 'bower_components', '__pycache__']);

/** Glob patterns of the files the index keeps fresh through `workspace/didChangeWatchedFiles`. */
export const INDEXED_FILE_WATCHERS = [
  { globPattern: '**/*.{yaml,yml,json}' },
  { globPattern: '**/*Dockerfile*' },
  { globPattern: '**/Containerfile*' },
  { globPattern: '**/.dockerignore' },
  { globPattern: '**/*.dockerignore' },
  { globPattern: '**/Kustomization' },
];

/**
 * Whether a file takes part in the workspace index: Dockerfiles, YAML/JSON manifests, `.dockerignore` files and
 * kustomization files (their patches are partial manifests).
 */
export function isIndexedFileName(path: string): boolean {
  return !isConfigFileName(path) && (fileKindOf(path) !== 'unknown' || isDockerignoreName(path) || isKustomizationFileName(path));
}

/** What the indexer needs from the server. */
export interface IndexerHost {
  documents: TextDocuments<TextDocument>;
  configs: ConfigStore;
  engine: Engine;
  /**
   * The bytes of a file on disk, read at once (the index reads a bounded number of files ahead of its analysis);
   * undefined when it is gone, unreadable, not a regular file or larger than the limit.
   */
  readBytes(path: string): Buffer | undefined;
  /**
   * What identifies a file's current content without reading it (size, modification and change times, inode; see
   * `fileSignature` in read-file.ts); undefined when it cannot be told. Optional: without it every file is read.
   */
  fileSignature?(path: string): FileSignature | undefined;
  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void;
  /** Open documents whose cross-file findings may have changed: analyse them again. */
  refreshOpen(uris: string[]): void;
  /** Indexing progressed (`done` of `total` files read). */
  progress(status: IndexingStatus): void;
  log(message: string): void;
}

/** One closed file: its own findings (from `analyze`) and the findings last published on it. */
interface ClosedFile {
  local: Finding[];
  published: FindingCounts | undefined;
  /** What was last published, to send nothing when nothing changed. */
  signature?: string;
  /** The findings the last publication was made of (the same arrays again: nothing to compute). */
  publishedFrom?: { local: Finding[]; cross: Finding[] | undefined };
}

/** The cross-file findings of the closed files, with what they were computed from. */
interface CrossFileResult {
  index: WorkspaceIndex;
  version: number;
  files: string[];
  configKeys: string[];
  findings: Map<string, Finding[]>;
}

/**
 * The server's workspace index: a summary of every Dockerfile, manifest and `.dockerignore` of the workspace folders,
 * built on `initialized` from the files the client lists (or a bounded walk) and kept fresh from file-watch events and
 * open documents. Until a build completes, the index says `complete: false` and cross-file rules stay quiet.
 *
 * A rebuild (settings changed, a new scan) starts on a fresh index and replaces the current one only when it
 * completes; a build that is superseded or cancelled stops without publishing anything.
 */
export class WorkspaceIndexer {
  private current = new WorkspaceIndex([], { complete: false });
  private readonly closed = new Map<string, ClosedFile>();
  /** The configuration each indexed file was analysed with (lintWorkspace needs it synchronously). */
  private readonly configOf = new Map<string, ResolvedConfig>();
  private build = 0;
  private status: IndexingStatus = { done: 0, total: 0, complete: false };
  /** After a workspace scan, the findings of closed files are published too. */
  private publishClosed = false;
  /** Each kustomization's last text and the patch files it names. */
  private readonly patchLists = new Map<string, { text: string; patches: string[] }>();
  /** The last cross-file analysis of the closed files after a build, reused when a re-scan changed nothing. */
  private lastCross: CrossFileResult | undefined;
  /** The last build's analysis of each closed file, by content (see `analyseFile`). */
  private readonly analysed = new Map<string, {
    key: string; configKey: string; partial: boolean; summary: FileSummary; findings: Finding[];
    /** The file's signature when it was read, if it can be trusted to tell the same content again (see `readAhead`). */
    signature?: string;
  }>();
  /** The patch files each kustomization of the index names (marked as partial manifests in the index). */
  private kustomizations = new Map<string, string[]>();

  constructor(private readonly host: IndexerHost) {}

  /** The index open documents are analysed against. */
  get index(): WorkspaceIndex {
    return this.current;
  }

  /** The index a document is analysed against: none (the file is its own workspace) outside every workspace folder. */
  indexFor(uri: string): WorkspaceIndex | undefined {
    const path = pathOfUri(uri);
    return path !== undefined && this.inWorkspace(path) ? this.current : undefined;
  }

  /** Progress of the newest build; `complete` is the state of the index in use (a rescan keeps the old one live). */
  get indexing(): IndexingStatus {
    if (!this.building) return { done: this.current.size, total: this.current.size, complete: this.current.complete };
    return { ...this.status, complete: this.current.complete };
  }

  /** Whether a build is running (its progress is in `status`). */
  private building = false;

  /** Whether closed files get diagnostics (a scan ran). */
  get publishesClosedFiles(): boolean {
    return this.publishClosed;
  }

  /** Totals over the closed files with published findings. */
  closedTotals(): FindingCounts {
    const totals = emptyCounts();
    for (const c of this.closed.values()) {
      if (!c.published) continue;
      totals.error += c.published.error;
      totals.warning += c.published.warning;
      totals.info += c.published.info;
      totals.total += c.published.total;
    }
    return totals;
  }

  /** Per closed file counts, as published. */
  closedStatuses(): { uri: string; counts: FindingCounts }[] {
    return [...this.closed].filter(([, c]) => c.published?.total).map(([path, c]) => ({ uri: uriOfPath(path), counts: { ...c.published! } }));
  }

  /**
   * Index these files (absolute `/`-separated paths), replacing the index when done. `publishClosed` turns on the
   * diagnostics of closed files (a workspace scan). Resolves with whether the build completed (false: superseded
   * or cancelled).
   */
  async rebuild(paths: string[], options: { publishClosed?: boolean; isCancelled?: () => boolean } = {}): Promise<boolean> {
    const build = ++this.build;
    const superseded = (): boolean => build !== this.build;
    const stale = (): boolean => superseded() || !!options.isCancelled?.();
    const abandon = (): boolean => {
      // a cancelled build leaves the index in use as it was; a superseded one leaves the progress to its successor
      if (!superseded()) {
        this.building = false;
        this.host.progress(this.indexing);
      }
      return false;
    };
    const index = new WorkspaceIndex([], { complete: false });
    const local = new Map<string, Finding[]>();
    const configs = new Map<string, ResolvedConfig>();
    const files = [...new Set(paths)].filter(isIndexedFileName).sort();
    this.status = { done: 0, total: files.length, complete: false };
    this.building = true;
    this.host.progress(this.indexing);
    // kustomizations first: their patches must be known as partial manifests before the patches are analysed
    const kustomizations = new Map<string, string[]>();
    for (const path of files) {
      if (!isKustomizationFileName(path)) continue;
      const text = this.textOf(path);
      if (stale()) return abandon();
      const patches = text === undefined ? [] : this.patchesOf(path, text);
      if (patches.length) kustomizations.set(path, patches);
      for (const patch of patches) index.setPartialManifest(patch, true);
    }
    let lastReport = Date.now();
    // reading is I/O and analysing is CPU: the next files are read while one is analysed (in file order, a bounded
    // number at a time), so that a re-scan, which analyses little, is not a chain of one-file-at-a-time reads
    const reads = new Map<string, ReadAhead>();
    let ahead = 0;
    for (const path of files) {
      if (stale()) return abandon();
      for (; ahead < files.length && reads.size < READ_AHEAD; ahead++) {
        const next = files[ahead];
        if (!this.isOpen(next)) reads.set(next, this.readAhead(next));
      }
      const read = reads.get(path);
      reads.delete(path);
      const analysed = await this.analyseFile(path, index, read);
      if (stale()) return abandon();
      if (analysed) {
        index.update(analysed.summary);
        configs.set(path, analysed.config);
        if (!analysed.open) local.set(path, analysed.findings);
      }
      this.status.done++;
      if (Date.now() - lastReport > 100) {
        lastReport = Date.now();
        this.host.progress(this.indexing);
      }
    }
    if (stale()) return abandon();
    // from here on everything is synchronous: the new index replaces the old one at once
    index.complete = true;
    const listed = new Set(files);
    for (const p of this.analysed.keys()) if (!listed.has(p)) this.analysed.delete(p);
    for (const p of this.patchLists.keys()) if (!listed.has(p)) this.patchLists.delete(p);
    const previousClosed = new Set([...this.closed].filter(([, c]) => c.published?.total).map(([p]) => p));
    const previous = this.current;
    this.current = index;
    this.kustomizations = kustomizations;
    this.configOf.clear();
    for (const [p, c] of configs) this.configOf.set(p, c);
    // what each closed file last published is kept, so that an unchanged file is not published again
    const kept = new Map(this.closed);
    this.closed.clear();
    for (const [p, findings] of local) {
      const before = kept.get(p);
      this.closed.set(p, { local: findings, published: before?.published, signature: before?.signature, publishedFrom: before?.publishedFrom });
    }
    if (options.publishClosed) this.publishClosed = true;
    this.building = false;
    if (this.publishClosed) {
      const cross = this.crossFileOfClosed(previous, index);
      for (const path of this.closed.keys()) this.publishClosedFile(path, cross.get(path));
    }
    // files that left the index (deleted, now excluded) lose their published findings
    for (const path of previousClosed) if (!this.closed.has(path)) this.host.publishDiagnostics(uriOfPath(path), []);
    this.host.progress(this.indexing);
    this.host.refreshOpen(this.host.documents.all().map((d) => d.uri));
    return true;
  }

  /** An open document was analysed: keep its summary in the index and refresh the files that depend on it. */
  documentAnalysed(uri: string, summary: FileSummary, config: ResolvedConfig): void {
    const path = pathOfUri(uri);
    if (path === undefined || !this.inWorkspace(path)) return;
    this.configOf.set(path, config);
    if (this.closed.delete(path)) {
      // the editor's text wins; the analyser publishes the document's diagnostics itself
    }
    this.replace(path, summary);
    if (isKustomizationFileName(path)) this.kustomizationChanged(path, this.host.documents.get(uri)?.getText());
  }

  /** A document closed: its saved text counts again. */
  async documentClosed(uri: string): Promise<void> {
    const path = pathOfUri(uri);
    if (path === undefined || !isIndexedFileName(path) || !this.inWorkspace(path)) return;
    await this.fileChanged(path, false);
  }

  /** A file changed on disk (created or changed: `deleted` false), or was deleted. Open documents are left alone. */
  async fileChanged(path: string, deleted: boolean): Promise<void> {
    if (!isIndexedFileName(path) || !this.inWorkspace(path)) return;
    if (this.isOpen(path)) return;
    const build = this.build;
    const kustomization = isKustomizationFileName(path) && !deleted ? this.textOf(path) : undefined;
    const analysed = deleted ? undefined : await this.analyseFile(path, this.current);
    if (build !== this.build || this.isOpen(path)) return;
    if (isKustomizationFileName(path)) this.kustomizationChanged(path, kustomization);
    if (!analysed) {
      this.remove(path);
      return;
    }
    this.configOf.set(path, analysed.config);
    const previous = this.closed.get(path);
    this.closed.set(path, { local: analysed.findings, published: previous?.published, signature: previous?.signature });
    this.replace(path, analysed.summary, true);
  }

  /** Forget every closed file's diagnostics (the server stops, the workspace is disabled). */
  clearClosed(): void {
    for (const [path, c] of this.closed) if (c.published) this.host.publishDiagnostics(uriOfPath(path), []);
    for (const c of this.closed.values()) { c.published = undefined; c.signature = undefined; }
  }

  // -------------------------------------------------------------------------------------------------------------------

  /**
   * A kustomization's text changed (undefined: it is gone): mark the files it now names as partial manifests, unmark
   * the ones no kustomization names any more, and analyse those patches again (open ones through the analyser,
   * closed ones from disk) so that their "missing field" findings appear or go.
   */
  private kustomizationChanged(path: string, text: string | undefined): void {
    const before = this.kustomizations.get(path) ?? [];
    const after = text === undefined ? [] : this.patchesOf(path, text);
    if (before.length === after.length && before.every((p, i) => p === after[i])) return;
    if (after.length) this.kustomizations.set(path, after);
    else this.kustomizations.delete(path);
    const named = new Set<string>();
    for (const patches of this.kustomizations.values()) for (const p of patches) named.add(p);
    const changed: string[] = [];
    for (const patch of new Set([...before, ...after])) {
      const partial = named.has(patch);
      if (this.current.isPartialManifest(patch) === partial) continue;
      this.current.setPartialManifest(patch, partial);
      changed.push(patch);
    }
    const open = changed.map((p) => this.openUri(p)).filter((u): u is string => u !== undefined);
    if (open.length) this.host.refreshOpen(open);
    for (const patch of changed) if (!this.isOpen(patch) && this.current.file(patch)) void this.fileChanged(patch, false);
  }

  /** The patch files a kustomization names, parsed again only when its text changed. */
  private patchesOf(path: string, text: string): string[] {
    const known = this.patchLists.get(path);
    if (known?.text === text) return known.patches;
    const patches = kustomizePatchFiles(path, text);
    this.patchLists.set(path, { text, patches });
    return patches;
  }

  /** The text of a file: the open document's, else the saved one (undefined when unreadable). */
  private textOf(path: string): string | undefined {
    const document = this.host.documents.get(this.openUri(path) ?? uriOfPath(path));
    return document ? document.getText() : this.host.readBytes(path)?.toString('utf8');
  }

  private remove(path: string): void {
    const before = this.current.file(path);
    const wasClosed = this.closed.get(path);
    this.closed.delete(path);
    this.configOf.delete(path);
    if (wasClosed?.published) this.host.publishDiagnostics(uriOfPath(path), []);
    if (!before || !this.current.remove(path)) return;
    this.propagate(this.current.dependantsOf(before, undefined), path);
  }

  private replace(path: string, summary: FileSummary, republishSelf = false): void {
    const index = this.current;
    if (index.holds(summary) && !republishSelf) return;
    const before = index.file(path);
    const unchanged = index.holds(summary);
    index.update(summary);
    const affected = unchanged ? new Set([path]) : index.dependantsOf(before, summary);
    if (!republishSelf) affected.delete(path);
    this.propagate(affected, path);
  }

  /** Re-analyse open dependants; recompute and publish the cross-file findings of closed ones. */
  private propagate(affected: Set<string>, changed: string): void {
    const index = this.current;
    if (!index.complete) return;
    const open: string[] = [];
    const closed: string[] = [];
    for (const path of affected) {
      const uri = this.openUri(path);
      if (uri) { if (path !== changed) open.push(uri); }
      else if (this.closed.has(path)) closed.push(path);
    }
    if (open.length) this.host.refreshOpen(open);
    if (!this.publishClosed || !closed.length) return;
    const cross = this.host.engine.lintWorkspace(index, (f) => this.configOf.get(f), closed);
    for (const path of closed) this.publishClosedFile(path, cross.get(path));
  }

  /**
   * The cross-file findings of the closed files of a new index. When the build changed nothing (every summary the same
   * object as in the index it replaces, untouched since its own analysis, with the same configurations, partial
   * manifests and closed files), those of the previous build still hold: a re-scan of an unchanged workspace does not
   * run the workspace rules again.
   */
  private crossFileOfClosed(previous: WorkspaceIndex, index: WorkspaceIndex): Map<string, Finding[]> {
    const files = [...this.closed.keys()];
    const configKeys = files.map((f) => this.configOf.get(f)?.key ?? '');
    const last = this.lastCross;
    const same = !!last && last.index === previous && last.version === previous.version && previous.size === index.size
      && sameList(last.files, files) && sameList(last.configKeys, configKeys)
      && [...index.files()].every((f) => previous.file(f.fileName) === f && previous.isPartialManifest(f.fileName) === index.isPartialManifest(f.fileName));
    const findings = same ? last!.findings : this.host.engine.lintWorkspace(index, (f) => this.configOf.get(f), files);
    this.lastCross = { index, version: index.version, files, configKeys, findings };
    return findings;
  }

  private publishClosedFile(path: string, cross: Finding[] | undefined): void {
    const entry = this.closed.get(path);
    if (!entry) return;
    // the very findings last published: nothing to compute or send
    if (entry.published && entry.publishedFrom?.local === entry.local && entry.publishedFrom.cross === cross) return;
    entry.publishedFrom = { local: entry.local, cross };
    const findings = mergeFindings(entry.local, cross);
    const uri = uriOfPath(path);
    const counts = countFindings(findings);
    // a file with nothing to say was never published: stay silent rather than send an empty list for each
    if (!findings.length && !entry.published?.total) {
      entry.published = counts;
      return;
    }
    const documented = (id: string): boolean => this.host.engine.rule(id) !== undefined;
    const diagnostics = findings.map((f) => toDiagnostic(f, uri, 0, documented));
    const signature = JSON.stringify(diagnostics.map((d) => [d.range, d.code, d.severity, d.message]));
    entry.published = counts;
    if (signature === entry.signature) return;
    entry.signature = signature;
    this.host.publishDiagnostics(uri, diagnostics);
  }

  /**
   * A closed file ahead of the analysis: recognised as unchanged by its signature when the last build could trust it,
   * else read. A signature is trusted only when the file had not changed for `RACY_MS` when it was read: a write in the
   * same clock tick as the read, keeping the size, would otherwise leave the same signature on new content (git calls
   * such entries "racily clean"). A write after the read always moves the change time.
   */
  private readAhead(path: string): ReadAhead {
    const stat = this.host.fileSignature?.(path);
    const hit = this.analysed.get(path);
    if (stat && hit?.signature === stat.signature) return { unchanged: true, signature: stat.signature };
    const readAt = Date.now();
    const bytes = this.host.readBytes(path);
    return { bytes, signature: stat && stat.changedAt < readAt - RACY_MS ? stat.signature : undefined };
  }

  /**
   * Read and analyse one file against `index` (incomplete while building: cross-file rules wait). A closed file read
   * for a build whose content (its signature, else its bytes' hash), configuration and partial-manifest state are
   * those of the last build reuses that analysis: a re-scan of an unchanged workspace costs less than reading it.
   */
  private async analyseFile(path: string, index: WorkspaceIndex, read?: ReadAhead): Promise<{ summary: FileSummary; findings: Finding[]; config: ResolvedConfig; open: boolean } | undefined> {
    try {
      const uri = this.openUri(path) ?? uriOfPath(path);
      const config = await this.host.configs.forDocument(uri);
      if (!config.enabled || isExcluded(path, config.excludes)) return undefined;
      const document = this.host.documents.get(uri);
      // only a file's own findings can be reused: with a complete index, cross-file findings are part of the result
      const reusable = !document && !index.complete;
      const partial = index.isPartialManifest(path);
      const hit = reusable ? this.analysed.get(path) : undefined;
      const same = !!hit && hit.configKey === config.config.key && hit.partial === partial;
      if (same && read?.unchanged) return { summary: hit!.summary, findings: hit!.findings, config: config.config, open: false };
      // a file read ahead comes as bytes: an unchanged one is recognised without decoding it
      const bytes = document ? undefined : read && !read.unchanged ? read.bytes : this.host.readBytes(path);
      if (!document && bytes === undefined) {
        this.host.log(`Workspace index: skipped ${path} (unreadable, vanished, not a regular file or larger than ${MAX_FILE_BYTES / 1048576} MB).`);
        return undefined;
      }
      const key = reusable && bytes ? contentKey(bytes) : '';
      // a signature seen unchanged stays trusted when the file had to be read again for another reason
      const signature = read?.signature;
      if (same && hit!.key === key) {
        hit!.signature = signature;
        return { summary: hit!.summary, findings: hit!.findings, config: config.config, open: false };
      }
      const text = document ? document.getText() : bytes!.toString('utf8');
      const a = this.host.engine.analyze({ text, fileName: path, languageId: document?.languageId }, config.config, index);
      if (reusable) this.analysed.set(path, { key, configKey: config.config.key, partial, summary: a.summary, findings: a.findings, signature });
      return { summary: a.summary, findings: a.findings, config: config.config, open: !!document };
    } catch (e) {
      this.host.log(`Workspace index: skipped ${path}: ${(e as Error)?.message ?? String(e)}`);
      return undefined;
    }
  }

  private openUri(path: string): string | undefined {
    // asked for every file of a build: with nothing open (a scan's usual case) there is nothing to convert or compare
    if (!this.host.documents.keys().length) return undefined;
    const uri = uriOfPath(path);
    if (this.host.documents.get(uri)) return uri;
    return this.host.documents.all().find((d) => pathOfUri(d.uri) === path)?.uri;
  }

  private isOpen(path: string): boolean {
    return this.openUri(path) !== undefined;
  }

  private inWorkspace(path: string): boolean {
    const folders = this.host.configs.workspaceFolders;
    return folders.length > 0 && folders.some((f) => isInside(path, f));
  }
}

/** Folders a walk reads between two yields to the event loop. */
const WALK_YIELD_EVERY = 32;

/** Files read ahead of the one being analysed while the index is built. */
const READ_AHEAD = 32;

/** How long a file must have been left alone, when it is read, for its signature to stand for its content later. */
const RACY_MS = 2000;

/** A closed file ahead of its analysis: unchanged since the last build (by signature), or its bytes. */
interface ReadAhead {
  unchanged?: true;
  bytes?: Buffer;
  /** Its signature, when it may be trusted next time. */
  signature?: string;
}

/**
 * The indexable files under the root folders: a bounded walk that skips hidden folders, `node_modules`, what the
 * `.gitignore` files inside each root ignore, symbolic links already visited (loops) and anything it cannot read
 * (noted in the log).
 */
export async function walkWorkspace(roots: readonly string[], log: (message: string) => void, isCancelled: () => boolean = () => false): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  let ignore = new GitignoreMatcher();
  let root = '';
  const relative = (path: string): string => path.slice(root.length).replace(/^\/+/, '');
  let visited = 0;
  /** `knownReal`: the folder's real path when it is known (a plain entry of a real folder), else it is resolved. */
  const visit = async (dir: string, depth: number, knownReal?: string): Promise<void> => {
    if (out.length >= MAX_WALKED_FILES || depth > MAX_WALK_DEPTH || isCancelled()) return;
    // folders are read synchronously (a directory listing is quick, and a chain of thread-pool round trips is most of
    // a walk's time); every few folders the walk yields so that the server keeps answering
    if (++visited % WALK_YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    // only a symbolic link can lead back into the walk: the real path is resolved for the roots and behind links
    let real: string;
    try {
      real = knownReal ?? realpathSync.native(dir);
    } catch {
      log(`Workspace index: cannot read the folder ${dir}; skipped.`);
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      log(`Workspace index: cannot read the folder ${dir}; skipped.`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.name === '.gitignore')) {
      const text = readSmallFile(dir.endsWith('/') ? `${dir}.gitignore` : `${dir}/.gitignore`, MAX_GITIGNORE_BYTES);
      if (text !== undefined) ignore.add(relative(dir), text);
    }
    for (const entry of entries) {
      if (out.length >= MAX_WALKED_FILES) {
        log(`Workspace index: more than ${MAX_WALKED_FILES} files; the rest of the workspace is not indexed.`);
        return;
      }
      const path = dir.endsWith('/') ? dir + entry.name : `${dir}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = statSync(path);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          continue; // a dangling link
        }
      }
      if (isDir) {
        if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name) || ignore.ignores(relative(path), true)) continue;
        await visit(path, depth + 1, entry.isSymbolicLink() ? undefined : real.endsWith('/') ? real + entry.name : `${real}/${entry.name}`);
      } else if (isFile && isIndexedFileName(basenameOf(path)) && !ignore.ignores(relative(path))) {
        out.push(path);
      }
    }
  };
  for (const folder of roots) {
    root = folder.replace(/(.)\/+$/, '$1');
    ignore = new GitignoreMatcher();
    await visit(root, 0);
  }
  return out;
}



function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A file's content as a cache key (SHA-1 in native code: hashing a workspace's files costs a few milliseconds). */
function contentKey(bytes: Buffer): string {
  return `${bytes.length}:${createHash('sha1').update(bytes).digest('base64')}`;
}
