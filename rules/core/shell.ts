import type { Span } from './types.js';

/**
 * A small POSIX-shell reader for RUN bodies: enough to find commands, their arguments and the pipes between them with
 * exact offsets. It never executes anything and never throws; unbalanced quotes simply end at the end of the text.
 */

export interface Word {
  /** The word with quotes removed and escapes applied. */
  text: string;
  /** Absolute span of the word as written (including quotes). */
  span: Span;
  /** Whether any part was quoted. */
  quoted: boolean;
  /** Whether the word contains an unquoted expansion (`$`, backtick). */
  expands: boolean;
}

export type Operator = '&&' | '||' | ';' | '|' | '&' | '\n' | '(' | ')' | '|&';

export interface Command {
  /** The command word after unwrapping `sudo`, `env`, assignments and reserved words. */
  word: Word;
  /** Basename of the command word, e.g. `apt-get` for `/usr/bin/apt-get`. */
  name: string;
  args: Word[];
  /** Wrapper commands that were peeled off (`sudo`, `env`, `sh -c` …). */
  wrappers: Word[];
  /** `VAR=value` words that preceded the command (and `env`'s assignments). */
  assignments: Word[];
  /** Every word of the simple command as written (wrappers, assignments, command, arguments). */
  words: Word[];
}

export interface Pipeline {
  commands: Command[];
  /** `pipes[i]` is the `|` between `commands[i]` and `commands[i + 1]`. */
  pipes: Span[];
}

export interface Script {
  pipelines: Pipeline[];
  /** Every command, in order, including those inside `sh -c '…'`. */
  commands: Command[];
}

interface Token {
  kind: 'word' | 'op' | 'redirect';
  op?: Operator;
  word?: Word;
  span: Span;
}

export interface LexOptions {
  /** The Dockerfile escape character; `\` by default. Escape + newline continues the line. */
  escape?: string;
  /** Treat lines that start with `#` after a continuation as removed (Dockerfile semantics). */
  dockerContinuations?: boolean;
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time', 'exec', 'nohup', 'case', 'esac', 'in']);

/** Lex and parse `text.slice(span.start, span.end)`; spans in the result are absolute offsets into `text`. */
export function parseShell(text: string, span: Span, options: LexOptions = {}): Script {
  const tokens = lex(text, span, options);
  const pipelines: Pipeline[] = [];
  const commands: Command[] = [];
  let words: Word[] = [];
  let pipeline: Pipeline = { commands: [], pipes: [] };
  let pendingPipe: Span | undefined;
  const flushCommand = (): void => {
    const command = commandOf(words, text, options, pipelines, commands);
    words = [];
    if (command) {
      if (pendingPipe && pipeline.commands.length) pipeline.pipes.push(pendingPipe);
      pipeline.commands.push(command);
    }
    pendingPipe = undefined;
  };
  const flushPipeline = (): void => {
    if (pipeline.commands.length) pipelines.push(pipeline);
    pipeline = { commands: [], pipes: [] };
  };
  for (const t of tokens) {
    if (t.kind === 'word') words.push(t.word!);
    else if (t.kind === 'redirect') continue;
    else if (t.op === '|' || t.op === '|&') {
      const had = pipeline.commands.length;
      flushCommand();
      if (pipeline.commands.length > had || had) pendingPipe = t.span;
    } else {
      flushCommand();
      flushPipeline();
    }
  }
  flushCommand();
  flushPipeline();
  // commands nested in `sh -c` were pushed by commandOf; keep document order
  commands.sort((a, b) => a.word.span.start - b.word.span.start);
  return { pipelines: pipelines.sort((a, b) => a.commands[0].word.span.start - b.commands[0].word.span.start), commands };
}

function commandOf(all: Word[], text: string, options: LexOptions, pipelines: Pipeline[], commands: Command[]): Command | undefined {
  let i = 0;
  const wrappers: Word[] = [];
  const assignments: Word[] = [];
  const next = (): Word | undefined => all[i];
  for (;;) {
    const w = next();
    if (!w) return undefined;
    if (!w.quoted && RESERVED.has(w.text)) { i++; continue; }
    if (!w.quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text)) { assignments.push(w); i++; continue; }
    if (w.text === 'for' || w.text === 'select') return undefined;
    const base = basename(w.text);
    if (base === 'sudo' || base === 'doas') {
      wrappers.push(w); i++;
      while (next() && next()!.text.startsWith('-')) {
        const opt = next()!.text; i++;
        if (/^-[ugCDhprtT]$/.test(opt) && next()) i++;
      }
      continue;
    }
    if (base === 'env') {
      wrappers.push(w); i++;
      while (next() && (next()!.text.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(next()!.text))) {
        if (next()!.text.includes('=') && !next()!.text.startsWith('-')) assignments.push(next()!);
        i++;
      }
      continue;
    }
    if (base === 'command' || base === 'builtin' || base === 'xargs' && false) { wrappers.push(w); i++; continue; }
    break;
  }
  const word = all[i];
  const command: Command = {
    word, name: basename(word.text), args: all.slice(i + 1), wrappers, assignments, words: all,
  };
  commands.push(command);
  // sh -c 'script': read the script too, at its real offsets
  if (/^(sh|bash|ash|dash|zsh|ksh)$/.test(command.name)) {
    const c = command.args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.text));
    const script = c >= 0 ? command.args[c + 1] : undefined;
    if (script) {
      const raw = text.slice(script.span.start, script.span.end);
      const q = raw[0];
      if ((q === "'" || q === '"') && raw.endsWith(q) && raw.length >= 2) {
        const inner = parseShell(text, { start: script.span.start + 1, end: script.span.end - 1 }, options);
        for (const cmd of inner.commands) cmd.wrappers.unshift(word);
        commands.push(...inner.commands);
        pipelines.push(...inner.pipelines);
      }
    }
  }
  return command;
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

function lex(text: string, span: Span, options: LexOptions): Token[] {
  const esc = options.escape ?? '\\';
  const tokens: Token[] = [];
  let i = span.start;
  const end = Math.min(span.end, text.length);
  let atLineStart = false;

  const skipContinuation = (at: number): number => {
    // escape, optional spaces/tabs, then a line break: a Dockerfile/shell line continuation
    if (text[at] !== esc) return -1;
    let j = at + 1;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '\r') j++;
    if (text[j] === '\n') return j + 1;
    if (j >= end && j > at + 1) return -1;
    return -1;
  };
  const skipCommentLines = (at: number): number => {
    if (!options.dockerContinuations) return at;
    let j = at;
    for (;;) {
      let k = j;
      while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
      if (text[k] === '#') {
        while (k < end && text[k] !== '\n') k++;
        j = k + 1;
        if (j > end) return end;
        continue;
      }
      if (text[k] === '\n' || (text[k] === '\r' && text[k + 1] === '\n')) {
        // an empty continuation line
        j = text[k] === '\r' ? k + 2 : k + 1;
        continue;
      }
      return j;
    }
  };

  while (i < end) {
    const c = text[i];
    const cont = skipContinuation(i);
    if (cont >= 0) { i = skipCommentLines(cont); continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\n') { tokens.push({ kind: 'op', op: '\n', span: { start: i, end: i + 1 } }); i++; atLineStart = true; continue; }
    if (c === '#') {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '|&') { tokens.push({ kind: 'op', op: two as Operator, span: { start: i, end: i + 2 } }); i += 2; continue; }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      if (c === ';' && text[i + 1] === ';') { tokens.push({ kind: 'op', op: ';', span: { start: i, end: i + 2 } }); i += 2; continue; }
      tokens.push({ kind: 'op', op: c as Operator, span: { start: i, end: i + 1 } }); i++; continue;
    }
    // redirections: [n]>, >>, <, <<<, >&, &>; the next word is the target and not an argument
    const redirect = /^(?:\d*(?:>>|>&|>\||>|<<<|<&|<>|<)|&>>?)/.exec(text.slice(i, Math.min(end, i + 5)));
    if (redirect && !(c >= '0' && c <= '9' && !/^\d+[<>]/.test(text.slice(i, i + 6)))) {
      const rs = i;
      i += redirect[0].length;
      while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
      if (text.slice(rs, i).trim().endsWith('&') && /[0-9-]/.test(text[i] ?? '')) { while (i < end && /[0-9-]/.test(text[i])) i++; }
      else { const w = readWord(text, i, end, esc); if (w) i = w.next; }
      tokens.push({ kind: 'redirect', span: { start: rs, end: i } });
      continue;
    }
    const w = readWord(text, i, end, esc);
    if (!w) { i++; continue; }
    tokens.push({ kind: 'word', word: w.word, span: w.word.span });
    i = w.next;
    atLineStart = false;
  }
  void atLineStart;
  return tokens;
}

function readWord(text: string, start: number, end: number, esc: string): { word: Word; next: number } | undefined {
  let i = start;
  let out = '';
  let quoted = false;
  let expands = false;
  while (i < end) {
    const c = text[i];
    if (c === esc) {
      // continuation inside a word
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\r') j++;
      if (text[j] === '\n') { if (out === '' ) break; i = j + 1; break; }
      if (i + 1 < end) { out += text[i + 1]; i += 2; continue; }
      i++; continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>') break;
    if (c === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= end ? end : close;
      out += text.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      while (i < end && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < end && '"\\$`\n'.includes(text[i + 1])) { if (text[i + 1] !== '\n') out += text[i + 1]; i += 2; continue; }
        if (text[i] === '$' || text[i] === '`') expands = true;
        out += text[i];
        i++;
      }
      i++;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      // command substitution: keep it inside the word, balanced
      expands = true;
      let depth = 0;
      const s = i;
      for (; i < end; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')') { depth--; if (depth === 0) { i++; break; } }
      }
      out += text.slice(s, i);
      continue;
    }
    if (c === '$' || c === '`') expands = true;
    out += c;
    i++;
  }
  if (i === start) return undefined;
  return { word: { text: out, span: { start, end: Math.min(i, end) }, quoted, expands }, next: i };
}

/** Split short-flag bundles: `-fsSLk` → `f s S L k`. Long flags are returned whole without the dashes. */
export function flagNames(word: Word): string[] {
  const t = word.text;
  if (t.startsWith('--')) return [t.slice(2).split('=')[0]];
  if (t.startsWith('-') && t.length > 1 && !/^-\d/.test(t)) return t.slice(1).split('');
  return [];
}
