import { parse as parseYaml } from 'yaml';
import { ObjectSlot } from './object-slot.js';
import type { SpanEdit } from './rule.js';
import {
  isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YamlDoc,
} from './yaml-model.js';

/**
 * Text edits on YAML that keep comments, key order and indentation: insert under an existing mapping at its child
 * indentation, create intermediate mappings, turn a flow mapping into block style before inserting, delete one pair's
 * lines. Never re-serialises a document.
 *
 * A JSON document (its root a flow collection, as in a `.json` manifest) stays JSON: every value a rule writes, given as
 * YAML text, is written as its JSON equivalent (keys and strings in double quotes, `0644` as 420), and insertions stay
 * in flow style.
 */
export class YamlEditor {
  readonly json: boolean;

  constructor(readonly text: string, readonly doc: YamlDoc) {
    const root = doc.root;
    this.json = (isMap(root) || isSeq(root)) && root.flow === true;
  }

  /** Replace a node's text (YAML text: in a JSON document, its JSON equivalent is written). */
  replace(node: Node, newText: string): SpanEdit {
    const s = this.doc.span(node);
    return { start: s.start, end: s.end, text: this.json ? jsonOfYamlText(newText) : newText };
  }

  /** A key as written in this document. */
  private key(key: string): string {
    return this.json ? JSON.stringify(key) : key;
  }

  /** `key: value` in flow style, as written in this document (JSON-quoted in a JSON document). */
  flowEntry(key: string, leaf: LeafValue): string {
    return `${this.key(key)}: ${this.flow(leaf)}`;
  }

  /** A value in flow style, as written in this document. */
  private flow(leaf: LeafValue): string {
    return renderFlowIn(leaf, this.json);
  }

  /** Whether insertions into this mapping stay in flow style (a JSON document, or a mapping inside a flow collection). */
  private staysFlow(map: YAMLMap): boolean {
    return !!map.flow && (this.json || this.inFlowCollection(map));
  }

  /** Column (0-based) of an offset. */
  column(offset: number): number {
    const ls = this.text.lastIndexOf('\n', offset - 1) + 1;
    return offset - ls;
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  lineEndAt(offset: number): number {
    const i = this.text.indexOf('\n', offset);
    let e = i < 0 ? this.text.length : i;
    if (e > 0 && this.text[e - 1] === '\r') e--;
    return e;
  }

  get eol(): string {
    const i = this.text.indexOf('\n');
    return i > 0 && this.text[i - 1] === '\r' ? '\r\n' : '\n';
  }

  /** The indentation step of the document: the first nested block mapping's extra indent, else 2. */
  indentUnit(): number {
    const root = this.doc.root;
    if (isMap(root)) {
      for (const item of root.items) {
        const v = item.value;
        if (isMap(v) && !v.flow && v.items.length && isScalar(v.items[0].key) && isScalar(item.key)) {
          const k = this.doc.span(item.key as Node).start;
          const c = this.doc.span(v.items[0].key as Node).start;
          const d = this.column(c) - this.column(k);
          if (d > 0 && d <= 8) return d;
        }
      }
    }
    return 2;
  }

  /** Whether a block mapping's entries start on their own lines (not the flow `{}` form). */
  private isBlock(map: YAMLMap): boolean {
    return !map.flow;
  }

  /**
   * Insert `path[0]: { path[1]: { … : leaf } }` into `map`, creating what is missing, reusing what exists. `leaf` is a
   * YAML fragment for the last key's value: a scalar (`false`) or block lines produced by `blockLines`.
   * Returns undefined when the existing structure has a non-mapping in the way.
   */
  insertPath(map: YAMLMap, path: readonly string[], leaf: LeafValue): SpanEdit[] | undefined {
    // descend through existing mappings
    let cur: YAMLMap = map;
    let i = 0;
    for (; i < path.length - 1; i++) {
      const pair = findPair(cur, path[i]);
      if (!pair) break;
      const v = pair.value;
      if (isMap(v)) { cur = v as YAMLMap; continue; }
      if (isNullValue(v)) {
        // `key:`, `key: ~` or `key: null`: write the rest below the key
        return [this.insertBelowKey(pair, path.slice(i + 1), leaf)];
      }
      return undefined;
    }
    const rest = path.slice(i);
    const existing = rest.length === 1 ? findPair(cur, rest[0]) : undefined;
    if (existing) {
      // the leaf key exists: replace its value
      if (leaf.kind === 'scalar' && existing.value && (isScalar(existing.value)) && !isNullValue(existing.value)) {
        return [this.replace(existing.value as Node, leaf.text)];
      }
      // `key:` with no value yet: write the value (a scalar after the colon, a block below the key)
      if (isNullValue(existing.value)) return [this.insertBelowKey(existing, [], leaf)];
      return undefined;
    }
    return this.insertIntoMap(cur, rest, leaf);
  }

  /** Add `key: value` lines (nested for a path) as the last entries of a mapping. */
  insertIntoMap(map: YAMLMap, path: readonly string[], leaf: LeafValue): SpanEdit[] {
    if (this.staysFlow(map)) {
      const value = path.slice(1).reduceRight<LeafValue>((acc, key) => mapping([key, acc]), leaf);
      return [this.appendToFlowMap(map, `${this.key(path[0])}: ${this.flow(value)}`)];
    }
    return this.insertRendered(map, (col, unit) => renderPath(path, leaf, col, unit, this.eol));
  }

  /** Add several `key: value` entries (each a scalar, sequence or mapping) as the last entries of a mapping. */
  insertEntries(map: YAMLMap, entries: readonly (readonly [string, LeafValue])[]): SpanEdit[] {
    if (this.staysFlow(map)) {
      return [this.appendToFlowMap(map, entries.map(([k, v]) => `${this.key(k)}: ${this.flow(v)}`).join(', '))];
    }
    return this.insertRendered(map, (col, unit) => entries.map(([k, v]) => renderPath([k], v, col, unit, this.eol)).join(this.eol));
  }

  /** Insert rendered entry lines (the renderer gets the entries' column) at the end of a mapping. */
  private insertRendered(map: YAMLMap, render: (col: number, unit: number) => string): SpanEdit[] {
    const unit = this.indentUnit();
    if (!this.isBlock(map) || !map.items.length) {
      // an empty block mapping cannot exist without flow markers: `{}` is rewritten in block style
      return this.flowToBlock(map, render, unit);
    }
    const firstKey = map.items[0].key as Node;
    const col = this.column(this.doc.span(firstKey).start);
    const last = map.items[map.items.length - 1];
    const at = this.endOfPairLine(last);
    return [{ start: at, end: at, text: this.eol + render(col, unit) }];
  }

  /**
   * `key:` with an empty value (`key:`, `key: ~`, `key: null`): put the structure on the following lines; with an
   * empty `path` the leaf itself is the key's value (a scalar goes after the colon).
   */
  private insertBelowKey(pair: Pair, path: readonly string[], leaf: LeafValue): SpanEdit {
    if (this.json && isScalar(pair.value)) {
      // `"key": null`: the value is replaced by the whole structure
      const value = path.reduceRight<LeafValue>((acc, key) => mapping([key, acc]), leaf);
      const s = this.doc.span(pair.value as Node);
      return { start: s.start, end: s.end, text: this.flow(value) };
    }
    const unit = this.indentUnit();
    const keyStart = this.doc.span(pair.key as Node).start;
    const col = this.column(keyStart) + unit;
    const keyEnd = this.doc.span(pair.key as Node).end;
    const colon = this.text.indexOf(':', keyEnd);
    let at = colon >= 0 ? colon + 1 : keyEnd;
    const body = path.length
      ? this.eol + renderPath(path, leaf, col, unit, this.eol)
      : leaf.kind === 'scalar' ? ' ' + leaf.text : this.eol + renderBody(leaf, col, unit, this.eol);
    // keep a comment that follows on the key's line; a null marker (`~`, `null`) is replaced
    const lineEnd = this.lineEndAt(at);
    const tail = this.text.slice(at, lineEnd);
    if (/^\s*(~|null|Null|NULL)?\s*$/.test(tail)) {
      return { start: at, end: lineEnd, text: body };
    }
    const marker = /^\s*(~|null|Null|NULL)?(?=\s)/.exec(tail);
    if (!path.length && leaf.kind === 'scalar') {
      // `key: # comment`: the value goes before the comment
      const end = at + (marker ? marker[0].length : 0);
      return { start: at, end, text: body };
    }
    if (marker && marker[1]) return { start: at, end: at + marker[0].length, text: ' ' + tail.slice(marker[0].length).trimStart() + body };
    at = lineEnd;
    return { start: at, end: at, text: body };
  }

  /** Offset at the end of the last line that belongs to a pair (after its value, before the line break). */
  endOfPairLine(pair: Pair): number {
    const v = pair.value as Node | null;
    const end = v && v.range ? this.doc.base + v.range[1] : this.doc.span(pair.key as Node).end;
    let e = end;
    while (e > 0 && /[\s]/.test(this.text[e - 1])) e--;
    return this.lineEndAt(e);
  }

  /**
   * Whether a node sits inside a flow collection (`[{name: a}]`, `{a: {b: 1}}`): block lines cannot be written there,
   * so insertions stay in flow style.
   */
  private inFlowCollection(node: Node): boolean {
    return flowNestedNodes(this.doc).has(node);
  }

  /** Add an entry (already rendered in flow style) at the end of a flow mapping. */
  private appendToFlowMap(map: YAMLMap, entry: string): SpanEdit {
    const last = map.items[map.items.length - 1];
    if (last) {
      const at = this.doc.span(last).end;
      return { start: at, end: at, text: `, ${entry}` };
    }
    const at = this.doc.span(map as Node).start + 1;
    return { start: at, end: at, text: entry };
  }

  /** Rewrite a flow mapping (`{}` or `{a: 1}`) as block lines with the new entries added. */
  private flowToBlock(map: YAMLMap, render: (col: number, unit: number) => string, unit: number): SpanEdit[] {
    const span = this.doc.span(map as Node);
    // the key that holds the map decides the indentation
    const lineStart = this.lineStart(span.start);
    const line = this.text.slice(lineStart, span.start);
    if (/^\s*(?:-\s+)+$/.test(line) && map.items.length) {
      // a sequence item (`- {name: a}`): the block entries start right after the dash
      const col = line.length;
      const entries = map.items.map((item) => {
        const k = this.text.slice(this.doc.span(item.key as Node).start, this.doc.span(item.key as Node).end);
        const v = item.value ? this.text.slice(this.doc.span(item.value as Node).start, this.doc.span(item.value as Node).end) : '';
        return ' '.repeat(col) + k + ':' + (v ? ' ' + v.replace(/\s*\n\s*/g, ' ') : '');
      });
      entries.push(render(col, unit));
      return [{ start: span.start, end: span.end, text: entries.join(this.eol).slice(col) }];
    }
    const baseCol = (/^(\s*(?:-\s+)*)/.exec(line)?.[1].length ?? 0);
    const col = baseCol + unit;
    const lines: string[] = [];
    for (const item of map.items) {
      const k = this.text.slice(this.doc.span(item.key as Node).start, this.doc.span(item.key as Node).end);
      const v = item.value ? this.text.slice(this.doc.span(item.value as Node).start, this.doc.span(item.value as Node).end) : '';
      lines.push(' '.repeat(col) + k + ':' + (v ? ' ' + v.replace(/\s*\n\s*/g, ' ') : ''));
    }
    lines.push(render(col, unit));
    // replace from just after the key's colon (drop the space before `{`)
    let start = span.start;
    while (start > 0 && (this.text[start - 1] === ' ' || this.text[start - 1] === '\t')) start--;
    return [{ start, end: span.end, text: this.eol + lines.join(this.eol) }];
  }

  /** Delete a mapping pair: its whole lines in block style, the entry and its comma in flow style. */
  removePair(map: YAMLMap, pair: Pair): SpanEdit {
    if (map.flow) {
      const idx = map.items.indexOf(pair as never);
      const s = this.doc.span(pair);
      let start = s.start;
      let end = s.end;
      if (idx < map.items.length - 1) {
        const next = this.doc.span(map.items[idx + 1]);
        end = next.start;
      } else if (idx > 0) {
        const prev = this.doc.span(map.items[idx - 1]);
        start = prev.end;
      }
      return { start, end, text: '' };
    }
    const s = this.doc.span(pair);
    const start = this.lineStart(s.start);
    const prefix = this.text.slice(start, s.start);
    if (/^\s*-\s/.test(prefix) || !/^\s*$/.test(prefix)) {
      // first key of a sequence item (`- key: v`): keep the dash, remove the key and pull the next key up; comments
      // in the removed text move above the item
      const idx = map.items.indexOf(pair as never);
      const end = idx < map.items.length - 1 ? this.doc.span(map.items[idx + 1]).start : this.endOfPairLine(pair);
      const rest = idx < map.items.length - 1 ? '' : '{}';
      const kept = this.commentLines(s.start, end, pair, /^\s*/.exec(prefix)![0]);
      return kept ? { start, end, text: kept + prefix + rest } : { start: s.start, end, text: rest };
    }
    const endLine = this.endOfPairLine(pair);
    let end = endLine;
    if (this.text[end] === '\r') end++;
    if (this.text[end] === '\n') end++;
    return { start, end, text: this.commentLines(start, end, pair, prefix) };
  }

  /**
   * The comments inside `[start, end)` (trailing ones and comment lines, not `#` inside block scalars of `node`) as
   * comment lines indented by `indent`: a fix that deletes lines keeps the comments that were on them.
   */
  private commentLines(start: number, end: number, node: unknown, indent: string): string {
    const blocks: [number, number][] = [];
    const pending: unknown[] = [node];
    while (pending.length) {
      const cur = pending.pop();
      if (isPair(cur)) pending.push(cur.key, cur.value);
      else if (isMap(cur)) pending.push(...cur.items);
      else if (isSeq(cur)) pending.push(...cur.items);
      else if (isScalar(cur) && (cur.type === 'BLOCK_LITERAL' || cur.type === 'BLOCK_FOLDED') && cur.range) {
        blocks.push([this.doc.base + cur.range[0], this.doc.base + cur.range[1]]);
      }
    }
    const out: string[] = [];
    for (let at = start; at < end;) {
      let lineEnd = this.text.indexOf('\n', at);
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      if (!blocks.some(([a, b]) => a < at && at < b)) {
        const comment = commentOf(this.text.slice(at, lineEnd));
        if (comment) out.push(indent + comment + this.eol);
      }
      at = lineEnd + 1;
    }
    return out.join('');
  }

  /** Delete a sequence item (block style: its lines; flow style: the item and a comma). */
  removeItem(seq: Node, item: Node): SpanEdit | undefined {
    if (!isSeq(seq)) return undefined;
    const items = seq.items as Node[];
    const idx = items.indexOf(item);
    if (idx < 0) return undefined;
    const s = this.doc.span(item);
    if (seq.flow) {
      if (items.length === 1) return { start: s.start, end: s.end, text: '' };
      if (idx < items.length - 1) return { start: s.start, end: this.doc.span(items[idx + 1]).start, text: '' };
      return { start: this.doc.span(items[idx - 1]).end, end: s.end, text: '' };
    }
    const start = this.lineStart(s.start);
    let end = this.lineEndAt(Math.max(s.start, trimEnd(this.text, s.end)));
    if (this.text[end] === '\r') end++;
    if (this.text[end] === '\n') end++;
    return { start, end, text: this.commentLines(start, end, item, /^\s*/.exec(this.text.slice(start, s.start))![0]) };
  }

  /** Append an item (a scalar, or a mapping such as `{name: tmp, emptyDir: {}}`) to a sequence in its own style. */
  appendLeafItem(seq: Node, item: LeafValue): SpanEdit | undefined {
    if (item.kind === 'scalar') return this.appendItem(seq, item.text);
    if (isSeq(seq) && seq.flow) return this.appendItem(seq, this.flow(item));
    return this.appendItem(seq, item.kind === 'map' && item.entries.length
      ? item.entries.map(([k, v]) => renderPath([k], v, 0, this.indentUnit(), '\n')).join('\n')
      : renderFlow(item));
  }

  /**
   * Append an item to a sequence in its own style. In block style a multi-line `itemText` (a mapping item such as
   * `name: x\nvalue: y`) has its continuation lines indented under the first one.
   */
  appendItem(seq: Node, itemText: string): SpanEdit | undefined {
    if (!isSeq(seq)) return undefined;
    const items = seq.items as Node[];
    const s = this.doc.span(seq);
    if (seq.flow && this.json) itemText = jsonOfYamlText(itemText);
    if (seq.flow) {
      // right after the last item, so a multi-line flow list (JSON) keeps its closing bracket where it was
      const lastItem = items[items.length - 1];
      if (lastItem) {
        const end = this.doc.span(lastItem).end;
        return { start: end, end, text: `, ${itemText}` };
      }
      const close = this.text.lastIndexOf(']', s.end);
      if (close < 0) return undefined;
      return { start: close, end: close, text: itemText };
    }
    const last = items[items.length - 1];
    if (!last) return undefined;
    const ls = this.lineStart(this.doc.span(last).start);
    const dashCol = this.text.slice(ls, this.doc.span(last).start).search(/-\s*$/);
    const at = this.lineEndAt(trimEnd(this.text, this.doc.span(last).end));
    const pad = ' '.repeat(Math.max(0, dashCol));
    const lines = itemText.split(/\r?\n/);
    const body = lines.map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`)).join(this.eol);
    return { start: at, end: at, text: this.eol + body };
  }
}

const flowNestedCache = new ObjectSlot<object, Set<object>>('nodes in flow collections');

/**
 * The nodes of a document that sit inside a flow collection, found in one iterative walk and kept per parsed document:
 * asking it per fix by walking from the root made fixes quadratic in the size of a document (a `List` of 1,000 items).
 */
function flowNestedNodes(doc: YamlDoc): Set<object> {
  const key = doc.doc as object;
  let nested = flowNestedCache.get(key);
  if (nested) return nested;
  nested = new Set();
  const pending: [unknown, boolean][] = [[doc.root, false]];
  while (pending.length) {
    const [cur, flow] = pending.pop()!;
    if (!cur || typeof cur !== 'object') continue;
    if (flow) nested.add(cur);
    if (isMap(cur)) {
      const inner = flow || !!cur.flow;
      for (const item of cur.items) pending.push([item.value, inner], [item.key, inner]);
    } else if (isSeq(cur)) {
      const inner = flow || !!cur.flow;
      for (const item of cur.items) pending.push([item, inner]);
    }
  }
  flowNestedCache.set(key, nested);
  return nested;
}

/** The `# comment` of a YAML line (outside quotes), without trailing spaces; undefined when it has none. */
function commentOf(line: string): string | undefined {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(line[i - 1]!))) {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(i).trimEnd();
    }
  }
  return undefined;
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}

/** A value that is absent in effect: `key:`, `key: ~`, `key: null`. */
function isNullValue(v: unknown): boolean {
  return v === null || v === undefined || (isScalar(v) && v.value === null);
}

export function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) return item;
  }
  return undefined;
}

/** A value to write at the end of a path: a scalar text, or a block sequence of scalar items. */
export type LeafValue =
  | { kind: 'scalar'; text: string }
  | { kind: 'sequence'; items: string[] }
  | { kind: 'map'; entries: [string, LeafValue][] };

export const scalar = (text: string): LeafValue => ({ kind: 'scalar', text });
export const sequence = (...items: string[]): LeafValue => ({ kind: 'sequence', items });
export const mapping = (...entries: [string, LeafValue][]): LeafValue => ({ kind: 'map', entries });

/** Render `a:\n  b: leaf` at column `col`. */
export function renderPath(path: readonly string[], leaf: LeafValue, col: number, unit: number, eol: string): string {
  const lines: string[] = [];
  let c = col;
  for (let i = 0; i < path.length - 1; i++) {
    lines.push(' '.repeat(c) + path[i] + ':');
    c += unit;
  }
  lines.push(...renderEntry(path[path.length - 1], leaf, c, unit));
  return lines.join(eol);
}

function renderEntry(key: string, leaf: LeafValue, col: number, unit: number): string[] {
  const pad = ' '.repeat(col);
  if (leaf.kind === 'scalar') return [`${pad}${key}: ${leaf.text}`];
  if (leaf.kind === 'map' ? !leaf.entries.length : !leaf.items.length) return [`${pad}${key}: ${leaf.kind === 'map' ? '{}' : '[]'}`];
  return [`${pad}${key}:`, ...bodyLines(leaf, col + unit, unit)];
}

/** The lines of a non-scalar value whose entries (or sequence dashes) start at column `col`. */
function bodyLines(leaf: LeafValue, col: number, unit: number): string[] {
  const pad = ' '.repeat(col);
  if (leaf.kind === 'scalar') return [`${pad}${leaf.text}`];
  if (leaf.kind === 'map') return leaf.entries.flatMap(([k, v]) => renderEntry(k, v, col, unit));
  // a multi-line item (a mapping) continues under its first line
  return leaf.items.flatMap((t) => t.split(/\r?\n/).map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`)));
}

/** Render a non-scalar value as the lines below its key, its entries (or dashes) at column `col`. */
export function renderBody(leaf: LeafValue, col: number, unit: number, eol: string): string {
  return bodyLines(leaf, col, unit).join(eol);
}

/** Render a value in flow style: `{name: tmp, emptyDir: {}}`, `[ALL]`. */
export function renderFlow(leaf: LeafValue): string {
  if (leaf.kind === 'scalar') return leaf.text;
  if (leaf.kind === 'sequence') return `[${leaf.items.join(', ')}]`;
  return `{${leaf.entries.map(([k, v]) => `${k}: ${renderFlow(v)}`).join(', ')}}`;
}

/** A value in flow style: YAML (`{name: tmp, emptyDir: {}}`), or its JSON equivalent (`{"name": "tmp", "emptyDir": {}}`). */
export function renderFlowIn(leaf: LeafValue, json: boolean): string {
  return json ? renderJson(leafValue(leaf)) : renderFlow(leaf);
}

/** The value a leaf stands for (its scalars read as YAML 1.1, as Kubernetes reads them). */
function leafValue(leaf: LeafValue): unknown {
  if (leaf.kind === 'scalar') return yamlValueOf(leaf.text);
  if (leaf.kind === 'sequence') return leaf.items.map(yamlValueOf);
  return Object.fromEntries(leaf.entries.map(([k, v]) => [k, leafValue(v)]));
}

function yamlValueOf(text: string): unknown {
  try {
    const value = parseYaml(text, { version: '1.1', logLevel: 'silent' }) as unknown;
    // Kubernetes reads an unquoted date as the string it is, not as a timestamp
    return value instanceof Date ? text.trim() : value;
  } catch {
    return text;
  }
}

/** YAML text (a scalar, a flow collection or block lines) as JSON in flow layout: `{"name": "tmp", "emptyDir": {}}`. */
export function jsonOfYamlText(text: string): string {
  return renderJson(yamlValueOf(text));
}

function renderJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(renderJson).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${renderJson(v)}`).join(', ')}}`;
  return JSON.stringify(value ?? null) ?? 'null';
}
