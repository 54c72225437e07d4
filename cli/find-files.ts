import fs from 'node:fs';
import path from 'node:path';
import { GitignoreMatcher, MAX_GITIGNORE_BYTES, fileKindOf, isDockerignoreName } from '../rules/index.js';
import { isFile, relativeTo, type LoadedConfig } from './config-loader.js';

/** A file to scan and the configuration it runs with. */
export interface ScanTarget {
  absolutePath: string;
  config: LoadedConfig;
  /**
   * Read for the workspace index only, never reported as a scanned file: a `.dockerignore` (the cross-file Dockerfile
   * rules judge a build context by it).
   */
  context?: true;
}

export interface FindOptions {
  /** false: do not read `.gitignore` files. */
  gitignore?: boolean;
  /** Told each time a file is found (the walk is synchronous: this is how a caller learns early that it is large). */
  found?: () => void;
}

/** Folders never descended into: dependencies and version-control data. Hidden folders are skipped as well. */
const SKIPPED_FOLDERS = new Set(['node_modules']);

/**
 * Collect the Dockerfiles and YAML/JSON files under a root (a file or a folder), in a stable order (byte order of
 * names, folder by folder). Folders are walked recursively, skipping `node_modules`, hidden folders, the
 * configuration's `exclude` globs and what the `.gitignore` files inside the root ignore (the root's own and nested
 * ones, git's rules); symbolic links are followed once (a link back to a folder being walked is not).
 * A file named explicitly is always scanned, ignored or not; `gitignore: false` (`--no-gitignore`) does not read
 * `.gitignore` files at all. Problems (unreadable folder, link loop) go to `note` and the walk goes on.
 */
export function findFiles(root: string, config: LoadedConfig, note: (message: string) => void, options: FindOptions = {}): ScanTarget[] {
  const out: ScanTarget[] = [];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch (e) {
    note(`cannot read ${root}: ${describeError(e)}`);
    return out;
  }
  if (!stat.isDirectory()) {
    const kind = fileKindOf(root);
    if (kind === 'unknown') {
      note(`skipped ${root}: not a Dockerfile, YAML or JSON file`);
    } else {
      out.push({ absolutePath: root, config });
      // a Dockerfile named alone still has a build context: its folder's ignore files
      if (kind === 'dockerfile') {
        for (const name of [`${path.basename(root)}.dockerignore`, '.dockerignore']) {
          const sibling = path.join(path.dirname(root), name);
          if (isFile(sibling)) out.push({ absolutePath: sibling, config, context: true });
        }
      }
    }
    return out;
  }
  const visited = new Set<string>();
  const ignore = new GitignoreMatcher();
  // `rel`: the folder relative to the root with `/`; `real`: its real path, which for a folder reached without a link is
  // its parent's real path and its name (only the root and links cost a realpath call)
  const walk = (dir: string, rel: string, real: string | undefined): void => {
    if (real === undefined) {
      try {
        real = fs.realpathSync.native(dir);
      } catch (e) {
        note(`cannot read ${dir}: ${describeError(e)}`);
        return;
      }
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      note(`cannot read ${dir}: ${describeError(e)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (options.gitignore !== false && entries.some((e) => e.name === '.gitignore')) {
      const text = readGitignore(path.join(dir, '.gitignore'), note);
      if (text) ignore.add(rel, text);
    }
    const folders: [string, string, string | undefined][] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const relFull = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      const link = entry.isSymbolicLink();
      if (link) {
        try {
          const target = fs.statSync(full);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (e) {
          note(`cannot follow ${full}: ${describeError(e)}`);
          continue;
        }
      }
      if (isDir) {
        if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
        if (isExcluded(full, config) || ignore.ignores(relFull, true)) continue;
        folders.push([full, relFull, link ? undefined : path.join(real, entry.name)]);
      } else if (isFile) {
        const context = fileKindOf(entry.name) === 'unknown';
        if (context && !isDockerignoreName(entry.name)) continue;
        if (isExcluded(full, config) || ignore.ignores(relFull)) continue;
        out.push(context ? { absolutePath: full, config, context } : { absolutePath: full, config });
        options.found?.();
      }
    }
    for (const [folder, folderRel, folderReal] of folders) walk(folder, folderRel, folderReal);
  };
  walk(root, '', undefined);
  return out;
}

/** The text of a `.gitignore` file; undefined when it is too large or cannot be read (noted). */
function readGitignore(file: string, note: (message: string) => void): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_GITIGNORE_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    note(`cannot read ${file}: ${describeError(e)}`);
    return undefined;
  }
}

/** The configuration's `exclude` globs, relative to its folder; a folder that matches is not walked at all. */
function isExcluded(absolute: string, config: LoadedConfig): boolean {
  return config.resolver.isExcluded(relativeTo(config.base, absolute));
}

export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'symbolic link loop';
    case 'EISDIR': return 'is a folder';
    default: return err?.code ?? err?.message ?? String(e);
  }
}
