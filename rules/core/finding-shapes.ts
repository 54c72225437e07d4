import type { FileChange, Fix, FixKind, Range, RelatedInformation, TextEdit } from './types.js';

/**
 * Related information and fixes built as literals of fixed shapes. Every finding passes through these, and an object
 * spread of `cond ? {…} : {}` copies through one of V8's slow paths; the keys come in the order reports show them.
 */

/** A related location: `fileName` (another file) first when there is one. */
export function relatedAt(fileName: string | undefined, range: Range, message: string): RelatedInformation {
  return fileName ? { fileName, range, message } : { range, message };
}

/** A fix: `isPreferred` only when true, `files` only when it has any. */
export function fixOf(title: string, kind: FixKind, isPreferred: boolean | undefined, edits: TextEdit[], files: readonly FileChange[] | undefined): Fix {
  const fix: Fix = isPreferred ? { title, kind, isPreferred: true, edits } : { title, kind, edits };
  if (files?.length) fix.files = files as FileChange[];
  return fix;
}
