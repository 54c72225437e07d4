/**
 * `.gitignore` files as git reads them, for the workspace scan and the CLI's folder walk. Pure: the callers read the
 * files and pass their text with the folder they sit in; paths are relative to the scanned root, `/`-separated.
 *
 * Semantics: blank lines and `#` comments are skipped (`\#` is a literal `#`); trailing spaces are dropped unless
 * escaped; `!` re-includes what an earlier pattern excluded (`\!` is a literal `!`); a trailing `/` matches folders
 * only; a pattern with a `/` at its start or in its middle is anchored to the folder of its `.gitignore`, one without
 * matches a name at any depth below it; `*` and `?` stay within one path segment, `[…]` is a character class, a
 * leading `**` segment matches in every folder, a trailing one everything inside, and one in the middle zero or more
 * folders. The last matching pattern decides, patterns of deeper `.gitignore` files come after those of their parents, and a file whose
 * folder is ignored cannot be re-included (git does not descend into an ignored folder).
 */

/** `.gitignore` files larger than this are not read, by the CLI, the server or the client (a real one is a few kilobytes). */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** Longest pattern compiled; longer lines are skipped (they cannot be meant). */
const MAX_PATTERN_LENGTH = 1024;
/** Most `**` segments per pattern. */
const MAX_GLOBSTARS = 8;
/** Most patterns kept over all files (a hostile repository cannot make every lookup slow). */
const MAX_PATTERNS = 20_000;

/** One compiled pattern of a `.gitignore` file. */
export interface GitignorePattern {
  /** The folder of the `.gitignore` file, relative to the root (`''` for the root itself). */
  base: string;
  /** The line as written (trimmed), for messages. */
  source: string;
  negated: boolean;
  dirOnly: boolean;
  /** The pattern by path segment (a `**` segment or tokens), matched without regular expressions: no backtracking blow-up. */
  segments: Segment[];
}

/** A `**` segment, or the tokens of one segment. */
type Segment = typeof GLOBSTAR | Token[];
type Token = { kind: 'char'; c: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; test: RegExp };

const GLOBSTAR = '**';

/** The patterns of one `.gitignore` text; lines that are not patterns or do not compile are left out. */
export function parseGitignore(text: string, base = ''): GitignorePattern[] {
  const out: GitignorePattern[] = [];
  if (typeof text !== 'string') return out;
  const folder = cleanFolder(base);
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const p = compileLine(raw, folder);
    if (p) out.push(p);
  }
  return out;
}

/**
 * The `.gitignore` files of a tree, and whether a path is ignored by them. Add each file with the folder it sits in
 * (parents before children, as a walk finds them); then ask about paths relative to the same root.
 */
export class GitignoreMatcher {
  private readonly patterns: GitignorePattern[] = [];
  /** Folder → ignored, for the parent checks; cleared when patterns are added. */
  private readonly folders = new Map<string, boolean>();

  /** Number of patterns held. */
  get size(): number {
    return this.patterns.length;
  }

  /** Add the patterns of the `.gitignore` file in `folder` (relative to the root, `''` for the root). */
  add(folder: string, text: string): void {
    const base = cleanFolder(folder);
    const parsed = parseGitignore(text, base);
    // deeper files come after their parents whatever order they were added in: the later pattern wins
    for (const p of parsed) {
      if (this.patterns.length >= MAX_PATTERNS) break;
      this.patterns.push(p);
    }
    this.patterns.sort((a, b) => depthOf(a.base) - depthOf(b.base));
    this.folders.clear();
  }

  /**
   * Whether `path` (a file, or a folder when `isFolder`) is ignored: by a pattern of its own, or because one of its
   * parent folders is.
   */
  ignores(path: string, isFolder = false): boolean {
    const clean = cleanFolder(path);
    if (!clean || !this.patterns.length) return false;
    const parts = clean.split('/');
    let parent = '';
    for (let i = 0; i < parts.length - 1; i++) {
      parent = parent ? `${parent}/${parts[i]}` : parts[i]!;
      let hit = this.folders.get(parent);
      if (hit === undefined) {
        hit = this.decide(parent, true);
        this.folders.set(parent, hit);
      }
      if (hit) return true;
    }
    return this.decide(clean, isFolder);
  }

  /** The paths (files) of a list that are not ignored, in their order. */
  filter(paths: Iterable<string>): string[] {
    const out: string[] = [];
    for (const p of paths) if (!this.ignores(p)) out.push(p);
    return out;
  }

  /** The verdict of the patterns on one path, its parents not considered. */
  private decide(path: string, isFolder: boolean): boolean {
    let ignored = false;
    for (const p of this.patterns) {
      // an exclusion only matters while the path is included, a re-inclusion only once it is excluded
      if (p.negated !== ignored) continue;
      if (p.dirOnly && !isFolder) continue;
      let rel: string;
      if (!p.base) rel = path;
      else if (path.startsWith(`${p.base}/`)) rel = path.slice(p.base.length + 1);
      else continue;
      if (matchSegments(p.segments, rel.split('/'))) ignored = !p.negated;
    }
    return ignored;
  }
}

/** `./a//b/` → `a/b`; backslashes become slashes. */
function cleanFolder(folder: string): string {
  if (typeof folder !== 'string') return '';
  return folder.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.').join('/');
}

function depthOf(base: string): number {
  return base ? base.split('/').length : 0;
}

function compileLine(raw: string, base: string): GitignorePattern | undefined {
  if (!raw || raw.startsWith('#') || raw.length > MAX_PATTERN_LENGTH) return undefined;
  let line = trimTrailingSpaces(raw);
  if (!line) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/') && !line.endsWith('\\/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (!line) return undefined;
  // a slash at the start or in the middle anchors the pattern to the .gitignore's folder
  const anchored = line.includes('/');
  line = line.replace(/^\/+/, '');
  if (!line) return undefined;
  const parts = line.split('/').filter((s) => s !== '');
  if (parts.filter((s) => s === '**').length > MAX_GLOBSTARS) return undefined;
  const segments: Segment[] = [];
  for (const part of anchored ? parts : ['**', ...parts]) {
    const segment = part === '**' ? GLOBSTAR : tokensOf(part);
    // an unclosed or invalid bracket expression: git matches nothing with the pattern
    if (!segment) return undefined;
    segments.push(segment);
  }
  return { base, source: raw.trim(), negated, dirOnly, segments };
}

/** Drop trailing spaces, except one escaped with a backslash. */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) {
    if (end >= 2 && line[end - 2] === '\\') break;
    end--;
  }
  return line.slice(0, end);
}

/**
 * Whether the pattern's segments match the path's. A trailing `**` needs at least one segment (everything inside a
 * folder, not the folder); elsewhere `**` takes zero or more. Memoised: time grows with segments × segments.
 */
function matchSegments(pattern: readonly Segment[], path: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const match = (pi: number, si: number): boolean => {
    if (pi === pattern.length) return si === path.length;
    const key = pi * (path.length + 1) + si;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const seg = pattern[pi]!;
    let result = false;
    if (seg === GLOBSTAR) {
      if (pi === pattern.length - 1) result = path.length - si >= 1;
      else for (let k = si; k <= path.length && !result; k++) result = match(pi + 1, k);
    } else {
      result = si < path.length && matchSegment(seg, path[si]!) && match(pi + 1, si + 1);
    }
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** One segment against one name: the classic wildcard walk that backtracks only to the last star (no blow-up). */
function matchSegment(tokens: readonly Token[], name: string): boolean {
  let t = 0;
  let s = 0;
  let starT = -1;
  let starS = 0;
  while (s < name.length) {
    const token = tokens[t];
    if (token && token.kind === 'star') {
      starT = t++;
      starS = s;
    } else if (token && matchChar(token, name[s]!)) {
      t++;
      s++;
    } else if (starT >= 0) {
      t = starT + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

function matchChar(token: Token, c: string): boolean {
  switch (token.kind) {
    case 'char': return token.c === c;
    case 'any': return true;
    case 'class': return token.test.test(c);
    default: return false;
  }
}

/** The tokens of one pattern segment: `\x` literal, `*` (runs of stars are one), `?`, `[…]` classes. */
function tokensOf(segment: string): Token[] | undefined {
  const out: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\') {
      i++;
      if (i < segment.length) out.push({ kind: 'char', c: segment[i]! });
    } else if (c === '*') {
      // other runs of stars (`a**b`) are plain stars
      while (segment[i + 1] === '*') i++;
      out.push({ kind: 'star' });
    } else if (c === '?') {
      out.push({ kind: 'any' });
    } else if (c === '[') {
      const cls = readClass(segment, i);
      if (!cls) return undefined;
      out.push({ kind: 'class', test: cls.test });
      i = cls.end;
    } else {
      out.push({ kind: 'char', c });
    }
  }
  return out;
}

/**
 * A bracket expression starting at `start` (`[abc]`, `[!a-z]`, `[^0-9]`) as a one-character test; undefined when it
 * is not closed or not valid.
 */
function readClass(segment: string, start: number): { test: RegExp; end: number } | undefined {
  let i = start + 1;
  let negated = false;
  if (segment[i] === '!' || segment[i] === '^') {
    negated = true;
    i++;
  }
  let body = '';
  // a `]` right after the opening bracket is a member, not the end
  if (segment[i] === ']') {
    body += '\\]';
    i++;
  }
  for (; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === ']') {
      if (!body) return undefined;
      try {
        return { test: new RegExp(negated ? `^[^${body}]$` : `^[${body}]$`), end: i };
      } catch {
        return undefined; // a reversed range (`[z-a]`)
      }
    }
    if (c === '\\' && i + 1 < segment.length) {
      i++;
      body += escapeClassChar(segment[i]!);
    } else if (c === '-' && body && segment[i + 1] !== ']') {
      body += '-';
    } else {
      body += escapeClassChar(c);
    }
  }
  return undefined;
}

function escapeClassChar(c: string): string {
  return /[\]\\^[-]/.test(c) ? `\\${c}` : c;
}
