import { performance } from 'node:perf_hooks';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ResolvedConfig } from '../rules/core/config.js';
import { fileKindOf, LintSession, type Engine } from '../rules/core/engine.js';
import type { Finding } from '../rules/core/types.js';
import type { FileSummary, WorkspaceIndex } from '../rules/core/workspace-index.js';
import { lowerBaselined, type DocumentBaseline } from './baseline.js';
import { isConfigFileName, type ConfigStore, type DocumentConfig } from './config-store.js';
import { addCounts, countFindings, emptyCounts, toDiagnostic } from './diagnostics.js';
import { isExcluded } from './exclude-globs.js';
import type { DocumentStats, DocumentStatus, FindingCounts, FindingsChangedParams } from './protocol.js';
import { fileNameOfUri, pathOfUri } from './uris.js';

/** The findings of one document version, with everything derived from them. */
export interface AnalysisResult {
  uri: string;
  version: number;
  findings: Finding[];
  diagnostics: Diagnostic[];
  counts: FindingCounts;
  config: DocumentConfig;
  lintMs: number;
  /** The baseline the diagnostics were lowered with (its `key`), if any. */
  baselineKey?: string;
  /** CPU time of the analysis (unaffected by other processes competing for the machine). */
  lintCpuMs: number;
  parsedChunks: number;
}

interface DocumentState {
  /** The engine's memory of this document: unchanged YAML documents are not parsed or checked again. */
  session: LintSession;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: number;
  /** The newest result computed (by the debounced run, or on demand by hover / code actions). */
  latest: AnalysisResult | undefined;
  /** What was last published: its version, its diagnostics (to tell whether findings changed) and their counts. */
  published: { version: number; diagnostics: readonly Diagnostic[]; counts: FindingCounts } | undefined;
  analyses: number;
}

export interface AnalyserHost {
  documents: TextDocuments<TextDocument>;
  configs: ConfigStore;
  engine: Engine;
  debounceMs: number;
  publishDiagnostics(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  findingsChanged(params: FindingsChangedParams): void;
  /** A configuration document changed (after the debounce). */
  configDocumentChanged(document: TextDocument): void;
  /** The baseline whose findings the document's diagnostics show lowered (`palisade.baseline`), if any. */
  baselineFor?(uri: string): Promise<DocumentBaseline | undefined>;
  /** The workspace index documents are analysed against (cross-file rules); none: each file is its own workspace. */
  workspace?(uri: string): WorkspaceIndex | undefined;
  /** A document was analysed: its fresh summary for the workspace index. */
  analysed?(uri: string, summary: FileSummary, config: ResolvedConfig): void;
  log(message: string): void;
}

/** Whether the server analyses a document at all (Dockerfile, YAML, JSON; not its own configuration files). */
export function isAnalysable(document: TextDocument): boolean {
  return fileKindOf(fileNameOfUri(document.uri), document.languageId) !== 'unknown';
}

/**
 * Debounced, versioned analysis of open documents. Diagnostics are published for the newest version only: a result
 * is checked against the document's current version (and the configuration generation) right before it is
 * published, and a result for an older version than the last published one is never sent.
 */
export class DocumentAnalyser {
  private readonly states = new Map<string, DocumentState>();

  constructor(private readonly host: AnalyserHost) {}

  /** Analyse a document after the debounce (each new call restarts the wait). */
  schedule(uri: string, delay = this.host.debounceMs): void {
    const state = this.stateOf(uri);
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.run(uri);
    }, Math.max(0, delay));
  }

  /** Re-analyse every open document (the configuration changed); configuration documents are not analysed. */
  scheduleAll(delay = 0): void {
    for (const doc of this.host.documents.all()) {
      if (!isConfigFileName(pathOfUri(doc.uri) ?? '')) this.schedule(doc.uri, delay);
    }
  }

  /** Analyse open documents again although their text did not change (the workspace around them did). */
  refresh(uris: Iterable<string>, delay = 0): void {
    for (const uri of uris) {
      const state = this.states.get(uri);
      if (!this.host.documents.get(uri) || isConfigFileName(pathOfUri(uri) ?? '')) continue;
      if (state) state.latest = undefined;
      this.schedule(uri, delay);
    }
  }

  /** Forget a closed document and clear its diagnostics. */
  close(uri: string): void {
    const state = this.states.get(uri);
    if (state?.timer) clearTimeout(state.timer);
    this.states.delete(uri);
    if (isConfigFileName(pathOfUri(uri) ?? '')) return;
    this.host.publishDiagnostics(uri, undefined, []);
    if (state?.published?.counts.total) this.host.findingsChanged({ uri, counts: emptyCounts(), totals: this.totals() });
  }

  /**
   * The analysis of the document's current version: the cached one when it is still current, otherwise computed now
   * (the session keeps that cheap). Undefined when the document closed, or kept changing while the configuration
   * was being read.
   */
  async resultFor(uri: string): Promise<AnalysisResult | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = this.host.documents.get(uri);
      if (!before) return undefined;
      const config = await this.host.configs.forDocument(uri);
      const baseline = await this.host.baselineFor?.(uri);
      const doc = this.host.documents.get(uri);
      if (!doc || doc.version !== before.version || config.generation !== this.host.configs.generation) continue;
      const state = this.stateOf(uri);
      const latest = state.latest;
      if (latest && latest.version === doc.version && latest.config.generation === config.generation && latest.config.config === config.config
        && latest.config.enabled === config.enabled && latest.baselineKey === baseline?.key) return latest;
      const result = this.analyse(doc, config, state, baseline);
      state.latest = result;
      return result;
    }
    return undefined;
  }

  /** Lint any text of a document with its configuration (used by fix-all to re-check its edits). */
  lintText(document: TextDocument, text: string, config: DocumentConfig, session?: LintSession): Finding[] {
    return this.host.engine.lint({ text, fileName: fileNameOfUri(document.uri), languageId: document.languageId }, config.config, undefined, session);
  }

  /** The configurations of the open documents' latest analyses (to explain custom rules without a document). */
  latestConfigs(): ResolvedConfig[] {
    return [...this.states.values()].flatMap((s) => (s.latest ? [s.latest.config.config] : []));
  }

  stats(uri: string): DocumentStats | null {
    const state = this.states.get(uri);
    const latest = state?.latest;
    if (!state || !latest) return null;
    return {
      uri, version: latest.version, parsedChunks: latest.parsedChunks, analyses: state.analyses,
      lintMs: latest.lintMs, lintCpuMs: latest.lintCpuMs, findings: latest.findings.length,
    };
  }

  documentStatuses(): DocumentStatus[] {
    const out: DocumentStatus[] = [];
    for (const [uri, state] of this.states) {
      if (state.published) out.push({ uri, version: state.published.version, counts: { ...state.published.counts } });
    }
    return out;
  }

  totals(): FindingCounts {
    const totals = emptyCounts();
    for (const state of this.states.values()) if (state.published) addCounts(totals, state.published.counts);
    return totals;
  }

  get busy(): boolean {
    for (const state of this.states.values()) if (state.timer || state.running) return true;
    return false;
  }

  private stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = { session: new LintSession(), timer: undefined, running: 0, latest: undefined, published: undefined, analyses: 0 };
      this.states.set(uri, state);
    }
    return state;
  }

  private async run(uri: string): Promise<void> {
    const state = this.states.get(uri);
    const doc = this.host.documents.get(uri);
    if (!state || !doc) return;
    state.running++;
    try {
      if (isConfigFileName(pathOfUri(uri) ?? '')) {
        this.host.configDocumentChanged(doc);
        return;
      }
      const result = await this.resultFor(uri);
      if (result) this.publish(result);
    } catch (e) {
      this.host.log(`Analysis of ${uri} failed: ${(e as Error)?.stack ?? String(e)}`);
    } finally {
      state.running--;
    }
  }

  private analyse(doc: TextDocument, config: DocumentConfig, state: DocumentState, baseline?: DocumentBaseline): AnalysisResult {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const path = pathOfUri(doc.uri);
    let findings: Finding[] = [];
    state.session.lastParsedChunks = 0;
    const skip = !config.enabled || !isAnalysable(doc) || (path !== undefined && (isConfigFileName(path) || isExcluded(path, config.excludes)));
    if (!skip) {
      const fileName = fileNameOfUri(doc.uri);
      const analysis = this.host.engine.analyze({ text: doc.getText(), fileName, languageId: doc.languageId }, config.config, this.host.workspace?.(doc.uri), state.session);
      findings = analysis.findings;
      this.host.analysed?.(doc.uri, analysis.summary, config.config);
    }
    const documented = (id: string): boolean => this.host.engine.rule(id) !== undefined;
    const diagnostics = findings.map((f, i) => toDiagnostic(f, doc.uri, doc.version, documented, i));
    if (baseline && path !== undefined) lowerBaselined(diagnostics, findings, doc.getText(), path, baseline);
    state.analyses++;
    const cpuUsed = process.cpuUsage(cpu);
    return {
      uri: doc.uri, version: doc.version, findings, diagnostics, counts: countFindings(findings), config, baselineKey: baseline?.key,
      lintMs: performance.now() - started, lintCpuMs: (cpuUsed.user + cpuUsed.system) / 1000, parsedChunks: state.session.lastParsedChunks,
    };
  }

  /** Publish a result if it is still the newest: never a stale version, never an older one after a newer one. */
  private publish(result: AnalysisResult): void {
    const state = this.states.get(result.uri);
    const doc = this.host.documents.get(result.uri);
    if (!state || !doc || doc.version !== result.version) return;
    if (result.config.generation !== this.host.configs.generation) return;
    if (state.published && state.published.version > result.version) return;
    const unchanged = !!state.published && sameDiagnostics(state.published.diagnostics, result.diagnostics);
    if (unchanged && state.published?.version === result.version) return;
    state.published = { version: result.version, diagnostics: result.diagnostics, counts: result.counts };
    this.host.publishDiagnostics(result.uri, result.version, result.diagnostics);
    if (!unchanged) this.host.findingsChanged({ uri: result.uri, version: result.version, counts: { ...result.counts }, totals: this.totals() });
  }
}

/** Whether two publications say the same (ranges, codes, severities, messages), compared field by field. */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.code !== y.code || x.severity !== y.severity || x.message !== y.message) return false;
    const r = x.range;
    const q = y.range;
    if (r.start.line !== q.start.line || r.start.character !== q.start.character || r.end.line !== q.end.line || r.end.character !== q.end.character) return false;
  }
  return true;
}
