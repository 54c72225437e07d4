import * as yaml from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

// Bound once: bundled as CommonJS interop, every `yaml.isMap(…)` call would otherwise go through a property getter, and
// these type tests run millions of times per scan.
const { parseAllDocuments } = yaml;
const isAlias: typeof yaml.isAlias = yaml.isAlias;
const isMap: typeof yaml.isMap = yaml.isMap;
const isPair: typeof yaml.isPair = yaml.isPair;
const isScalar: typeof yaml.isScalar = yaml.isScalar;
const isSeq: typeof yaml.isSeq = yaml.isSeq;
import { addDuplicateKeyErrors, LIMITS, yamlDepthExceeds } from './limits.js';
import type { Span } from './types.js';

export type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq };
export { isAlias, isMap, isPair, isScalar, isSeq };

/**
 * A piece of a YAML stream that starts at a line start: from one `---` marker line (or the file start) to the next.
 * `---` at column 0 cannot occur inside any YAML scalar, so splitting there is exact and lets the engine re-parse only
 * the pieces an edit touched.
 */
export interface YamlChunk {
  /** Absolute offset of the first character. */
  start: number;
  end: number;
  text: string;
}

const MARKER = /^---(?=[ \t\r\n]|$)/gm;

export function splitYamlStream(text: string): YamlChunk[] {
  const starts: number[] = [0];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    if (m.index > 0) starts.push(m.index);
  }
  const chunks: YamlChunk[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    chunks.push({ start, end, text: text.slice(start, end) });
  }
  return chunks;
}

/** A parse problem inside a chunk, offsets relative to the chunk. */
export interface ChunkError {
  start: number;
  end: number;
  message: string;
  code: string;
}

/** The parse of one chunk; independent of where the chunk sits in the file, so it can be cached by its text. */
export interface ParsedChunk {
  docs: Document.Parsed[];
  errors: ChunkError[];
}

/**
 * Kubernetes reads manifests with YAML 1.1 rules (`yes`/`on` are booleans, `0755` is octal), so the engine parses
 * with the same schema to see the values the cluster will see.
 */
export function parseChunk(text: string, options: { depthChecked?: boolean } = {}): ParsedChunk {
  // the parser recurses once per nesting level: a text that could exhaust the stack is never handed to it (the engine
  // has checked the whole file already: `depthChecked`)
  if (!options.depthChecked && yamlDepthExceeds(text, LIMITS.yaml.maxDepth)) {
    return { docs: [], errors: [{ start: 0, end: 0, message: `nested more than ${LIMITS.yaml.maxDepth} levels deep`, code: 'TOO_DEEP' }] };
  }
  const docs = parseAllDocuments(text, {
    version: '1.1',
    prettyErrors: false,
    keepSourceTokens: false,
    // duplicate keys are found in linear time below (the parser's own check is quadratic in a mapping's size)
    uniqueKeys: false,
    // converting odd documents (collection keys, …) must not print process warnings into the editor's output
    logLevel: 'error',
    customTags: withPlainWords,
  });
  const list = Array.from(docs) as Document.Parsed[];
  const errors: ChunkError[] = [];
  for (const d of list) {
    addDuplicateKeyErrors(d);
    for (const e of d.errors) errors.push({ start: e.pos[0], end: e.pos[1], message: cleanMessage(e.message), code: e.code });
  }
  return { docs: list, errors };
}

/**
 * A plain scalar gets the first YAML 1.1 type whose pattern it matches (null, bool, int, float, timestamp, …), string
 * when none does: a dozen regular expressions for every plain scalar of a manifest. Of those types only null, the
 * booleans and an exponent-only float (`e5`) can begin with a letter or `_`, and they are whole words; so a string type
 * that takes every other plain scalar beginning with one (`apiVersion`, `nginx:1.25`, `app.kubernetes.io/name`, `a b`)
 * goes first, and the others are left to the 1.1 types as before. `test/unit/yaml-words.test.mjs` compares the parse
 * with the plain schema's.
 */
const PLAIN_WORD = /^(?!(?:[YyNn]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL|[Ee][-+]?[0-9]+)$)[A-Za-z_]/;

let plainWords: { stringTag: unknown; tag: unknown } | undefined;

function withPlainWords(tags: yaml.Tags): yaml.Tags {
  const stringTag = tags.find((t) => typeof t === 'object' && t.tag === 'tag:yaml.org,2002:str' && !t.test);
  if (!stringTag || typeof stringTag !== 'object') return tags;
  if (plainWords?.stringTag !== stringTag) plainWords = { stringTag, tag: { ...stringTag, default: true, test: PLAIN_WORD } };
  return [plainWords.tag as yaml.ScalarTag, ...tags];
}

function cleanMessage(message: string): string {
  const first = message.split('\n')[0];
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** One YAML document placed in its file: the parsed tree plus the absolute offset of its chunk. */
export class YamlDoc {
  constructor(
    readonly doc: Document.Parsed,
    /** Absolute offset that node ranges are relative to. */
    readonly base: number,
    readonly index: number,
  ) {}

  get root(): Node | null {
    return this.doc.contents as Node | null;
  }

  /** Absolute span of a node's value (without trailing comments). */
  span(node: Node | Pair | null | undefined): Span {
    if (!node) return { start: this.base, end: this.base };
    if (isPair(node)) {
      const k = node.key as Node | null;
      const v = node.value as Node | null;
      const s = k?.range ? k.range[0] : v?.range ? v.range[0] : 0;
      const e = v?.range ? v.range[1] : k?.range ? k.range[1] : s;
      return { start: this.base + s, end: this.base + e };
    }
    const r = node.range;
    if (!r) return { start: this.base, end: this.base };
    return { start: this.base + r[0], end: this.base + r[1] };
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Tree helpers. They accept anything and return undefined when the shape is not what was asked for, so rules can walk
// hostile input without checks at every step.

/** The pair of a mapping whose key is the plain string `key`. */
export function pairOf(map: unknown, key: string): Pair<Scalar, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  const items = map.items;
  for (let i = 0; i < items.length; i++) {
    const k = items[i].key as { value?: unknown } | null;
    // the value first: the node-type test reads a symbol-keyed property (a generic lookup where keys come in several
    // shapes), and of a mapping's keys only the one asked for needs it
    if (typeof k === 'object' && k !== null && k.value === key && isScalar(k)) return items[i] as Pair<Scalar, Node | null>;
  }
  return undefined;
}

/** The value node under `key`, following an alias once. */
export function valueOf(map: unknown, key: string): Node | undefined {
  const v = pairOf(map, key)?.value;
  if (!v) return undefined;
  return v as Node;
}

/** Walk a path of keys (strings) and sequence indexes (numbers). */
export function nodeAt(node: unknown, path: readonly (string | number)[]): Node | undefined {
  let cur: unknown = node;
  for (const p of path) {
    if (typeof p === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = cur.items[p];
    } else {
      cur = valueOf(cur, p);
    }
    if (cur === undefined || cur === null) return undefined;
  }
  return cur as Node;
}

export function mapAt(node: unknown, path: readonly (string | number)[]): YAMLMap | undefined {
  const n = path.length ? nodeAt(node, path) : node;
  return isMap(n) ? (n as YAMLMap) : undefined;
}

export function seqAt(node: unknown, path: readonly (string | number)[]): YAMLSeq | undefined {
  const n = path.length ? nodeAt(node, path) : node;
  return isSeq(n) ? (n as YAMLSeq) : undefined;
}

/** A scalar's value as a string (numbers and booleans stringified); undefined for collections and null. */
export function stringOf(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

export function stringAt(node: unknown, path: readonly (string | number)[]): string | undefined {
  return stringOf(nodeAt(node, path));
}

/** True only for a boolean `true` scalar (YAML 1.1: `true`, `yes`, `on` unquoted). */
export function isTrue(node: unknown): node is Scalar {
  return isScalar(node) && node.value === true;
}

export function isFalse(node: unknown): node is Scalar {
  return isScalar(node) && node.value === false;
}

/** A scalar's numeric value (a number, or a quoted string of digits is not a number). */
export function numberOf(node: unknown): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

/** Items of a sequence (empty for anything else). */
export function itemsOf(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

/** Whether a scalar (or any scalar below a node) carries a template expression we cannot evaluate. */
export function isTemplated(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'string' && node.value.includes(TEMPLATE_MARK);
}

/**
 * Template expressions (`{{ … }}`) in Helm charts are replaced by this marker of the same length before parsing,
 * so ranges stay exact and rules can recognise values they must not judge.
 */
export const TEMPLATE_MARK = '\u2063';

const TEMPLATE_MARKS = /\u2063+/g;

/**
 * Text for people: a value read from a template shows each expression as `{{…}}` instead of its invisible markers
 * (which would otherwise reach messages and resource names).
 */
export function readableTemplates(text: string): string {
  return text.includes(TEMPLATE_MARK) ? text.replace(TEMPLATE_MARKS, '{{…}}') : text;
}
