import { LineIndex } from './text.js';
import type { TextEdit } from './types.js';

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
