import { LineIndex } from './text.js';
import type { FileChange, TextEdit } from './types.js';

/**
 * Apply LSP text edits to a text (all ranges refer to the original text). Overlapping edits are rejected rather than
 * producing a corrupted file: the result is `undefined` and the caller leaves the file alone.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string | undefined {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => ({ ...lines.spanOf(e.range), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) return undefined;
  }
  let out = '';
  let pos = 0;
  for (const s of spans) {
    out += text.slice(pos, s.start) + s.text;
    pos = s.end;
  }
  return out + text.slice(pos);
}

/**
 * What a `FileChange` with `append` does to a file that exists (`existing`, its current text): the edit that adds the
 * lines of `text` after its last line, in the file's line ending, leaving out blank lines and lines the file already
 * holds (compared without surrounding blanks). Undefined when nothing is left to add.
 */
export function appendLinesEdit(existing: string, text: string): TextEdit | undefined {
  const present = new Set(existing.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((l) => l.trim()));
  const added: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const clean = line.trim();
    if (!clean || present.has(clean)) continue;
    present.add(clean);
    added.push(clean);
  }
  if (!added.length) return undefined;
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const end = new LineIndex(existing).positionAt(existing.length);
  const lead = existing.length && !/[\r\n]$/.test(existing) ? eol : '';
  return { range: { start: end, end }, newText: lead + added.join(eol) + eol };
}

/**
 * The edits an `append` change makes to its file, given the file's current text (`undefined`: the file does not exist
 * yet, and is created with the lines). Undefined when the change is malformed (not one edit) or when every line is in
 * the file already: the fix then has nothing to do and is not offered.
 */
export function appendChangeEdits(change: FileChange, existing: string | undefined): TextEdit[] | undefined {
  const lines = change.edits.length === 1 && typeof change.edits[0]?.newText === 'string' ? change.edits[0].newText : undefined;
  if (lines === undefined) return undefined;
  const start = { line: 0, character: 0 };
  if (existing === undefined) return [{ range: { start, end: start }, newText: lines }];
  const edit = appendLinesEdit(existing, lines);
  return edit ? [edit] : undefined;
}
