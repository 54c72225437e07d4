/**
 * Static screening of user-written regular expressions (custom-rule `pattern`s, label regexes in policies) for
 * catastrophic backtracking. JavaScript's engine backtracks, so a pattern such as `(a+)+$` takes exponential time on a
 * short value that almost matches; one such value in a manifest would freeze the editor. The screen is conservative:
 * it rejects the shapes that cause exponential blow-up and explains each, and accepts the common safe idioms
 * (`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, `(\.[a-z]+)*`, `\d+(,\d+)*`).
 *
 * Rejected:
 * - back-references (`\1`, `\k<name>`): they cannot be matched without unbounded backtracking;
 * - a repeated group whose body can match the empty string (`(a*)*`, `(a?)+`);
 * - a repeated group whose body can end with an unbounded repetition of characters that can also start the next
 *   iteration (`(a+)+`, `(\w+\s?)*`, `(x|y+)*`): the text can be split between inner and outer repetition in
 *   exponentially many ways;
 * - a repeated group with alternatives that can start with the same character (`(a|a)*`, `(\w|\d)+`, `(.|\s)*`).
 */

/** Why a pattern is rejected, or undefined when it is accepted. */
export function checkRegexSafety(pattern: string): string | undefined {
  if (typeof pattern !== 'string') return 'A regular expression must be a string.';
  if (pattern.length > 2000) return 'The regular expression is longer than 2000 characters.';
  try {
    // ajv compiles patterns with the `u` flag; constructing a RegExp only compiles it, nothing is matched
    new RegExp(pattern, 'u');
  } catch (e) {
    return `Not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}.`;
  }
  let tree: Alternation;
  try {
    tree = new RegexParser(pattern).parse();
  } catch {
    return undefined;
  }
  return findHazard(tree, pattern);
}

// ---------------------------------------------------------------------------------------------------------------------
// A small parser for the regular expression syntax, enough to know which characters each part can match.

/** Characters as a 128-bit ASCII bitmap plus one flag standing for every non-ASCII character. */
class CharSet {
  constructor(readonly bits: boolean[] = new Array<boolean>(128).fill(false), public other = false) {}
  static of(predicate: (c: number) => boolean, other: boolean): CharSet {
    const s = new CharSet();
    for (let c = 0; c < 128; c++) s.bits[c] = predicate(c);
    s.other = other;
    return s;
  }
  static any(): CharSet { return CharSet.of(() => true, true); }
  static char(code: number): CharSet {
    const s = new CharSet();
    if (code < 128) s.bits[code] = true;
    else s.other = true;
    return s;
  }
  addRange(from: number, to: number): void {
    for (let c = Math.max(0, from); c <= Math.min(127, to); c++) this.bits[c] = true;
    if (to >= 128) this.other = true;
  }
  union(o: CharSet): CharSet {
    return new CharSet(this.bits.map((b, i) => b || o.bits[i]), this.other || o.other);
  }
  intersects(o: CharSet): boolean {
    if (this.other && o.other) return true;
    return this.bits.some((b, i) => b && o.bits[i]);
  }
  complement(): CharSet {
    return new CharSet(this.bits.map((b) => !b), true);
  }
  get empty(): boolean {
    return !this.other && !this.bits.some(Boolean);
  }
}

type RegexNode =
  | { kind: 'chars'; set: CharSet; start: number; end: number }
  | { kind: 'assert'; start: number; end: number }
  | { kind: 'backref'; start: number; end: number }
  | { kind: 'group'; body: Alternation; lookaround: boolean; start: number; end: number }
  | { kind: 'repeat'; node: RegexNode; min: number; max: number; start: number; end: number };

interface Alternation {
  alternatives: RegexNode[][];
  start: number;
  end: number;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWord = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

class RegexParser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Alternation {
    const a = this.alternation();
    return a;
  }

  private alternation(): Alternation {
    const start = this.i;
    const alternatives: RegexNode[][] = [[]];
    while (this.i < this.src.length) {
      const c = this.src[this.i];
      if (c === ')') break;
      if (c === '|') { this.i++; alternatives.push([]); continue; }
      const atom = this.atom();
      alternatives[alternatives.length - 1].push(this.quantified(atom));
    }
    return { alternatives, start, end: this.i };
  }

  private quantified(atom: RegexNode): RegexNode {
    const c = this.src[this.i];
    let min = -1;
    let max = -1;
    if (c === '*') { min = 0; max = Infinity; this.i++; }
    else if (c === '+') { min = 1; max = Infinity; this.i++; }
    else if (c === '?') { min = 0; max = 1; this.i++; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m) {
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        this.i += m[0].length;
      }
    }
    if (min < 0) return atom;
    if (this.src[this.i] === '?') this.i++; // lazy quantifiers backtrack the same way
    return { kind: 'repeat', node: atom, min, max, start: atom.start, end: this.i };
  }

  private atom(): RegexNode {
    const start = this.i;
    const c = this.src[this.i++];
    if (c === '^' || c === '$') return { kind: 'assert', start, end: this.i };
    if (c === '.') return { kind: 'chars', set: CharSet.of((x) => x !== 10 && x !== 13, true), start, end: this.i };
    if (c === '(') {
      let lookaround = false;
      if (this.src.startsWith('?:', this.i)) this.i += 2;
      else if (/^\?<?[=!]/.test(this.src.slice(this.i))) { lookaround = true; this.i += this.src[this.i + 1] === '<' ? 3 : 2; }
      else if (this.src.startsWith('?<', this.i)) this.i = this.src.indexOf('>', this.i) + 1;
      const body = this.alternation();
      this.i++; // ')'
      return { kind: 'group', body, lookaround, start, end: this.i };
    }
    if (c === '[') return { kind: 'chars', set: this.charClass(), start, end: this.i };
    if (c === '\\') return this.escape(start);
    return { kind: 'chars', set: CharSet.char(c.codePointAt(0)!), start, end: this.i };
  }

  private escape(start: number): RegexNode {
    const c = this.src[this.i];
    if (/[1-9]/.test(c)) {
      while (/\d/.test(this.src[this.i] ?? '')) this.i++;
      return { kind: 'backref', start, end: this.i };
    }
    if (c === 'k' && this.src[this.i + 1] === '<') {
      this.i = this.src.indexOf('>', this.i) + 1;
      return { kind: 'backref', start, end: this.i };
    }
    if (c === 'b' || c === 'B') { this.i++; return { kind: 'assert', start, end: this.i }; }
    return { kind: 'chars', set: this.escapeSet(), start, end: this.i };
  }

  /** The set of an escape after its backslash (also inside classes). */
  private escapeSet(): CharSet {
    const c = this.src[this.i++];
    switch (c) {
      case 'd': return CharSet.of(isDigit, false);
      case 'D': return CharSet.of((x) => !isDigit(x), true);
      case 'w': return CharSet.of(isWord, false);
      case 'W': return CharSet.of((x) => !isWord(x), true);
      case 's': return CharSet.of(isSpace, true);
      case 'S': return CharSet.of((x) => !isSpace(x), true);
      case 'p': case 'P': {
        if (this.src[this.i] === '{') this.i = this.src.indexOf('}', this.i) + 1;
        return CharSet.any();
      }
      case 't': return CharSet.char(9);
      case 'n': return CharSet.char(10);
      case 'r': return CharSet.char(13);
      case 'v': return CharSet.char(11);
      case 'f': return CharSet.char(12);
      case '0': return CharSet.char(0);
      case 'c': this.i++; return CharSet.of((x) => x < 32, false);
      case 'x': {
        const code = parseInt(this.src.slice(this.i, this.i + 2), 16);
        this.i += 2;
        return CharSet.char(code);
      }
      case 'u': {
        if (this.src[this.i] === '{') {
          const close = this.src.indexOf('}', this.i);
          const code = parseInt(this.src.slice(this.i + 1, close), 16);
          this.i = close + 1;
          return CharSet.char(code);
        }
        const code = parseInt(this.src.slice(this.i, this.i + 4), 16);
        this.i += 4;
        return CharSet.char(code);
      }
      default: return CharSet.char(c.codePointAt(0)!);
    }
  }

  private charClass(): CharSet {
    let negated = false;
    if (this.src[this.i] === '^') { negated = true; this.i++; }
    let set = new CharSet();
    while (this.i < this.src.length && this.src[this.i] !== ']') {
      let from: number | undefined;
      if (this.src[this.i] === '\\') {
        this.i++;
        const before = this.i;
        const esc = this.escapeSet();
        const single = this.i - before === 1 && !/[dDwWsSpP]/.test(this.src[before]);
        if (!single) { set = set.union(esc); continue; }
        from = esc.other ? 128 : esc.bits.indexOf(true);
      } else {
        from = this.src.codePointAt(this.i)!;
        this.i += from > 0xffff ? 2 : 1;
      }
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        let to: number;
        if (this.src[this.i] === '\\') {
          this.i++;
          const esc = this.escapeSet();
          to = esc.other ? 0x10ffff : Math.max(0, esc.bits.lastIndexOf(true));
        } else {
          to = this.src.codePointAt(this.i)!;
          this.i += to > 0xffff ? 2 : 1;
        }
        set.addRange(from, to);
      } else {
        set.addRange(from, from);
      }
    }
    this.i++; // ']'
    return negated ? set.complement() : set;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Analysis

function nullableSeq(seq: readonly RegexNode[]): boolean {
  return seq.every(nullable);
}

function nullable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'chars': return false;
    case 'assert': case 'backref': return true;
    case 'group': return node.lookaround || node.body.alternatives.some(nullableSeq);
    case 'repeat': return node.min === 0 || nullable(node.node);
  }
}

function firstSeq(seq: readonly RegexNode[]): CharSet {
  let set = new CharSet();
  for (const n of seq) {
    set = set.union(first(n));
    if (!nullable(n)) break;
  }
  return set;
}

function first(node: RegexNode): CharSet {
  switch (node.kind) {
    case 'chars': return node.set;
    case 'assert': case 'backref': return new CharSet();
    case 'group': return node.lookaround ? new CharSet() : node.body.alternatives.reduce((s, a) => s.union(firstSeq(a)), new CharSet());
    case 'repeat': return node.max === 0 ? new CharSet() : first(node.node);
  }
}

/** Unbounded repetitions a sequence can end with (everything after them can match the empty string). */
function trailingRepeats(seq: readonly RegexNode[]): Extract<RegexNode, { kind: 'repeat' }>[] {
  const out: Extract<RegexNode, { kind: 'repeat' }>[] = [];
  for (let k = seq.length - 1; k >= 0; k--) {
    const n = seq[k];
    if (n.kind === 'repeat' && n.max === Infinity) out.push(n);
    if (n.kind === 'repeat' && n.node.kind === 'group') for (const a of n.node.body.alternatives) out.push(...trailingRepeats(a));
    if (n.kind === 'group' && !n.lookaround) for (const a of n.body.alternatives) out.push(...trailingRepeats(a));
    if (!nullable(n)) break;
  }
  return out;
}

/** Whether a repetition count is large enough for backtracking to multiply (`*`, `+`, `{2,}`, `{1,100}`). */
function repeatsMany(max: number): boolean {
  return max === Infinity || max > 10;
}

function findHazard(tree: Alternation, src: string): string | undefined {
  let hazard: string | undefined;
  const visit = (node: RegexNode): void => {
    if (hazard) return;
    if (node.kind === 'backref') {
      hazard = `"${src.slice(node.start, node.end)}" is a back-reference. Matching back-references needs backtracking without a bound, so a crafted value could hang validation; match the text explicitly instead.`;
      return;
    }
    if (node.kind === 'group') { for (const a of node.body.alternatives) a.forEach(visit); return; }
    if (node.kind !== 'repeat') return;
    visit(node.node);
    if (hazard || !repeatsMany(node.max)) return;
    const fragment = src.slice(node.start, node.end);
    const body = node.node;
    const alternatives = body.kind === 'group' && !body.lookaround ? body.body.alternatives : [[body]];
    if (nullable(body)) {
      hazard = `"${fragment}" repeats a part that can match the empty string, so the engine can try exponentially many ways to split a value before it fails (catastrophic backtracking). Make the repeated part consume at least one character.`;
      return;
    }
    const start = first(body);
    for (const alternative of alternatives) {
      for (const inner of trailingRepeats(alternative)) {
        if (first(inner.node).intersects(start)) {
          hazard = `"${fragment}" nests the repetition "${src.slice(inner.start, inner.end)}" inside another repetition, and both can consume the same characters, so a value that almost matches takes exponential time to reject (catastrophic backtracking). Let each repetition start with a character the previous one cannot consume, e.g. "(\\.[a-z]+)*" instead of "([a-z.]+)*".`;
          return;
        }
      }
    }
    for (let x = 0; x < alternatives.length; x++) {
      for (let y = x + 1; y < alternatives.length; y++) {
        if (firstSeq(alternatives[x]).intersects(firstSeq(alternatives[y]))) {
          hazard = `"${fragment}" repeats alternatives that can match the same characters ("${sliceOf(src, alternatives[x])}" and "${sliceOf(src, alternatives[y])}"), so a value that almost matches takes exponential time to reject (catastrophic backtracking). Make the alternatives start with different characters, or merge them into one character class.`;
          return;
        }
      }
    }
  };
  for (const a of tree.alternatives) a.forEach(visit);
  return hazard;
}

function sliceOf(src: string, seq: readonly RegexNode[]): string {
  return seq.length ? src.slice(seq[0].start, seq[seq.length - 1].end) : '';
}
