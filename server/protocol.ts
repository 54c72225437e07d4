/**
 * The wire contract between the Palisade language server and its clients (the VS Code extension, Neovim, tests):
 * custom request and notification names, their payloads, command ids and the rule documentation links.
 * Plain types only, so the client can import this file without pulling in the server.
 */
import type { Fix, Severity } from '../rules/core/types.js';

/** Where each rule's documentation lives: `${RULE_DOCS_BASE_URL}<id>.md`. The one place to change it. */
export const RULE_DOCS_BASE_URL = 'https://github.com/palisade-dev/palisade/blob/main/docs/rules/';

/** Link to a rule's documentation page. */
export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${ruleId}.md`;
}

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'palisade';

/** `code` of diagnostics published on a configuration file (`.palisade.yaml`). */
export const CONFIG_DIAGNOSTIC_CODE = 'config';

/** Code action kind of "apply every safe fix of the document". */
export const FIX_ALL_KIND = 'source.fixAll.palisade';

/** Command ids. */
export const Commands = {
  /** Show a rule's documentation; arguments `[ruleId]`. Implemented by the client; the server answers it with the
   *  markdown when a client forwards it through `workspace/executeCommand`. */
  showRuleDocs: 'palisade.showRuleDocs',
  /** Apply every safe fix of a document through `workspace/applyEdit`; arguments `[uri]`. */
  fixAll: 'palisade.fixAll',
} as const;

/**
 * The commands the server advertises in `executeCommandProvider`. They carry a `server.` infix because
 * vscode-languageclient registers every advertised command as a VS Code command, which would collide with the
 * client's own `palisade.fixAll` / `palisade.showRuleDocs`. The server executes both spellings.
 */
export const ServerCommands = {
  showRuleDocs: 'palisade.server.showRuleDocs',
  fixAll: 'palisade.server.fixAll',
} as const;

/** Custom requests and notifications. */
export const Methods = {
  /** `{ruleId}` → markdown (`null` for an unknown id). */
  explain: 'palisade/explain',
  /** no params → `RuleInfo[]`. */
  rules: 'palisade/rules',
  /** no params → `StatusResult`. */
  status: 'palisade/status',
  /** `{uri}` → `DocumentStats` of the last analysis (`null` when the document is not open or not analysed yet). */
  stats: 'palisade/stats',
  /** server → client notification, `FindingsChangedParams`, sent when the diagnostics of a document change. */
  findingsChanged: 'palisade/findingsChanged',
  /** `{uris}` → the security posture of those files (`Posture` of `rules/core/posture.ts`), `null` when cancelled. */
  posture: 'palisade/posture',
  /** client → server notification, `WorkspaceFilesParams`: the files of the workspace to index (replaces the walk). */
  workspaceFiles: 'palisade/workspaceFiles',
  /** `ScanWorkspaceParams` → `ScanWorkspaceResult`: index the workspace and publish the findings of closed files too. */
  scanWorkspace: 'palisade/scanWorkspace',
  /** server → client notification, `IndexingStatus`: progress of the workspace index. */
  indexingProgress: 'palisade/indexingProgress',
} as const;

/** Progress of the workspace index: cross-file rules stay quiet until `complete`. */
export interface IndexingStatus {
  /** Files read so far, of `total`. */
  done: number;
  total: number;
  complete: boolean;
}

export interface WorkspaceFilesParams {
  /** `file:` URIs of every Dockerfile, manifest and `.dockerignore` the client found (its excludes applied). */
  uris: string[];
}

export interface ScanWorkspaceParams {
  /** The files to scan (`file:` URIs); absent: the server walks the workspace folders. */
  uris?: string[];
}

export interface ScanWorkspaceResult {
  /** `false` when the scan was cancelled or superseded by another. */
  completed: boolean;
  files: number;
  /** Counts over every file of the workspace, open or not. */
  totals: FindingCounts;
}

export interface ExplainParams {
  ruleId: string;
  /** A document whose configuration defines the rule (for custom rules from `.palisade.yaml`). */
  uri?: string;
}

/** Finding counts by severity. */
export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
  total: number;
}

/** One rule as `palisade/rules` lists it (for the client's docs view and settings). */
export interface RuleInfo {
  id: string;
  title: string;
  language: 'dockerfile' | 'kubernetes';
  stage: string;
  category: 'security' | 'best-practice';
  severity: Severity;
  enabledByDefault: boolean;
  fix: 'safe' | 'suggestion' | 'none';
  profiles: string[];
  /** Presets the rule belongs to. */
  presets: string[];
  equivalents: Record<string, readonly string[]>;
  docsUrl: string;
  options?: { schema: Record<string, unknown>; defaults: unknown };
}

export interface DocumentStatus {
  uri: string;
  version: number;
  counts: FindingCounts;
}

export interface StatusResult {
  /** `disabled`: `palisade.enable` is false everywhere; `busy`: an analysis is pending; `ready` otherwise. */
  state: 'ready' | 'busy' | 'disabled';
  documents: DocumentStatus[];
  totals: FindingCounts;
  /** Configuration files that currently have problems, with how many. */
  configProblems: { uri: string; count: number }[];
  /** The workspace index: while not `complete`, cross-file rules stay quiet. */
  indexing?: IndexingStatus;
  /** Counts over the open documents and, after a workspace scan, the closed files. */
  workspaceTotals?: FindingCounts;
}

export interface StatsParams {
  uri: string;
}

export interface DocumentStats {
  uri: string;
  /** The document version the last analysis ran on. */
  version: number;
  /** YAML chunks (documents between `---` lines) parsed by the last analysis; the others came from the session. */
  parsedChunks: number;
  /** How many analyses of this document ran since it was opened. */
  analyses: number;
  /** Milliseconds the last analysis took (engine + conversion, not the debounce). */
  lintMs: number;
  /** CPU milliseconds of the last analysis: what it costs, whatever else runs on the machine. */
  lintCpuMs: number;
  findings: number;
}

export interface FindingsChangedParams {
  uri: string;
  /** The document version the findings belong to; absent when the document closed. */
  version?: number;
  counts: FindingCounts;
  /** Counts over every open document. */
  totals: FindingCounts;
}

/** What each published diagnostic carries in `data`: enough for code actions without another lint. */
export interface DiagnosticData {
  /** Document version the finding was computed for (its fix edits refer to that text). */
  version: number;
  /**
   * The finding's position in the server's result for that version: its fixes are looked up there when code actions
   * are asked for, so the fixes' edits are not sent with every publication (on a large manifest they were half of it).
   */
  index?: number;
  /** Fixes carried inline (accepted from older clients' echoes; no longer sent). */
  fixes?: Fix[];
}

/** `palisade` settings section (`workspace/configuration`), also accepted as `initializationOptions.settings`. */
export interface PalisadeSettings {
  enable?: boolean;
  preset?: string;
  rules?: Record<string, unknown>;
  exclude?: string[];
  /** Baseline file (`palisade scan --write-baseline`), relative to the workspace folder; empty: none. */
  baseline?: string;
  /** How baselined findings show: `info`, `hint` or `keep` (their own severity). */
  baselineSeverity?: string;
}

/** `initializationOptions` the server understands. */
export interface InitializationOptions {
  /** Settings for clients without `workspace/configuration`. */
  settings?: PalisadeSettings;
  /** Debounce between the last edit and the analysis, in ms (default 100). */
  debounceMs?: number;
  /** Whether the workspace is trusted; when false, `customRules` from workspace configuration files are ignored. */
  trusted?: boolean;
  /** The client sends the workspace's files itself (`palisade/workspaceFiles`): the server does not walk the folders. */
  workspaceFiles?: boolean;
  /** Publish the findings of closed files as soon as the workspace is indexed (`palisade.scanOnStartup`). */
  scanOnStartup?: boolean;
}
