import { hashText, type LineIndex } from './text.js';
import type { Finding } from './types.js';

/**
 * Baseline fingerprints: what a finding is about, not where it is. A baseline records today's findings so that CI
 * reports only new ones; the fingerprint must therefore survive edits that do not touch the finding (lines added
 * above it, re-indentation, reformatting) and change when the finding's own line changes.
 *
 * Recipe (version 1): the rule id, the file path (relative to the baseline's folder, forward slashes), the resource
 * (`Deployment/web`, `stage "build"`) and the line the finding starts on with every whitespace character removed.
 * The message is left out on purpose: its wording may improve between releases, which must not make a whole
 * repository's accepted findings new again.
 */
export const FINGERPRINT_VERSION = 'palisade-baseline/v1';

/** The line a finding starts on, without any whitespace (so re-indenting or re-spacing it changes nothing). */
export function normalisedSnippet(lines: LineIndex, finding: Pick<Finding, 'range'>): string {
  const line = finding.range.start.line;
  if (line < 0 || line >= lines.lineCount) return '';
  return lines.lineText(line).replace(/\s+/g, '');
}

/** The fingerprint of one finding: 16 hex digits (two independent 32-bit FNV-1a passes). */
export function findingFingerprint(parts: { ruleId: string; path: string; resource?: string; snippet: string }): string {
  const text = [FINGERPRINT_VERSION, parts.ruleId, parts.path, parts.resource ?? '', parts.snippet].join('\u0000');
  return hashText(text) + hashText(`${text.length}\u0001${text}`);
}

/** Fingerprints of a file's findings, in the findings' order. `path` is the file as the baseline names it. */
export function fingerprintFindings(lines: LineIndex, path: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => findingFingerprint({ ruleId: f.ruleId, path, resource: f.resource, snippet: normalisedSnippet(lines, f) }));
}

/**
 * A baseline as a multiset of fingerprints. Two findings may share a fingerprint (one rule, one resource, the same
 * line text in two containers): the baseline accepts as many of them as it recorded, and any more are new.
 */
export class BaselineSet {
  private readonly counts = new Map<string, number>();
  /** Number of recorded findings. */
  readonly size: number;

  constructor(fingerprints: Iterable<string>) {
    let size = 0;
    for (const f of fingerprints) {
      this.counts.set(f, (this.counts.get(f) ?? 0) + 1);
      size++;
    }
    this.size = size;
  }

  /**
   * Which of one file's findings (given by fingerprint) the baseline holds. Fingerprints name the file, so files are
   * matched independently; within the file, the first occurrences of a fingerprint are the baselined ones.
   */
  match(fingerprints: readonly string[]): boolean[] {
    const used = new Map<string, number>();
    return fingerprints.map((f) => {
      const n = used.get(f) ?? 0;
      if (n >= (this.counts.get(f) ?? 0)) return false;
      used.set(f, n + 1);
      return true;
    });
  }
}
