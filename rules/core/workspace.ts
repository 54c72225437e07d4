import type { FileSummary } from './workspace-index.js';

/**
 * What cross-file rules may know about the rest of the workspace: one plain-data {@link FileSummary} per file, made by
 * `Engine.analyze` from the documents it parsed anyway. The engine never reads files: the caller (server or CLI) keeps
 * the summaries (a `WorkspaceIndex` does it incrementally) and passes the view in explicitly.
 *
 * `complete` tells whether the view covers the whole workspace; until it does, cross-file rules stay quiet rather than
 * guess. A lint without any view treats the linted file as the whole workspace.
 */
export interface WorkspaceView {
  readonly complete: boolean;
  /** Changes whenever a summary is added, changed or removed; the engine caches derived lookups per version. */
  readonly version?: number;
  /** Every file's summary (the linted file's own summary is replaced by its fresh one while it is analysed). */
  files(): Iterable<FileSummary>;
  /** One file's summary, when the view can look it up directly. */
  file?(fileName: string): FileSummary | undefined;
  /** Whether a file is a partial manifest (a Kustomize patch) as far as the workspace knows. */
  isPartialManifest?(fileName: string): boolean;
}
