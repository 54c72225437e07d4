import type { Position, Range, Span } from './types.js';

/**
 * Maps offsets to LSP positions and back for one text. Built once per text; lookups are binary searches.
 * Line breaks are `\n`, `\r\n` and a lone `\r`, as LSP defines them.
 */
export class LineIndex {
  /** Offset of the first character of every line. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // the common case, found by the engine's native search: every keystroke in a large file builds one index
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // between the `\r` and the `\n` of a line break is not a place on the line: the line's end is
    const inBreak = o > 0 && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13 && o - 1 >= this.lineStarts[lo];
    return { line: lo, character: o - this.lineStarts[lo] - (inBreak ? 1 : 0) };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.min(start + Math.max(0, position.character), end);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  spanOf(range: Range): Span {
    return { start: this.offsetAt(range.start), end: this.offsetAt(range.end) };
  }

  /** Offset just past the last character of the line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  /** The line break used by this text (first one found), `\n` by default. */
  get eol(): string {
    const i = this.text.indexOf('\n');
    return i > 0 && this.text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
  }
}

/** Compare two positions. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function compareRanges(a: Range, b: Range): number {
  return comparePositions(a.start, b.start) || comparePositions(a.end, b.end);
}

/** Leading whitespace (spaces only) of a line. */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

/** Interpolate `{{name}}` placeholders. */
export function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  const parts = templateParts(template);
  let out = parts[0];
  // parts: text, then per placeholder its whole text, its name and the text after it
  for (let i = 1; i < parts.length; i += 3) {
    const name = parts[i + 1];
    out += (Object.prototype.hasOwnProperty.call(data, name) ? shorten(String(data[name])) : parts[i]) + parts[i + 2];
  }
  return out;
}

/** Message templates split at their placeholders, once each (a rule's few templates serve thousands of findings). */
const templateCache = new Map<string, string[]>();
const MAX_CACHED_TEMPLATES = 4096;

function templateParts(template: string): string[] {
  let parts = templateCache.get(template);
  if (!parts) {
    parts = template.split(/(\{\{\s*(\w+)\s*\}\})/);
    // custom rules' messages are templates too: keep the cache bounded whatever a configuration holds
    if (templateCache.size < MAX_CACHED_TEMPLATES) templateCache.set(template, parts);
  }
  return parts;
}

/** Longest value a message quotes: values come from the file (an image name, a list of containers) and may be huge. */
export const MAX_MESSAGE_VALUE = 300;

function shorten(value: string): string {
  if (value.length <= MAX_MESSAGE_VALUE) return value;
  let cut = MAX_MESSAGE_VALUE - 1;
  // never split a surrogate pair
  if (value.charCodeAt(cut - 1) >= 0xd800 && value.charCodeAt(cut - 1) <= 0xdbff) cut--;
  return `${value.slice(0, cut)}…`;
}

/** A stable, fast, non-cryptographic hash of a string (FNV-1a 32 bit, hex). */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
