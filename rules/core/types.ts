/**
 * The engine's public data types. Everything here is plain data: it crosses the LSP boundary, goes into SARIF and
 * JSON output and is compared in tests, so it never holds parser objects or functions.
 */

/** Severity of a finding, as configured or as the rule chose it. */
export type Severity = 'error' | 'warning' | 'info';

/** A configured level: a severity, or `off` to disable the rule. */
export type Level = Severity | 'off';

/** 0-based line and character; characters are UTF-16 code units, exactly as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

/** Half-open range, LSP style. */
export interface Range {
  start: Position;
  end: Position;
}

/** Half-open [start, end) offsets into the file's text (UTF-16 code units). Rules work in spans. */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * `safe` edits cannot change what runs (fix-all and `--fix` may apply them without asking);
 * `suggestion` edits change runtime behaviour and are only offered as a quick fix the user picks.
 */
export type FixKind = 'safe' | 'suggestion';

export interface Fix {
  title: string;
  kind: FixKind;
  /** Edits of the file the finding is in. */
  edits: TextEdit[];
  /** The action an editor should pick first for this finding. */
  isPreferred?: boolean;
  /**
   * Changes this fix also makes to other files, or files it creates (cross-file rules). Consumers that do not know
   * this field see only `edits`, which never touch another file.
   */
  files?: FileChange[];
}

/** Part of a fix that lands in another file than the finding's, or creates a new file. */
export interface FileChange {
  /** Named like the files the caller passed to the engine (absolute or workspace-relative). */
  fileName: string;
  /** The file does not exist yet: create it with the text of the single edit (at 0:0). Skip the fix if it exists. */
  create?: boolean;
  /**
   * Lines to add at the end of a list file (`.dockerignore`) whose text the rule may not know: the single edit's text
   * (its range is not used) is added on lines of its own after the file's last line, without the lines the file
   * already holds; when the file does not exist it is created with that text. See `appendLinesEdit`.
   */
  append?: boolean;
  edits: TextEdit[];
}

export interface RelatedInformation {
  /** Another file (absolute or workspace-relative name as the caller passed it); absent = the same file. */
  fileName?: string;
  range: Range;
  message: string;
}

/** One result of the engine. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** The Kubernetes object or Dockerfile stage the finding is about, e.g. `Deployment/web` or `stage "build"`. */
  resource?: string;
  related?: RelatedInformation[];
  fixes?: Fix[];
}

/** What the engine lints: text and a name, nothing from the file system. */
export interface LintInput {
  text: string;
  fileName: string;
  /** The editor's language id, when known (`dockerfile`, `yaml`, `json`). */
  languageId?: string;
}

/** The file kinds the engine knows. */
export type FileKind = 'dockerfile' | 'yaml' | 'unknown';

/** Lifecycle stage a rule belongs to; also the order rules are grouped in. */
export type Stage = 'build' | 'deploy' | 'access' | 'platform' | 'policy';

export const STAGES: readonly Stage[] = ['build', 'deploy', 'access', 'platform', 'policy'];

/** Rule category: security findings, or the separate best-practice set. */
export type Category = 'security' | 'best-practice';

/** Profiles (standards) a rule implements, used by the presets. */
export type Profile = 'pss-baseline' | 'pss-restricted' | 'cis' | 'nsa';

/** Known peer tools whose ids appear in rule metadata and whose pragmas map through them. */
export type PeerTool =
  | 'hadolint'
  | 'buildkit'
  | 'checkov'
  | 'trivy'
  | 'kube-linter'
  | 'polaris'
  | 'kube-score'
  | 'kubescape'
  | 'pss'
  | 'cis'
  | 'cis-docker'
  | 'nsa';

export type Equivalents = Partial<Record<PeerTool, readonly string[]>>;

export interface Reference {
  title: string;
  url: string;
}
