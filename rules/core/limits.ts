import { YAMLParseError, type Document } from 'yaml';
import { isMap, isPair, isSeq } from './yaml-model.js';

/**
 * How much work the engine does for one file, at most. The core has no clock, so its time budget is a bound on the
 * work instead: every limit below is checked by a linear scan of the text before anything expensive (parsing,
 * rules) runs, or right after parsing, and a file beyond one is not analysed: it gets a `skipped-file` info finding
 * saying which limit it crossed ("File skipped: too complex (…)"). The limits sit far above real manifests and
 * Dockerfiles (the largest real files seen are a few hundred objects deep in tens of thousands of lines).
 */
export const LIMITS = {
  yaml: {
    /** Lines per file (the parser's time grows with lines, even blank ones). */
    maxLines: 100_000,
    /** Entries of flow collections (`[a, b]`, `{a: 1}`, JSON) per file: a minified JSON file is one line. */
    maxFlowEntries: 100_000,
    /** Nesting levels (block indentation levels, compact `- -` entries and open flow brackets, counted together). */
    maxDepth: 200,
    /** Documents (`---`-separated parts) per file. */
    maxDocuments: 10_000,
    /** Kubernetes objects per file (top-level objects and `List` items), checked after parsing. */
    maxObjects: 2_000,
    /** Containers of all pod specs of a file (init, regular and ephemeral), checked after parsing. */
    maxContainers: 2_000,
  },
  dockerfile: {
    /** Dockerfiles are small; shell analysis of RUN bodies costs more per byte than YAML does. */
    maxBytes: 512 * 1024,
    maxLines: 20_000,
    maxInstructions: 2_000,
    /** Physical lines of one instruction: continuation lines and heredoc bodies included. */
    maxInstructionLines: 1_000,
    maxInstructionChars: 64 * 1024,
  },
  config: {
    /** A `.palisade.yaml` beyond this (or beyond the YAML limits) is refused with an error. */
    maxBytes: 1024 * 1024,
  },
  /** Longest value an ARG/ENV substitution may produce (`${A}${A}` chains double at every step). */
  maxResolvedLength: 64 * 1024,
} as const;

/** The message of a file skipped because it crossed one of the limits. */
export function tooComplexMessage(reason: string): string {
  return `File skipped: too complex (${reason}). Palisade bounds the work per file; see its guarantees.`;
}

// ---------------------------------------------------------------------------------------------------------------------
// YAML

const DOC_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/;

/** Why a YAML text is beyond the limits (checked before parsing), or undefined when it is not. */
export function yamlComplexity(text: string, chunks?: ChunkShapes): string | undefined {
  const { maxDepth, maxDocuments, maxLines, maxFlowEntries } = LIMITS.yaml;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (++lines > maxLines) return `more than ${maxLines} lines`;
  }
  let documents = 1;
  for (let i = text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 4)) {
    if (DOC_MARKER.test(text.slice(i + 1, i + 5)) && ++documents > maxDocuments) return `more than ${maxDocuments} YAML documents`;
  }
  // Nothing stays open across a `---` line, so with `chunks` the stream is judged piece by piece: pieces judged before
  // (an editor's unchanged documents) are not scanned again, only their flow entries are added up.
  let entries = 0;
  for (const piece of chunks ? chunks.split(text) : [text]) {
    let count = chunks?.known(piece);
    if (count === undefined) {
      const shape = scanYaml(piece, maxDepth, maxFlowEntries);
      if (shape === 'depth') return `nested more than ${maxDepth} levels deep`;
      if (shape === 'entries') return `more than ${maxFlowEntries} entries in flow collections`;
      count = shape;
      chunks?.learn(piece, count);
    }
    entries += count;
    if (entries > maxFlowEntries) return `more than ${maxFlowEntries} entries in flow collections`;
  }
  return undefined;
}

/** What {@link yamlComplexity} may remember of a stream's `---`-separated pieces between two calls. */
export interface ChunkShapes {
  /** The pieces of a stream (each starting at a `---` line or the start of the text). */
  split(text: string): string[];
  /** The flow entries of a piece known to be within the nesting limit, if it was judged before. */
  known(chunk: string): number | undefined;
  learn(chunk: string, flowEntries: number): void;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;

/**
 * Whether the nesting of a YAML text may exceed `limit` levels, estimated in one pass without parsing (the parser
 * itself recurses per level and must never be handed a text that could exhaust the stack). Block levels come from an
 * indentation stack, compact entries (`- - x`, `- ? x`) add one each, and flow brackets are counted where they can
 * open a collection (at a value's start in block context, anywhere outside quotes in flow context). Block scalar
 * bodies and comments are skipped. The estimate errs high, never low, by at most a level or two per line.
 */
export function yamlDepthExceeds(text: string, limit: number): boolean {
  return scanYaml(text, limit, Infinity) === 'depth';
}

/**
 * The one-pass scan behind {@link yamlDepthExceeds}; also counts flow entries (commas in flow context). Returns which
 * limit is crossed, or the number of flow entries.
 */
function scanYaml(text: string, limit: number, maxEntries: number): 'depth' | 'entries' | number {
  let entries = 0;
  const stack: number[] = [];
  let flow = 0;
  /** Block levels around the open flow collection. */
  let flowBase = 0;
  /** Inside a block scalar: the indentation of the line that opened it (its body is more indented). */
  let scalarParent = -1;
  for (let pos = 0; pos <= text.length;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let i = pos;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    const indent = i - pos;
    const c0 = text.charCodeAt(i);
    const blank = i >= end || c0 === CR || c0 === 35 /* # */ || (c0 === TAB && text.slice(i, end).trim() === '');
    if (scalarParent >= 0 && (blank || indent > scalarParent)) {
      pos = end + 1;
      continue;
    }
    scalarParent = -1;
    if (blank) {
      pos = end + 1;
      continue;
    }
    if (indent === 0 && DOC_MARKER.test(text.slice(i, i + 4))) {
      // a new document: nothing stays open
      stack.length = 0;
      flow = 0;
    }
    if (flow === 0) {
      while (stack.length && stack[stack.length - 1] >= indent) stack.pop();
      stack.push(indent);
    }
    /** Levels open before this line's flow brackets: block levels and compact entries. */
    let base = stack.length;
    let j = i;
    if (flow === 0) {
      // compact nested entries on one line: `- - - x`, `- ? key`, `? - x`
      while (j < end && isCompactIndicator(text, j, end)) {
        base++;
        j++;
        while (j < end && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) j++;
      }
      if (base > limit) return 'depth';
      const start = flowStartIn(text, j, end);
      if (start < 0) {
        if (endsWithBlockScalarHeader(text, j, end)) scalarParent = indent;
        pos = end + 1;
        continue;
      }
      j = start;
    } else {
      base = flowBase;
    }
    // flow context: every bracket outside quotes and comments counts
    for (let k = j; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === 91 /* [ */ || c === 123 /* { */) {
        if (flow === 0) flowBase = base;
        if (base + ++flow > limit) return 'depth';
      } else if (c === 93 /* ] */ || c === 125 /* } */) {
        if (flow > 0) flow--;
      } else if (c === 44 /* , */) {
        if (flow > 0 && ++entries > maxEntries) return 'entries';
      } else if (c === 34 /* " */ || c === 39 /* ' */) {
        if (k === j || isTokenBoundary(text.charCodeAt(k - 1))) k = skipQuoted(text, k, end);
      } else if (c === 35 /* # */ && k > j && (text.charCodeAt(k - 1) === SPACE || text.charCodeAt(k - 1) === TAB)) {
        break;
      }
    }
    pos = end + 1;
  }
  return entries;
}

function isCompactIndicator(text: string, j: number, end: number): boolean {
  const c = text.charCodeAt(j);
  if (c !== 45 /* - */ && c !== 63 /* ? */ && c !== 58 /* : */) return false;
  const next = j + 1 < end ? text.charCodeAt(j + 1) : SPACE;
  return next === SPACE || next === TAB || next === CR;
}

function isTokenBoundary(c: number): boolean {
  return c === SPACE || c === TAB || c === 91 || c === 123 || c === 44 /* , */ || c === 58 /* : */;
}

/** Past a quoted scalar starting at `k` (the index of its closing quote), or `end` when it does not close on the line. */
function skipQuoted(text: string, k: number, end: number): number {
  const q = text.charCodeAt(k);
  for (let m = k + 1; m < end; m++) {
    const c = text.charCodeAt(m);
    if (q === 34 && c === 92 /* \ */) m++;
    else if (c === q) {
      if (q === 39 && text.charCodeAt(m + 1) === 39) m++;
      else return m;
    }
  }
  return end;
}

/**
 * In block context, where a flow collection starts on a line: at the content's start, or as the value after the
 * first `key:` separator. -1 when the line holds none.
 */
function flowStartIn(text: string, j: number, end: number): number {
  const c = text.charCodeAt(j);
  if (c === 91 || c === 123) return j;
  let k = j;
  if (c === 34 || c === 39) {
    k = skipQuoted(text, j, end);
    if (k >= end) return -1;
    k++;
  }
  for (; k < end; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 35 && k > j && (text.charCodeAt(k - 1) === SPACE || text.charCodeAt(k - 1) === TAB)) return -1;
    if (ch === 58 /* : */) {
      const next = k + 1 < end ? text.charCodeAt(k + 1) : SPACE;
      if (next !== SPACE && next !== TAB && next !== CR) continue;
      let v = k + 1;
      while (v < end && (text.charCodeAt(v) === SPACE || text.charCodeAt(v) === TAB)) v++;
      // `key: - x` is not valid YAML, but `key: ? x` and anchors/tags before a collection are
      while (v < end && (text.charCodeAt(v) === 38 /* & */ || text.charCodeAt(v) === 33 /* ! */)) {
        while (v < end && text.charCodeAt(v) !== SPACE && text.charCodeAt(v) !== TAB) v++;
        while (v < end && (text.charCodeAt(v) === SPACE || text.charCodeAt(v) === TAB)) v++;
      }
      const vc = text.charCodeAt(v);
      return v < end && (vc === 91 || vc === 123) ? v : -1;
    }
  }
  return -1;
}

/** `key: |`, `- >-`, `|2`, `key: | # note`: a block scalar whose body follows on the more indented lines below. */
function endsWithBlockScalarHeader(text: string, j: number, end: number): boolean {
  let e = end;
  for (let k = j + 1; k < end; k++) {
    if (text.charCodeAt(k) === 35 /* # */ && isSpace(text.charCodeAt(k - 1))) { e = k; break; }
  }
  while (e > j && isSpace(text.charCodeAt(e - 1))) e--;
  let k = e;
  while (k > j && /[0-9+-]/.test(text[k - 1]!)) k--;
  if (k <= j || (text[k - 1] !== '|' && text[k - 1] !== '>')) return false;
  return k - 1 === j || isSpace(text.charCodeAt(k - 2));
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/**
 * Report duplicate keys the way the YAML parser's `uniqueKeys` option does (code `DUPLICATE_KEY` at the second key),
 * in linear time: the parser compares every key with every earlier one, which takes minutes on a mapping with
 * 100,000 keys. Parse with `uniqueKeys: false`, then call this. The walk is iterative (no recursion on depth).
 */
export function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  const pending: unknown[] = [doc.contents];
  while (pending.length) {
    const node = pending.pop();
    if (isMap(node)) {
      // most mappings are small: comparing with the earlier keys directly allocates nothing
      const small = node.items.length <= 8;
      const seen = small ? undefined : new Set<unknown>();
      const earlier: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
        const scalar = key !== null && typeof key === 'object' && 'value' in key && !isMap(key) && !isSeq(key);
        if (scalar) {
          const value = key.value;
          // the parser compares with ===: NaN never equals itself, objects (dates) only themselves
          if (!(typeof value === 'number' && Number.isNaN(value))) {
            if (seen ? seen.has(value) : earlier.includes(value)) {
              const at = key.range?.[0] ?? 0;
              found.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
            } else if (seen) {
              seen.add(value);
            } else {
              earlier.push(value);
            }
          }
        }
        pending.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    } else if (isPair(node)) {
      pending.push(node.key, node.value);
    }
  }
  if (!found.length) return;
  doc.errors.push(...found);
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
}

// ---------------------------------------------------------------------------------------------------------------------
// Dockerfile

/** A heredoc opens at a word's start (`<<EOF`, `cat<<'EOF'`, `<<-EOF`); `$((1<<x))` and `<<<` are not heredocs. */
const HEREDOC = /(?:^|[ \t])[A-Za-z0-9_]*<<(?!<)(-?)[ \t]*(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z_][A-Za-z0-9_.-]*))/g;

/**
 * Why a Dockerfile is beyond the limits, or undefined. One pass over the lines that errs high: a line ending with
 * either escape character (`\` or `` ` ``) continues the instruction, and a `<<WORD` starts a heredoc body that runs
 * to a line holding only `WORD` (or to the end of the file when it never comes).
 */
export function dockerfileComplexity(text: string): string | undefined {
  const { maxBytes, maxLines, maxInstructions, maxInstructionLines, maxInstructionChars } = LIMITS.dockerfile;
  if (text.length > maxBytes) return `larger than ${maxBytes / 1024} KiB`;
  let lineCount = 0;
  let instructions = 0;
  let lines = 0;
  let chars = 0;
  let continuing = false;
  /** Heredocs named by the current instruction; their bodies follow once its last line is read. */
  const heredocs: { word: string; strip: boolean }[] = [];
  let inBody = false;
  for (let pos = 0; pos <= text.length;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    pos = end + 1;
    if (++lineCount > maxLines) return `more than ${maxLines} lines`;
    if (inBody) {
      lines++;
      chars += line.length + 1;
      const body = line.endsWith('\r') ? line.slice(0, -1) : line;
      if ((heredocs[0]!.strip ? body.replace(/^\t+/, '') : body) === heredocs[0]!.word) heredocs.shift();
      inBody = heredocs.length > 0;
    } else {
      const content = line.trimStart();
      const comment = content === '' || content.startsWith('#');
      if (!continuing) {
        if (comment) continue;
        if (++instructions > maxInstructions) return `more than ${maxInstructions} instructions`;
        lines = 0;
        chars = 0;
      }
      lines++;
      chars += line.length + 1;
      // comment and empty lines inside a continued instruction do not end it
      if (!comment) {
        HEREDOC.lastIndex = 0;
        for (let m = HEREDOC.exec(line); m; m = HEREDOC.exec(line)) {
          heredocs.push({ word: m[2] ?? m[3] ?? m[4]!, strip: m[1] === '-' });
        }
        continuing = /[\\`][ \t\r]*$/.test(line);
      }
      inBody = !continuing && heredocs.length > 0;
    }
    if (lines > maxInstructionLines) return `an instruction spans more than ${maxInstructionLines} lines`;
    if (chars > maxInstructionChars) return `an instruction is longer than ${maxInstructionChars / 1024} KiB`;
  }
  return undefined;
}
