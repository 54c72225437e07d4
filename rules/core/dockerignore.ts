import type { DockerignorePattern } from './workspace-index.js';

/**
 * `.dockerignore` files as the Docker builder reads them: one pattern per line, `#` comments, `!` re-includes, paths
 * relative to the build context (a leading `/` is dropped), `*` and `?` within one path segment, `**` across segments.
 * A pattern that matches a folder excludes everything inside it. The last matching pattern decides.
 */

/** Longest pattern compiled; longer lines are kept out (they cannot be meant). */
const MAX_PATTERN_LENGTH = 4096;

/** The patterns of a `.dockerignore` text, cleaned as the builder cleans them. */
export function parseDockerignore(text: string): DockerignorePattern[] {
  const out: DockerignorePattern[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, line) => {
    if (raw.startsWith('#')) return;
    let pattern = raw.trim();
    if (!pattern || pattern.length > MAX_PATTERN_LENGTH) return;
    const negated = pattern.startsWith('!');
    if (negated) pattern = pattern.slice(1).trim();
    if (pattern) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    const start = raw.length - raw.trimStart().length;
    out.push({ pattern, negated, line, start, end: raw.trimEnd().length });
  });
  return out;
}

/**
 * Lexical path cleaning (`a/./b/../c/` → `a/c`), with `/` as the separator. A relative path that climbs out of its
 * root keeps its `..` segments.
 */
export function cleanPath(path: string): string {
  const p = path.replace(/\\/g, '/');
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

const compiled = new Map<string, RegExp | null>();

function regexOf(pattern: string): RegExp | null {
  let hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        // `**` at the end takes everything; elsewhere it stands for any number of folders, none included
        source += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '\\') {
      i++;
      source += i < pattern.length ? escapeChar(pattern[i]) : '\\\\';
    } else if (c === '[' || c === ']') {
      source += c;
    } else {
      source += escapeChar(c);
    }
  }
  source += '$';
  try {
    hit = new RegExp(source);
  } catch {
    hit = null; // an unclosed character class: the builder rejects it too, so it matches nothing here
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(pattern, hit);
  return hit;
}

function escapeChar(c: string): string {
  return /[.+^${}()|\\/[\]*?]/.test(c) ? `\\${c}` : c;
}

/**
 * Whether the builder leaves `path` (relative to the build context) out of the context, and the pattern that decided.
 * A path is out when the last pattern matching it or one of its parent folders is not a `!` pattern.
 */
export function ignoredBy(patterns: readonly DockerignorePattern[], path: string): DockerignorePattern | undefined {
  const file = cleanPath(path);
  const parents: string[] = [];
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i++) parents.push(parts.slice(0, i).join('/'));
  let decided: DockerignorePattern | undefined;
  for (const p of patterns) {
    // an exclusion only matters while the path is included, a re-inclusion only once it is excluded
    if (p.negated !== (decided !== undefined)) continue;
    const re = regexOf(p.pattern);
    if (!re) continue;
    const hit = re.test(file) || parents.some((dir) => re.test(dir));
    if (hit) decided = p.negated ? undefined : p;
  }
  return decided;
}
