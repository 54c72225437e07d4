import { matchAnyGlob } from '../rules/core/glob.js';

/**
 * `exclude` globs with the folder they are relative to: the workspace folder for settings, the configuration file's
 * folder for `.palisade.yaml`. The glob syntax is the engine's (`rules/core/glob.ts`), identical to the CLI's.
 */
export interface ExcludeSet {
  /** Absolute folder the patterns are relative to (`/`-separated). */
  base: string;
  patterns: string[];
}

/** Whether an absolute `/`-separated path is excluded by any of the sets. */
export function isExcluded(path: string, sets: readonly ExcludeSet[]): boolean {
  for (const set of sets) {
    if (!set.patterns.length) continue;
    const base = set.base.endsWith('/') ? set.base : set.base + '/';
    if (!path.startsWith(base)) continue;
    if (matchAnyGlob(set.patterns, path.slice(base.length))) return true;
  }
  return false;
}
