/**
 * File globs of `.palisade.yaml` (`exclude`, `overrides[].files`), matched against paths relative to the folder of the
 * configuration file, with `/` as the separator.
 *
 * Syntax: `**` (any number of folders, a whole path segment only), `*` (any characters except `/`), `?` (one character
 * except `/`), `{a,b}` (alternatives, may nest). Everything else is literal; matching is case-sensitive.
 *
 * Like `.gitignore`: a pattern without a `/` matches a file or folder name at any depth (`*.yaml`, `vendor`), a leading
 * `/` anchors it to the configuration folder, and a pattern that matches a folder matches everything inside it
 * (`vendor` excludes `vendor/a/b.yaml`).
 */

/** Longest pattern accepted; longer ones are reported as invalid rather than compiled. */
const MAX_PATTERN_LENGTH = 1024;
/** Patterns a brace expression may expand to. */
const MAX_ALTERNATIVES = 64;

interface CompiledGlob {
  regex: RegExp;
}

const cache = new Map<string, CompiledGlob | string>();

/** Why a glob is invalid, or undefined when it is fine. The message says how to write it instead. */
export function checkGlob(pattern: string): string | undefined {
  const compiled = compile(pattern);
  return typeof compiled === 'string' ? compiled : undefined;
}

/** Whether `relativePath` (or one of its parent folders) matches `pattern`. Invalid patterns match nothing. */
export function matchGlob(pattern: string, relativePath: string): boolean {
  const compiled = compile(pattern);
  if (typeof compiled === 'string') return false;
  const path = normalizePath(relativePath);
  if (path === undefined) return false;
  if (compiled.regex.test(path)) return true;
  // a pattern that matches a folder covers everything inside it
  for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
    if (compiled.regex.test(path.slice(0, i))) return true;
  }
  return false;
}

/** Whether any of the patterns matches. */
export function matchAnyGlob(patterns: readonly string[], relativePath: string): boolean {
  return patterns.some((p) => matchGlob(p, relativePath));
}

/**
 * A path relative to the configuration folder, with `/` separators and without `./`; undefined when the path lies
 * outside that folder (`../x`) or is absolute.
 */
export function normalizePath(relativePath: string): string | undefined {
  let p = relativePath.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  if (p.startsWith('/') || /^[A-Za-z]:\//.test(p)) return undefined;
  const segments = p.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return undefined;
  return segments.join('/');
}

function compile(pattern: string): CompiledGlob | string {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  const result = compileUncached(pattern);
  if (cache.size > 500) cache.clear();
  cache.set(pattern, result);
  return result;
}

function compileUncached(raw: string): CompiledGlob | string {
  if (typeof raw !== 'string' || raw.trim() === '') return 'An empty pattern matches nothing; remove it.';
  if (raw.length > MAX_PATTERN_LENGTH) return `The pattern is longer than ${MAX_PATTERN_LENGTH} characters.`;
  if (raw.includes('\\')) return 'Use "/" as the folder separator; "\\" is not allowed in patterns (they are the same on every platform).';
  const braces = checkBraces(raw);
  if (braces) return braces;
  const expanded = expandBraces(raw);
  if (expanded.length > MAX_ALTERNATIVES) return `The braces expand to more than ${MAX_ALTERNATIVES} patterns; split the pattern.`;
  const bodies: string[] = [];
  for (const alternative of expanded) {
    const body = translatePattern(alternative);
    if (body.error !== undefined) return body.error;
    bodies.push(body.regex);
  }
  return { regex: new RegExp(`^(?:${bodies.join('|')})$`) };
}

/** One brace-free pattern to a regular expression body, or why it is invalid. */
function translatePattern(raw: string): { regex: string; error?: undefined } | { regex?: undefined; error: string } {
  let pattern = raw;
  while (pattern.startsWith('./')) pattern = pattern.slice(2);
  if (/^[A-Za-z]:\//.test(pattern)) return { error: 'Patterns are relative to the folder of the configuration file; drive letters are not allowed.' };
  let anchored = false;
  if (pattern.startsWith('/')) { anchored = true; pattern = pattern.replace(/^\/+/, ''); }
  pattern = pattern.replace(/\/+$/, '').replace(/\/{2,}/g, '/');
  if (pattern === '') return { error: 'The pattern names no file or folder.' };
  const segments = pattern.split('/');
  if (segments.some((s) => s === '..')) return { error: 'Patterns are relative to the folder of the configuration file and cannot leave it with "..".' };
  for (const s of segments) {
    if (s.includes('**') && s !== '**') return { error: `"**" must be a whole path segment (e.g. "charts/**/values.yaml"), not part of "${s}".` };
  }
  const all = !anchored && segments.length === 1 ? ['**', ...segments] : segments;
  return { regex: translate(all.filter((s) => s !== '.')) };
}

function checkBraces(pattern: string): string | undefined {
  let depth = 0;
  for (const c of pattern) {
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth < 0) return 'A "}" has no matching "{".';
    }
  }
  if (depth > 0) return 'A "{" is not closed: write alternatives as {a,b}.';
  return undefined;
}

/** `a{b,c{d,e}}` → `ab`, `acd`, `ace`. Stops growing past the limit (the caller reports it). */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}') { depth--; if (depth === 0) { close = i; break; } }
    else if (c === ',' && depth === 1) commas.push(i);
  }
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const middle = pattern.slice(bounds[k] + 1, bounds[k + 1]);
    for (const expanded of expandBraces(head + middle + tail)) {
      out.push(expanded);
      if (out.length > MAX_ALTERNATIVES) return out;
    }
  }
  return out;
}

/** Translate path segments to a regular expression body. Each construct is unambiguous, so matching is linear. */
function translate(segments: string[]): string {
  let out = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      out += last ? '.*' : '(?:[^/]*/)*';
      return;
    }
    out += translateSegment(segment);
    if (!last) out += '/';
  });
  return out;
}

function translateSegment(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') {
      // consecutive stars inside a segment mean the same as one
      while (segment[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}
