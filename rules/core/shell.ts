import type { Span } from './types.js';

/**
 * A small POSIX-shell reader for RUN bodies: enough to find commands, their arguments, the pipes between them and the
 * scripts nested in `sh -c '…'` and `$(…)`, all with exact offsets into the Dockerfile. It never executes anything,
 * never throws, and runs in time linear in the text (nesting is depth-limited). Unbalanced quotes end at the end of the
 * text.
 */

// ---------------------------------------------------------------------------------------------------------------------
// Source: text as the shell sees it, mapped back to file offsets

/**
 * Text as a shell sees it (Dockerfile continuations joined, quotes of an enclosing `sh -c '…'` removed) with a map from
 * every character back to its offset in the file. Runs of contiguous characters share one segment, so an unchanged
 * span costs one segment whatever its length.
 */
export class Source {
  private constructor(
    readonly text: string,
    /** Logical start of each segment (ascending). */
    private readonly logical: number[],
    /** Absolute start of each segment. */
    private readonly absolute: number[],
    /** Absolute offset just past the last character. */
    readonly end: number,
  ) {}

  /** The file text between `span.start` and `span.end`, unchanged. */
  static of(text: string, span: Span): Source {
    const end = Math.min(span.end, text.length);
    const start = Math.min(span.start, end);
    return new Source(text.slice(start, end), [0], [start], end);
  }

  static builder(): SourceBuilder {
    return new SourceBuilder((text, logical, absolute, end) => new Source(text, logical, absolute, end));
  }

  /** Absolute offset of the character at logical index `i` (`text.length` maps to the end). */
  offsetAt(i: number): number {
    if (i >= this.text.length) return this.text.length === 0 ? (this.absolute[0] ?? this.end) : this.offsetAt(this.text.length - 1) + 1;
    if (i <= 0) return this.absolute[0] ?? this.end;
    let lo = 0;
    let hi = this.logical.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.logical[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.absolute[lo] + (i - this.logical[lo]);
  }

  /** Absolute span of the logical range [start, end). */
  spanOf(start: number, end: number): Span {
    const s = this.offsetAt(start);
    return { start: s, end: end > start ? this.offsetAt(end - 1) + 1 : s };
  }

  /** The logical range [start, end) as a Source of its own. */
  slice(start: number, end: number): Source {
    const b = Source.builder();
    for (let i = start; i < end && i < this.text.length; i++) b.push(this.text[i], this.offsetAt(i));
    return b.build(end > start ? this.offsetAt(Math.min(end, this.text.length) - 1) + 1 : this.offsetAt(start));
  }
}

export class SourceBuilder {
  private text = '';
  private readonly logical: number[] = [];
  private readonly absolute: number[] = [];
  private next = -1;

  constructor(private readonly make: (text: string, logical: number[], absolute: number[], end: number) => Source) {}

  /** Append one character read at absolute offset `at`. */
  push(ch: string, at: number): void {
    if (at !== this.next) {
      this.logical.push(this.text.length);
      this.absolute.push(at);
    }
    this.text += ch;
    this.next = at + ch.length;
  }

  /** Append `text`, read contiguously from absolute offset `at`. */
  pushRun(text: string, at: number): void {
    if (!text) return;
    if (at !== this.next) {
      this.logical.push(this.text.length);
      this.absolute.push(at);
    }
    this.text += text;
    this.next = at + text.length;
  }

  get length(): number {
    return this.text.length;
  }

  build(end?: number): Source {
    if (!this.logical.length) {
      this.logical.push(0);
      this.absolute.push(end ?? 0);
    }
    return this.make(this.text, this.logical, this.absolute, end ?? this.next);
  }
}

/**
 * The text of a Dockerfile instruction as the shell receives it: the escape character followed by optional blanks and
 * a line break joins lines, and comment or blank lines inside a continued instruction are dropped (Docker's rules).
 * Every other character, including backslashes, reaches the shell unchanged.
 */
export function joinContinuations(text: string, span: Span, escape = '\\'): Source {
  const end = Math.min(span.end, text.length);
  const b = Source.builder();
  let i = span.start;
  let runStart = i;
  const flush = (to: number): void => {
    if (to > runStart) b.pushRun(text.slice(runStart, to), runStart);
  };
  while (i < end) {
    if (text[i] === escape) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j < end && text[j] === '\r') j++;
      if (j >= end || text[j] === '\n') {
        flush(i);
        i = j + 1;
        // comment lines and blank lines inside a continued instruction are removed before the shell sees it
        for (;;) {
          let k = i;
          while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
          if (k < end && text[k] === '#') {
            while (k < end && text[k] !== '\n') k++;
            i = k + 1;
            continue;
          }
          if (k < end && (text[k] === '\n' || (text[k] === '\r' && text[k + 1] === '\n'))) {
            i = text[k] === '\r' ? k + 2 : k + 1;
            continue;
          }
          break;
        }
        runStart = Math.min(i, end);
        continue;
      }
    }
    i++;
  }
  flush(end);
  return b.build(end);
}

// ---------------------------------------------------------------------------------------------------------------------
// Words, commands, scripts

export interface Word {
  /** The word with quotes removed and escapes applied (what the command receives, before expansion). */
  text: string;
  /** Absolute span of the word as written (including quotes). */
  span: Span;
  /** Whether any part was quoted. */
  quoted: boolean;
  /** Whether the word contains an expansion (`$VAR`, `${…}`, `$(…)`, backticks) that the shell would substitute. */
  expands: boolean;
  /** `text` mapped back to file offsets (used to read a nested `sh -c` script at its real position). */
  source: Source;
}

export type Operator = '&&' | '||' | ';' | ';;' | '|' | '&' | '\n' | '(' | ')' | '|&';

/** Where a command runs relative to the RUN body. */
export type CommandContext = 'top' | 'shell' | 'substitution';

export interface Command {
  /** The command word after unwrapping `sudo`, `env`, assignments and reserved words. */
  word: Word;
  /** Basename of the command word, e.g. `apt-get` for `/usr/bin/apt-get`. */
  name: string;
  args: Word[];
  /** Wrapper commands that were peeled off (`sudo`, `env`, `xargs`, and the shell of an enclosing `sh -c`). */
  wrappers: Word[];
  /** `VAR=value` words that preceded the command (and `env`'s assignments). */
  assignments: Word[];
  /** Every word of the simple command as written (wrappers, assignments, command, arguments). */
  words: Word[];
  /** `top`: the RUN body itself; `shell`: inside `sh -c '…'`; `substitution`: inside `$(…)`, backticks or `<(…)`. */
  context: CommandContext;
  /** Redirections of the command (`> file`, `>> file`, `<<< word`, `2>&1`). */
  redirects: Redirect[];
}

export interface Redirect {
  /** The operator without a file-descriptor number: `>`, `>>`, `<`, `<<`, `<<<`, `>&` … */
  op: string;
  target: Word | undefined;
  span: Span;
}

export interface Pipeline {
  commands: Command[];
  /** `pipes[i]` is the `|` between `commands[i]` and `commands[i + 1]`. */
  pipes: Span[];
  context: CommandContext;
}

export interface Script {
  pipelines: Pipeline[];
  /** Every command, in document order, including those inside `sh -c '…'` and `$(…)`. */
  commands: Command[];
}

export interface ParseOptions {
  /** Nesting depth already used (internal). */
  depth?: number;
  context?: CommandContext;
}

const MAX_DEPTH = 6;

/** Parse shell text (a Source) into pipelines and commands with absolute spans. */
export function parseScript(source: Source, options: ParseOptions = {}): Script {
  const out: Script = { pipelines: [], commands: [] };
  try {
    new ScriptReader(source, options.depth ?? 0, options.context ?? 'top', out).read();
  } catch {
    // a reader bug must never take a rule down: keep what was read
  }
  out.commands.sort((a, b) => a.word.span.start - b.word.span.start);
  out.pipelines.sort((a, b) => a.commands[0].word.span.start - b.commands[0].word.span.start);
  return out;
}

/** Parse `text.slice(span.start, span.end)` as shell; with `dockerContinuations` Docker's line joining applies first. */
export function parseShell(text: string, span: Span, options: { escape?: string; dockerContinuations?: boolean } = {}): Script {
  const source = options.dockerContinuations ? joinContinuations(text, span, options.escape ?? '\\') : Source.of(text, span);
  return parseScript(source);
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox-sh']);

/** Whether a command name is a POSIX-style shell. */
export function isShellName(name: string): boolean {
  return SHELLS.has(name);
}

// ---------------------------------------------------------------------------------------------------------------------
// Lexer

interface Token {
  kind: 'word' | 'op' | 'redirect';
  op?: Operator;
  word?: Word;
  redirect?: Redirect;
  span: Span;
  /** Substitutions inside the word (`$(…)`, backticks, `<(…)`), as sources of their own. */
  subs?: Source[];
}

const OPERATOR_CHARS = ' \t\r\n;&|()<>';

class ScriptReader {
  private readonly text: string;
  private i = 0;
  private readonly pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];

  constructor(private readonly src: Source, private readonly depth: number, private readonly context: CommandContext, private readonly out: Script) {
    this.text = src.text;
  }

  read(): void {
    const tokens = this.lex();
    this.parse(tokens);
  }

  // ---- lexing

  private lex(): Token[] {
    const tokens: Token[] = [];
    const t = this.text;
    const n = t.length;
    while (this.i < n) {
      const c = t[this.i];
      if (c === ' ' || c === '\t' || c === '\r') { this.i++; continue; }
      if (c === '\\' && (t[this.i + 1] === '\n' || (t[this.i + 1] === '\r' && t[this.i + 2] === '\n'))) {
        this.i += t[this.i + 1] === '\r' ? 3 : 2;
        continue;
      }
      if (c === '\n') {
        tokens.push(this.op('\n', 1));
        if (this.pendingHeredocs.length) this.skipHeredocBodies();
        continue;
      }
      if (c === '#') {
        while (this.i < n && t[this.i] !== '\n') this.i++;
        continue;
      }
      const two = t.slice(this.i, this.i + 2);
      if (two === '&&' || two === '||' || two === '|&' || two === ';;') { tokens.push(this.op(two as Operator, 2)); continue; }
      if ((c === '<' || c === '>') && t[this.i + 1] === '(') {
        const w = this.readWord();
        if (w) tokens.push(w);
        continue;
      }
      if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
        if (c === '&' && t[this.i + 1] === '>') { tokens.push(this.readRedirect()); continue; }
        tokens.push(this.op(c as Operator, 1));
        continue;
      }
      if (c === '<' || c === '>' || ((c >= '0' && c <= '9') && /^\d+[<>]/.test(t.slice(this.i, this.i + 12)))) {
        tokens.push(this.readRedirect());
        continue;
      }
      const w = this.readWord();
      if (w) tokens.push(w);
      else this.i++;
    }
    return tokens;
  }

  private op(op: Operator, length: number): Token {
    const start = this.i;
    this.i += length;
    return { kind: 'op', op, span: this.src.spanOf(start, this.i) };
  }

  /** A redirection and its target; the target is not an argument. `<<` registers a heredoc whose body is skipped. */
  private readRedirect(): Token {
    const t = this.text;
    const start = this.i;
    while (this.i < t.length && t[this.i] >= '0' && t[this.i] <= '9') this.i++;
    const m = /^(?:&>>|&>|<<<|<<-|<<|>>|>&|<&|<>|>\||>|<)/.exec(t.slice(this.i, this.i + 3));
    const op = m ? m[0] : t[this.i] ?? '';
    this.i += Math.max(1, op.length);
    while (this.i < t.length && (t[this.i] === ' ' || t[this.i] === '\t')) this.i++;
    const target = this.readWord();
    if ((op === '<<' || op === '<<-') && target?.word) {
      this.pendingHeredocs.push({ delimiter: target.word.text, stripTabs: op === '<<-' });
    }
    const span = this.src.spanOf(start, this.i);
    return { kind: 'redirect', redirect: { op, target: target?.word, span }, span };
  }

  /** After the line that opened heredocs, skip their bodies (they are data, not commands). */
  private skipHeredocBodies(): void {
    const t = this.text;
    for (const h of this.pendingHeredocs.splice(0)) {
      for (;;) {
        if (this.i >= t.length) return;
        let e = t.indexOf('\n', this.i);
        if (e < 0) e = t.length;
        let line = t.slice(this.i, e).replace(/\r$/, '');
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        this.i = e + 1;
        if (line === h.delimiter) break;
      }
    }
  }

  private readWord(): Token | undefined {
    const t = this.text;
    const n = t.length;
    const start = this.i;
    const b = Source.builder();
    let quoted = false;
    let expands = false;
    const subs: Source[] = [];
    let i = this.i;
    while (i < n) {
      const c = t[i];
      if (c === '\\') {
        if (t[i + 1] === '\n') { i += 2; continue; }
        if (t[i + 1] === '\r' && t[i + 2] === '\n') { i += 3; continue; }
        if (i + 1 < n) { b.push(t[i + 1], this.src.offsetAt(i + 1)); i += 2; continue; }
        i++;
        continue;
      }
      if ((c === '<' || c === '>') && t[i + 1] === '(' && i === start) {
        // process substitution: <(cmd)
        const close = matchParen(t, i + 1);
        subs.push(this.src.slice(i + 2, Math.min(close, n)));
        expands = true;
        const stop = Math.min(close + 1, n);
        for (let k = i; k < stop; k++) b.push(t[k], this.src.offsetAt(k));
        i = stop;
        continue;
      }
      if (OPERATOR_CHARS.includes(c)) break;
      if (c === "'") {
        quoted = true;
        const close = t.indexOf("'", i + 1);
        const stop = close < 0 ? n : close;
        for (let k = i + 1; k < stop; k++) b.push(t[k], this.src.offsetAt(k));
        i = stop + 1;
        continue;
      }
      if (c === '$' && t[i + 1] === "'") {
        // ANSI-C quoting: close enough to single quotes for our purposes
        quoted = true;
        let k = i + 2;
        while (k < n && t[k] !== "'") { if (t[k] === '\\') k++; k++; }
        for (let m = i + 2; m < Math.min(k, n); m++) b.push(t[m], this.src.offsetAt(m));
        i = k + 1;
        continue;
      }
      if (c === '"') {
        quoted = true;
        i++;
        while (i < n && t[i] !== '"') {
          const d = t[i];
          if (d === '\\' && i + 1 < n && '"\\$`\n'.includes(t[i + 1])) {
            if (t[i + 1] !== '\n') b.push(t[i + 1], this.src.offsetAt(i + 1));
            i += 2;
            continue;
          }
          if (d === '$' || d === '`') {
            expands = true;
            const e = this.readExpansion(i, subs);
            for (let k = i; k < e; k++) b.push(t[k], this.src.offsetAt(k));
            i = e;
            continue;
          }
          b.push(d, this.src.offsetAt(i));
          i++;
        }
        i++;
        continue;
      }
      if (c === '$' || c === '`') {
        const e = this.readExpansion(i, subs);
        if (e > i + 1 || c === '`') expands = true;
        for (let k = i; k < e; k++) b.push(t[k], this.src.offsetAt(k));
        i = e;
        continue;
      }
      b.push(c, this.src.offsetAt(i));
      i++;
    }
    i = Math.min(i, n);
    this.i = i;
    if (i === start) return undefined;
    const span = this.src.spanOf(start, i);
    const source = b.build(span.end);
    const word: Word = { text: source.text, span, quoted, expands, source };
    return { kind: 'word', word, span, subs: subs.length ? subs : undefined };
  }

  /** Read `$…` or a backtick expansion starting at `i`; returns the index after it and records substitutions. */
  private readExpansion(i: number, subs: Source[]): number {
    const t = this.text;
    const n = t.length;
    if (t[i] === '`') {
      let k = i + 1;
      while (k < n && t[k] !== '`') { if (t[k] === '\\') k++; k++; }
      subs.push(this.src.slice(i + 1, Math.min(k, n)));
      return Math.min(k + 1, n);
    }
    const next = t[i + 1];
    if (next === '(') {
      const close = matchParen(t, i + 1);
      if (t[i + 2] !== '(') subs.push(this.src.slice(i + 2, Math.min(close, n)));
      return Math.min(close + 1, n);
    }
    if (next === '{') {
      let depth = 0;
      let k = i + 1;
      for (; k < n; k++) {
        if (t[k] === '{') depth++;
        else if (t[k] === '}') { depth--; if (depth === 0) break; }
      }
      return Math.min(k + 1, n);
    }
    let k = i + 1;
    if (k < n && /[A-Za-z_]/.test(t[k])) { while (k < n && /[A-Za-z0-9_]/.test(t[k])) k++; return k; }
    if (k < n && /[0-9@*#?$!-]/.test(t[k])) return k + 1;
    return i + 1;
  }

  // ---- parsing

  private parse(tokens: Token[]): void {
    let words: Token[] = [];
    let redirects: Redirect[] = [];
    let pipeline: Pipeline = { commands: [], pipes: [], context: this.context };
    let pendingPipe: Span | undefined;
    // `case … in` patterns and `for x in …` lists are not commands
    let skipUntilCommandStart = false;
    let inCase = 0;
    let casePattern = false;
    const flushPipeline = (): void => {
      if (pipeline.commands.length) this.out.pipelines.push(pipeline);
      pipeline = { commands: [], pipes: [], context: this.context };
      pendingPipe = undefined;
    };
    const flushCommand = (): void => {
      const list = words;
      const found = redirects;
      words = [];
      redirects = [];
      if (!list.length) return;
      const command = this.commandOf(list);
      if (!command) return;
      command.redirects = found;
      if (pendingPipe && pipeline.commands.length) pipeline.pipes.push(pendingPipe);
      else if (pipeline.commands.length) flushPipeline();
      pendingPipe = undefined;
      pipeline.commands.push(command);
    };
    for (let k = 0; k < tokens.length; k++) {
      const tok = tokens[k];
      if (tok.kind === 'redirect') {
        if (!casePattern && !skipUntilCommandStart) redirects.push(tok.redirect!);
        continue;
      }
      if (tok.kind === 'word') {
        const text = tok.word!.text;
        if (casePattern) {
          if (!tok.word!.quoted && text === 'esac') { inCase = Math.max(0, inCase - 1); casePattern = false; }
          continue;
        }
        if (!words.length && !tok.word!.quoted) {
          if (text === 'case') { inCase++; skipUntilCommandStart = true; continue; }
          if (text === 'esac' && inCase) { inCase--; casePattern = false; continue; }
          if (text === 'for' || text === 'select') { skipUntilCommandStart = true; continue; }
        }
        if (skipUntilCommandStart) {
          if (!tok.word!.quoted && text === 'in' && inCase && !casePattern) { skipUntilCommandStart = false; casePattern = true; }
          else if (!tok.word!.quoted && text === 'do') skipUntilCommandStart = false;
          continue;
        }
        // function definition: name ( ) …
        if (!words.length && tokens[k + 1]?.op === '(' && tokens[k + 2]?.op === ')') { k += 2; continue; }
        words.push(tok);
        continue;
      }
      if (casePattern) {
        if (tok.op === ')') casePattern = false;
        continue;
      }
      if (tok.op === '|' || tok.op === '|&') {
        if (skipUntilCommandStart) continue;
        const before = pipeline.commands.length;
        flushCommand();
        if (pipeline.commands.length > before || before) pendingPipe = tok.span;
        continue;
      }
      if (tok.op === ';;' && inCase) {
        flushCommand();
        flushPipeline();
        casePattern = true;
        continue;
      }
      if ((tok.op === ';' || tok.op === '\n') && skipUntilCommandStart && !inCase) {
        // `for x in a b c;` ends the list; the body starts at `do`
        continue;
      }
      flushCommand();
      flushPipeline();
    }
    flushCommand();
    flushPipeline();
  }

  private commandOf(tokens: Token[]): Command | undefined {
    const all = tokens.map((t) => t.word!);
    // substitutions anywhere in the command are scripts of their own
    if (this.depth < MAX_DEPTH) {
      for (const t of tokens) for (const sub of t.subs ?? []) this.nested(sub, 'substitution', []);
    }
    let i = 0;
    const wrappers: Word[] = [];
    const assignments: Word[] = [];
    const at = (k: number): Word | undefined => all[k];
    for (;;) {
      const w = at(i);
      if (!w) return undefined;
      if (!w.quoted && RESERVED.has(w.text)) { i++; continue; }
      if (!w.quoted && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(w.text)) { assignments.push(w); i++; continue; }
      const base = basename(w.text);
      const wrapper = WRAPPERS[base];
      if (wrapper && !w.quoted) {
        wrappers.push(w);
        i++;
        i = wrapper(all, i, assignments);
        continue;
      }
      break;
    }
    const word = all[i];
    const command: Command = {
      word, name: basename(word.text), args: all.slice(i + 1), wrappers, assignments, words: all, context: this.context, redirects: [],
    };
    this.out.commands.push(command);
    if (SHELLS.has(command.name) && this.depth < MAX_DEPTH) {
      const script = shellScriptArgument(command.args);
      if (script) this.nested(script.source, 'shell', [...wrappers, word]);
    }
    return command;
  }

  private nested(source: Source, context: CommandContext, wrappers: Word[]): void {
    const inner: Script = { pipelines: [], commands: [] };
    try {
      new ScriptReader(source, this.depth + 1, context, inner).read();
    } catch {
      return;
    }
    for (const c of inner.commands) c.wrappers.unshift(...wrappers);
    this.out.commands.push(...inner.commands);
    this.out.pipelines.push(...inner.pipelines);
  }
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'in', 'function']);

/** Wrapper commands: given the words and the index after the wrapper, return the index of the wrapped command. */
const WRAPPERS: Record<string, (words: Word[], i: number, assignments: Word[]) => number> = {
  sudo: (w, i) => skipOptions(w, i, /^-[ugCDhprtTU]$/),
  doas: (w, i) => skipOptions(w, i, /^-[uC]$/),
  env: (w, i, assignments) => {
    while (w[i]) {
      const t = w[i].text;
      if (/^-[uCS]$/.test(t) || t === '--unset' || t === '--chdir') { i += 2; continue; }
      if (t.startsWith('-')) { i++; continue; }
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) { assignments.push(w[i]); i++; continue; }
      break;
    }
    return i;
  },
  command: (w, i) => skipOptions(w, i, /^$/),
  builtin: (w, i) => i,
  exec: (w, i) => skipOptions(w, i, /^-a$/),
  nohup: (w, i) => i,
  time: (w, i) => skipOptions(w, i, /^-[fo]$/),
  nice: (w, i) => skipOptions(w, i, /^-n$/),
  timeout: (w, i) => { i = skipOptions(w, i, /^-[sk]$/); return w[i] ? i + 1 : i; },
  xargs: (w, i) => skipOptions(w, i, /^-[IiLlnPsEdaeJ]$/),
  gosu: (w, i) => (w[i] ? i + 1 : i),
  'su-exec': (w, i) => (w[i] ? i + 1 : i),
  stdbuf: (w, i) => skipOptions(w, i, /^-[ioe]$/),
};

function skipOptions(words: Word[], i: number, takesValue: RegExp): number {
  while (words[i] && words[i].text.startsWith('-') && words[i].text.length > 1) {
    const t = words[i].text;
    i++;
    if (t === '--') break;
    if (takesValue.test(t) && words[i]) i++;
  }
  return i;
}

/** For `sh [options] -c 'script' …`: the script word (POSIX: the first operand after the options when `-c` is set). */
export function shellScriptArgument(args: Word[]): Word | undefined {
  let c = false;
  for (let k = 0; k < args.length; k++) {
    const t = args[k].text;
    if (t === '--') return c ? args[k + 1] : undefined;
    if ((t === '-o' || t === '+o') && k + 1 < args.length) { k++; continue; }
    if (/^[-+][A-Za-z]+$/.test(t)) {
      if (t[0] === '-' && t.includes('c')) c = true;
      continue;
    }
    if (t.startsWith('--')) continue;
    return c ? args[k] : undefined;
  }
  return undefined;
}

/** Index of the `)` closing the `(` at `open`, skipping quoted text; `text.length` when unbalanced. */
function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    const c = text[k];
    if (c === '\\') { k++; continue; }
    if (c === "'") { const e = text.indexOf("'", k + 1); if (e < 0) return text.length; k = e; continue; }
    if (c === '"') {
      k++;
      while (k < text.length && text[k] !== '"') { if (text[k] === '\\') k++; k++; }
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') { depth--; if (depth === 0) return k; }
  }
  return text.length;
}

// ---------------------------------------------------------------------------------------------------------------------
// Options

/** Split short-flag bundles: `-fsSLk` → `f s S L k`. Long flags are returned whole without the dashes. */
export function flagNames(word: Word): string[] {
  const t = word.text;
  if (t.startsWith('--')) return [t.slice(2).split('=')[0]];
  if (t.startsWith('-') && t.length > 1 && !/^-\d/.test(t)) return t.slice(1).split('');
  return [];
}

/** One option occurrence on a command line. */
export interface OptionUse {
  /** The word holding the option (a bundle such as `-fsSLk` for `k`). */
  word: Word;
  /** Letter for a short option, name without dashes for a long one. */
  name: string;
  long: boolean;
  /** The value: inline (`--x=v`, `-ov`) as text, or the next word. */
  value?: string;
  valueWord?: Word;
}

export interface OptionSpec {
  /** Short options that take a value (`'oO'` for curl's `-o file`). */
  shortWithValue?: string;
  /** Long options that take a value when written without `=`. */
  longWithValue?: readonly string[];
}

/** Read a command's options and operands (GNU style: options may follow operands; `--` ends options). */
export function readOptions(args: readonly Word[], spec: OptionSpec = {}): { options: OptionUse[]; operands: Word[] } {
  const options: OptionUse[] = [];
  const operands: Word[] = [];
  const longValue = new Set(spec.longWithValue ?? []);
  const shortValue = spec.shortWithValue ?? '';
  for (let k = 0; k < args.length; k++) {
    const w = args[k];
    const t = w.text;
    if (t === '--') { operands.push(...args.slice(k + 1)); break; }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = eq >= 0 ? t.slice(2, eq) : t.slice(2);
      if (eq >= 0) options.push({ word: w, name, long: true, value: t.slice(eq + 1) });
      else if (longValue.has(name) && args[k + 1]) { options.push({ word: w, name, long: true, value: args[k + 1].text, valueWord: args[k + 1] }); k++; }
      else options.push({ word: w, name, long: true });
      continue;
    }
    if (t.startsWith('-') && t.length > 1 && !w.quoted) {
      for (let j = 1; j < t.length; j++) {
        const name = t[j];
        if (shortValue.includes(name)) {
          const rest = t.slice(j + 1);
          if (rest) options.push({ word: w, name, long: false, value: rest });
          else if (args[k + 1]) { options.push({ word: w, name, long: false, value: args[k + 1].text, valueWord: args[k + 1] }); k++; }
          else options.push({ word: w, name, long: false });
          break;
        }
        options.push({ word: w, name, long: false });
      }
      continue;
    }
    operands.push(w);
  }
  return { options, operands };
}

/** Whether a script sets `pipefail` (`set -o pipefail`, `set -euo pipefail`) at its top level before `offset`. */
export function setsPipefailBefore(script: Script, offset: number): boolean {
  for (const c of script.commands) {
    if (c.word.span.start >= offset) break;
    if (c.context !== 'top' || c.name !== 'set') continue;
    for (let k = 0; k < c.args.length; k++) {
      const t = c.args[k].text;
      if (/^-[a-zA-Z]*o$/.test(t) && c.args[k + 1]?.text === 'pipefail') return true;
    }
  }
  return false;
}
