import type { DockerfileModel } from './dockerfile-model.js';
import type { K8sObject } from './k8s.js';
import type { WorkspaceView } from './workspace.js';
import type { IndexedEntry, WorkspaceLookup } from './workspace-index.js';
import type { YamlEditor } from './yaml-edit.js';
import type { YamlDoc } from './yaml-model.js';
import type {
  Category, Equivalents, FileChange, FixKind, Profile, Range, Reference, Severity, Span, Stage, TextEdit,
} from './types.js';

/** A JSON Schema (draft-07 subset) describing a rule's options; also compiled into the config schema. */
export type OptionsSchema = Record<string, unknown>;

/** Rule metadata: everything hover, docs, SARIF and presets show about a rule. */
export interface RuleMeta<M extends string = string, O = unknown> {
  /** Stable id, `docker/<name>` or `k8s/<name>`. Never renamed. */
  id: string;
  stage: Stage;
  /** `security` (default) or `best-practice` (the separate non-security set). */
  category?: Category;
  /** Default severity; a rule may choose another per finding (`error when explicitly true`). */
  severity: Severity;
  /** Whether the rule is on in the default (`recommended`) configuration. Default true. */
  enabledByDefault?: boolean;
  /** One line, imperative: "Containers must not run privileged". */
  title: string;
  /** Why it matters (markdown): the attack it prevents. Shown in hover and docs. */
  rationale: string;
  /** How to fix it (markdown), with a snippet. */
  remediation: string;
  /** Standards and documentation (PSS, CIS, NSA, Docker docs). */
  references: Reference[];
  /** The same check in other tools; peers' suppression pragmas are mapped through these. */
  equivalents: Equivalents;
  /** Standards profiles (presets) the rule belongs to. */
  profiles?: Profile[];
  /** What kind of fix the rule offers. */
  fix: FixKind | 'none';
  /** Message templates, `{{name}}` placeholders. */
  messages: Record<M, string>;
  /** JSON Schema of the options, and their defaults. */
  options?: { schema: OptionsSchema; defaults: O };
  /** `document`: decided from one YAML document or one Dockerfile (cached per document). `file`: needs the other
   *  documents of the file. `workspace`: needs other files (cross-file rules). */
  scope?: 'document' | 'file' | 'workspace';
  /** Short examples for the docs. */
  examples?: { invalid: string; valid: string };
}

/** An edit expressed in offsets of the linted text. */
export interface SpanEdit {
  start: number;
  end: number;
  text: string;
}

export interface FixDescriptor {
  title: string;
  /** Defaults to the rule's `meta.fix` kind. */
  kind?: FixKind;
  edits: SpanEdit[];
  isPreferred?: boolean;
  /** Changes to other files, or files to create (never applied by fix-all or `--fix`). */
  files?: FileChange[];
}

export interface RelatedDescriptor {
  span: Span;
  message: string;
  /** Another file; its span must then be given as a range through `range`. */
  fileName?: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface ReportDescriptor<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  span: Span;
  /** Per-finding severity (the configured severity still wins). */
  severity?: Severity;
  resource?: string;
  related?: RelatedDescriptor[];
  fixes?: FixDescriptor[];
  /** A "required field is missing" finding: dropped for partial documents (Helm templates, Kustomize patches). */
  missing?: boolean;
}

interface BaseContext<M extends string, O> {
  readonly fileName: string;
  readonly text: string;
  readonly options: O;
  readonly workspace: WorkspaceView | undefined;
  report(descriptor: ReportDescriptor<M>): void;
}

export interface DockerContext<M extends string = string, O = unknown> extends BaseContext<M, O> {
  readonly model: DockerfileModel;
}

export interface K8sContext<M extends string = string, O = unknown> extends BaseContext<M, O> {
  readonly object: K8sObject;
  readonly doc: YamlDoc;
  /** The document is a partial object (Helm template, Kustomize patch): values may be injected later. */
  readonly partial: boolean;
  readonly edit: YamlEditor;
}

export interface K8sFileContext<M extends string = string, O = unknown> extends BaseContext<M, O> {
  readonly objects: readonly K8sObject[];
  readonly partial: boolean;
  editorFor(doc: YamlDoc): YamlEditor;
}

/** A finding of a cross-file rule: located by file name and range, since it may land in any file of the workspace. */
export interface WorkspaceReportDescriptor<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  fileName: string;
  range: Range;
  severity?: Severity;
  resource?: string;
  /** Other places, usually in other files (a related entry in the finding's own file may leave `fileName` out). */
  related?: { fileName?: string; range: Range; message: string }[];
  fixes?: WorkspaceFixDescriptor[];
  /** A "required thing is missing" finding: dropped in partial files (Helm templates, Kustomize patches). */
  missing?: boolean;
}

export interface WorkspaceFixDescriptor {
  title: string;
  kind?: FixKind;
  /** Edits of the finding's file. */
  edits: TextEdit[];
  /** Edits of other files, or files to create. */
  files?: FileChange[];
  isPreferred?: boolean;
}

/**
 * What a cross-file rule sees: the workspace index (plain summaries of every file, never YAML nodes) and the options
 * of the configuration it runs with. The engine asks for the findings of some files only (one file while it is
 * edited, a group of files sharing a configuration in a workspace scan): `subjects` yields the objects of those files,
 * and reports landing elsewhere are dropped.
 */
export interface WorkspaceContext<M extends string = string, O = unknown> {
  readonly workspace: WorkspaceView;
  readonly index: WorkspaceLookup;
  readonly options: O;
  /** Whether findings in this file are wanted. */
  wants(fileName: string): boolean;
  /** Objects of the given kinds in the wanted files, sorted like the index. */
  subjects(kinds: readonly string[]): Iterable<IndexedEntry>;
  report(descriptor: WorkspaceReportDescriptor<M>): void;
}

export interface DockerRule<M extends string = string, O = unknown> {
  readonly meta: RuleMeta<M, O>;
  readonly language: 'dockerfile';
  check?(ctx: DockerContext<M, O>): void;
  /** Cross-file part: runs over the workspace index once the workspace is known. */
  checkWorkspace?(ctx: WorkspaceContext<M, O>): void;
}

export interface K8sRule<M extends string = string, O = unknown> {
  readonly meta: RuleMeta<M, O>;
  readonly language: 'kubernetes';
  /** Called once per Kubernetes object (List items included). */
  check?(ctx: K8sContext<M, O>): void;
  /**
   * The object kinds `check` can report on: the engine calls it for objects of these kinds only, which spares a call per
   * rule and object for the kinds a rule has nothing to say about (most rules look at workloads alone). A shortcut, not
   * a filter: `check` still returns at once for any other kind, so the rule means the same without it (a test holds
   * every rule to that).
   */
  readonly kinds?: readonly string[];
  /** Called once per file with every object of the file (for `file` scoped rules). */
  checkFile?(ctx: K8sFileContext<M, O>): void;
  /**
   * Cross-file part: runs over the workspace index (summaries of every file) once the workspace is known, or over the
   * linted file alone when there is no workspace. A rule may have it besides `check`.
   */
  checkWorkspace?(ctx: WorkspaceContext<M, O>): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RuleModule = DockerRule<any, any> | K8sRule<any, any>;

/** Define a Dockerfile rule; message ids are checked at compile time. */
export function dockerRule<M extends string, O = Record<string, never>>(rule: Omit<DockerRule<M, O>, 'language'>): DockerRule<M, O> {
  return { ...rule, language: 'dockerfile' };
}

/** Define a Kubernetes rule; message ids are checked at compile time. */
export function k8sRule<M extends string, O = Record<string, never>>(rule: Omit<K8sRule<M, O>, 'language'>): K8sRule<M, O> {
  return { ...rule, language: 'kubernetes' };
}

export function categoryOf(meta: RuleMeta): Category {
  return meta.category ?? 'security';
}
