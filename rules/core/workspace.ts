import type { K8sObject } from './k8s.js';

/**
 * What cross-file rules may know about the rest of the workspace. The engine never reads files: the caller (server or
 * CLI) builds this view and passes it in explicitly. `complete` tells whether the view covers the whole workspace;
 * until it does, rules that would need it stay quiet rather than guess.
 */
export interface WorkspaceView {
  readonly complete: boolean;
  /** Every Kubernetes object of every other file (and of this file), by file name. */
  objects(): Iterable<WorkspaceObject>;
  /** Whether a file is a partial manifest (a Kustomize patch) as far as the workspace knows. */
  isPartialManifest?(fileName: string): boolean;
}

/** A Kubernetes object known to the workspace, with where it lives. */
export interface WorkspaceObject {
  fileName: string;
  object: K8sObject;
  /** Range of the object's `metadata.name` value (or `kind`) in its file, for related information. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
