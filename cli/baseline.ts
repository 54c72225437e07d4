import fs from 'node:fs';
import path from 'node:path';
import { LineIndex } from '../rules/index.js';
import { BaselineSet, FINGERPRINT_VERSION, fingerprintFindings } from '../rules/core/fingerprint.js';
import { UsageError } from './arguments.js';
import { describeError } from './find-files.js';
import { readSource } from './read-source.js';
import type { FileReport } from './report.js';

/** Default name of the baseline file (`palisade init` and the editor setting use it too). */
export const DEFAULT_BASELINE_FILE = '.palisade-baseline.json';

/** One accepted finding. Everything but `fingerprint` is there for people reviewing the file in a diff. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Relative to the baseline file's folder, forward slashes. */
  path: string;
  resource?: string;
  message: string;
}

/** The `.palisade-baseline.json` format. */
export interface BaselineDocument {
  version: 1;
  /** The fingerprint recipe; a baseline of another recipe must be written again. */
  recipe: string;
  findings: BaselineEntry[];
}

/**
 * The baseline's name for a scanned file: relative to the baseline's folder, so that the file means the same from
 * any working directory (CI runs at the repository root, people anywhere).
 */
export function baselinePath(baseDir: string, absolutePath: string): string {
  return path.relative(baseDir, absolutePath).split(path.sep).join('/');
}

/** Fingerprints of a report's findings; the file is read again for the lines the findings start on. */
function fingerprintsOf(report: FileReport, baseDir: string): string[] {
  const source = readSource(report.absolutePath);
  const lines = new LineIndex(source.kind === 'text' ? source.text : '');
  return fingerprintFindings(lines, baselinePath(baseDir, report.absolutePath), report.findings);
}

/** `--baseline FILE`: drops the findings the baseline accepted, and counts what it accepted and what went away. */
export class BaselineFilter {
  private readonly set: BaselineSet;
  private readonly recordedPerPath = new Map<string, number>();
  /** Findings dropped because the baseline holds them. */
  accepted = 0;
  private matchedInScanned = 0;
  private recordedInScanned = 0;

  private constructor(readonly file: string, private readonly baseDir: string, document: BaselineDocument) {
    this.set = new BaselineSet(document.findings.map((f) => f.fingerprint));
    for (const f of document.findings) this.recordedPerPath.set(f.path, (this.recordedPerPath.get(f.path) ?? 0) + 1);
  }

  /** Read and check a baseline file; a missing or malformed file is a usage error (exit 2). */
  static load(file: string, cwd: string): BaselineFilter {
    const absolute = path.resolve(cwd, file);
    let raw: string;
    try {
      raw = fs.readFileSync(absolute, 'utf8');
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException)?.code === 'ENOENT';
      throw new UsageError(missing
        ? `No baseline at ${file}. Record today's findings first: palisade scan --write-baseline ${file}`
        : `Cannot read the baseline ${file}: ${describeError(e)}`);
    }
    return new BaselineFilter(absolute, path.dirname(absolute), parseBaseline(raw, file));
  }

  /** The report without the baselined findings. */
  filter(report: FileReport): FileReport {
    const rel = baselinePath(this.baseDir, report.absolutePath);
    this.recordedInScanned += this.recordedPerPath.get(rel) ?? 0;
    this.recordedPerPath.delete(rel);
    if (!report.findings.length) return report;
    const matched = this.set.match(fingerprintsOf(report, this.baseDir));
    const kept = report.findings.filter((_f, i) => !matched[i]);
    const accepted = report.findings.length - kept.length;
    this.accepted += accepted;
    this.matchedInScanned += accepted;
    return accepted ? { ...report, findings: kept } : report;
  }

  /** Baselined findings of the scanned files that no longer occur (fixed, or their line changed). */
  get gone(): number {
    return this.recordedInScanned - this.matchedInScanned;
  }
}

/** Parse a baseline document; throws `UsageError` naming the problem. */
export function parseBaseline(raw: string, shownName: string): BaselineDocument {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`The baseline ${shownName} is not valid JSON (${(e as Error).message}). Write it again with --write-baseline.`);
  }
  const doc = data as Partial<BaselineDocument> | null;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !Array.isArray(doc.findings)) {
    throw new UsageError(`The baseline ${shownName} is not a Palisade baseline (no "findings" list).`);
  }
  if (doc.recipe !== FINGERPRINT_VERSION) {
    throw new UsageError(`The baseline ${shownName} was written with fingerprints "${String(doc.recipe)}"; this version uses "${FINGERPRINT_VERSION}". Write it again with --write-baseline.`);
  }
  const findings = doc.findings.filter((f): f is BaselineEntry => !!f && typeof f === 'object' && typeof (f as BaselineEntry).fingerprint === 'string');
  if (findings.length !== doc.findings.length) throw new UsageError(`The baseline ${shownName} has entries without a "fingerprint".`);
  return { version: 1, recipe: FINGERPRINT_VERSION, findings };
}

/** `--write-baseline FILE`: records every finding of the scan. */
export class BaselineRecorder {
  private readonly entries: BaselineEntry[] = [];
  private readonly absolute: string;
  private readonly baseDir: string;

  constructor(readonly file: string, cwd: string) {
    this.absolute = path.resolve(cwd, file);
    this.baseDir = path.dirname(this.absolute);
    if (!fs.existsSync(this.baseDir)) throw new UsageError(`Cannot write the baseline ${file}: no folder ${path.dirname(file)}.`);
  }

  add(report: FileReport): void {
    if (!report.findings.length) return;
    const fingerprints = fingerprintsOf(report, this.baseDir);
    const rel = baselinePath(this.baseDir, report.absolutePath);
    report.findings.forEach((f, i) => {
      this.entries.push({ fingerprint: fingerprints[i], ruleId: f.ruleId, path: rel, ...(f.resource ? { resource: f.resource } : {}), message: f.message });
    });
  }

  get size(): number {
    return this.entries.length;
  }

  /** Write the file (sorted, one entry per line, so that a refreshed baseline diffs well). */
  write(): void {
    const sorted = [...this.entries].sort((a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId)
      || compare(a.resource ?? '', b.resource ?? '') || compare(a.fingerprint, b.fingerprint) || compare(a.message, b.message));
    const text = `{\n  "version": 1,\n  "recipe": ${JSON.stringify(FINGERPRINT_VERSION)},\n  "findings": [${sorted.map((e) => `\n    ${JSON.stringify(e)}`).join(',')}${sorted.length ? '\n  ' : ''}]\n}\n`;
    const temp = path.join(this.baseDir, `.${path.basename(this.absolute)}.palisade-${process.pid}.tmp`);
    try {
      fs.writeFileSync(temp, text);
      fs.renameSync(temp, this.absolute);
    } catch (e) {
      try { fs.unlinkSync(temp); } catch { /* never written */ }
      throw new UsageError(`Cannot write the baseline ${this.file}: ${describeError(e)}`);
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
