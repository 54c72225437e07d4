/**
 * `exclude` globs from `.palisade.yaml`, matched against forward-slash paths relative to the configuration's folder,
 * in the way `.gitignore` reads them: a pattern without a slash matches a name at any depth (`*.generated.yaml`,
 * `vendor`), a pattern with a slash is anchored (`deploy/legacy/**`), a trailing slash matches folders only, and a
 * matching folder excludes everything inside it. `*` and `?` stay within one path segment, `**` crosses segments,
 * `{a,b}` alternates and `[abc]` is a character class.
 */
export class ExcludeMatcher {
  private readonly patterns: { re: RegExp; dirOnly: boolean }[];

  constructor(globs: readonly string[]) {
    this.patterns = globs.map(compileGlob).filter((p): p is { re: RegExp; dirOnly: boolean } => p !== undefined);
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  /** Whether a relative path (forward slashes, no leading `./`) is excluded. */
  matches(relativePath: string, isDirectory: boolean): boolean {
    if (!this.patterns.length || relativePath === '' || relativePath.startsWith('../')) return false;
    for (const p of this.patterns) {
      const m = p.re.exec(relativePath);
      if (!m) continue;
      // a folder-only pattern matched the whole path of a file: not a match (`build/` does not exclude a file "build")
      if (p.dirOnly && !isDirectory && !m[1]) continue;
      return true;
    }
    return false;
  }
}

function compileGlob(raw: string): { re: RegExp; dirOnly: boolean } | undefined {
  let glob = raw.trim();
  if (!glob || glob.startsWith('#')) return undefined;
  if (glob.startsWith('./')) glob = glob.slice(2);
  const dirOnly = glob.endsWith('/');
  if (dirOnly) glob = glob.replace(/\/+$/, '');
  let anchored = glob.includes('/');
  if (glob.startsWith('/')) { glob = glob.slice(1); anchored = true; }
  if (!glob) return undefined;
  const body = globBody(glob);
  // group 1 is what follows the matched part: non-empty when the pattern matched a parent folder
  return { re: new RegExp(`${anchored ? '^' : '(?:^|/)'}${body}(/.*)?$`), dirOnly };
}

function globBody(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        i++;
        if (glob[i + 1] === '/' && atSegmentStart) { out += '(?:.*/)?'; i++; } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) { out += '\\['; continue; }
      let cls = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
      if (cls.startsWith('!')) cls = '^' + cls.slice(1);
      out += `[${cls}]`;
      i = close;
    } else if (c === '{') { out += '(?:'; braces++; }
    else if (c === '}' && braces) { out += ')'; braces--; }
    else if (c === ',' && braces) out += '|';
    else if (c === '\\' && i + 1 < glob.length) { out += escapeRegExp(glob[++i]); }
    else out += escapeRegExp(c);
  }
  return out + ')'.repeat(braces);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
