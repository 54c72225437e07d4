import {
  WorkspaceIndex, compareFindings, defaultEngine, fileKindOf, type FileSummary, type Finding, type ResolvedConfig,
} from '../rules/index.js';
import { kustomizePatchTargets } from './kustomize-patches.js';
import { ConfigLoader, displayPath, type ConfigFlags, type LoadedConfig } from './config-loader.js';
import { describeError } from './find-files.js';
import { readSource } from './read-source.js';
import { SEVERITY_RANK, type EncodedReport, type FileReport } from './report.js';
import { applySafeFixes, safeFixOf } from './safe-fixes.js';
import { writeFileAtomically } from './write-file.js';

/**
 * What analysing the files of a scan needs, as plain data: a worker thread receives it once and rebuilds the
 * configurations from it (compiled custom rules cannot cross threads), so every thread sees exactly what the main
 * thread sees.
 */
export interface ScanJob {
  flags: ConfigFlags;
  cwd: string;
  fix: boolean;
  /**
   * The files in scan order, each with the scanned root it was found under (its configuration comes from there);
   * `context`: read for the workspace index only (a `.dockerignore`).
   */
  targets: { absolutePath: string; root: string; context?: true }[];
}

/**
 * One file's result. `report` is absent when the file could not be read (the note says why); the findings travel as
 * UTF-8 encoded JSON, which is also how the scan keeps them while the other files are analysed: thousands of files'
 * findings as objects would be the largest live set of the scan, and as strings they take two bytes a character as
 * soon as one message holds a character beyond ASCII (bytes outside the JS heap take one).
 */
export interface FileOutcome {
  index: number;
  /** Absent for a file that could not be read, and for a file read for the workspace index only. */
  report?: StoredReport;
  summary?: FileSummary;
  notes: string[];
}

export interface StoredReport extends EncodedReport {
  absolutePath: string;
  /** What the summary needs of the findings, counted while they were still objects. */
  counts: FindingCounts;
  /**
   * Where each finding is in the bytes and its range, `SLOTS` numbers a finding: the offset just past its JSON, then
   * its range (start line, start character, end line, end character). With them the cross-file findings of a file are
   * put in place without turning the others back into objects (`withFindings`).
   */
  layout?: Int32Array;
}

const SLOTS = 5;

/** A report's findings by severity, those with a safe fix, and the highest severity rank (0: none). */
export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
  worst: number;
}

/**
 * Analyses the files of a job one at a time, on whichever thread it lives: its own findings (cross-file rules wait for
 * the complete workspace index, which only the main thread builds) and its summary for that index; with `fix`, the safe
 * fixes applied and the file written. The result for a file depends only on the file and the job, never on which
 * thread analysed it or in which order.
 */
export class FileAnalyser {
  private readonly loader: ConfigLoader;
  /** What the engine may ask while a single file is analysed: only which files are partial manifests. */
  private readonly view = new WorkspaceIndex([], { complete: false });
  private readonly engine = defaultEngine();

  /**
   * `loader`: the main thread's own, so that files share its configurations; a helper thread makes one.
   * `workedOut`: told the partial manifests when this analyser has worked them out (a helper passes them on).
   */
  constructor(private readonly job: ScanJob, loader?: ConfigLoader, private readonly workedOut?: (partial: string[]) => void) {
    this.loader = loader ?? new ConfigLoader(job.flags, job.cwd);
  }

  private partial: string[] | undefined;

  /**
   * Display paths of the partial manifests (the files the scanned kustomizations use as patches): missing-field findings
   * are not reported for them. Worked out on the first YAML file rather than by the main thread before any thread
   * starts: reading the kustomizations then delays neither the Dockerfiles nor the other threads. A helper starts with
   * YAML and passes its list on (`adoptPartialManifests`), so the main thread, which starts with the Dockerfiles, does
   * not read and parse every kustomization a second time.
   */
  partialManifests(): string[] {
    if (!this.partial) {
      this.adoptPartialManifests([...kustomizePatchTargets(this.job.targets)].map((p) => displayPath(p, this.job.cwd)));
      this.workedOut?.(this.partial!);
    }
    return this.partial!;
  }

  /** The partial manifests as another thread worked them out for the same job (the same list); ignored once known. */
  adoptPartialManifests(partial: string[]): void {
    if (this.partial) return;
    this.partial = partial;
    for (const p of partial) this.view.setPartialManifest(p, true);
  }

  /** Scanned root → its configuration (looked up on disk once per root). */
  private readonly roots = new Map<string, LoadedConfig>();

  configOf(index: number): ResolvedConfig {
    const target = this.job.targets[index];
    let loaded = this.roots.get(target.root);
    if (!loaded) this.roots.set(target.root, (loaded = this.loader.forRoot(target.root)));
    return this.loader.forFile(loaded, target.absolutePath);
  }

  analyse(index: number): FileOutcome {
    const target = this.job.targets[index];
    if (!this.partial && fileKindOf(target.absolutePath) !== 'dockerfile') this.partialManifests();
    const notes: string[] = [];
    const shown = displayPath(target.absolutePath, this.job.cwd);
    const source = readSource(target.absolutePath);
    if (source.kind === 'unreadable') return { index, notes: [`cannot read ${shown}: ${source.reason}`] };
    if (target.context) {
      // a build context's ignore file: only its summary, for the cross-file rules
      if (source.kind !== 'text') return { index, notes };
      return { index, summary: this.engine.analyze({ text: source.text, fileName: shown }, this.configOf(index), this.view).summary, notes };
    }
    const report: FileReport = { path: shown, absolutePath: target.absolutePath, findings: [], fixesApplied: 0 };
    if (source.kind === 'skipped') {
      report.findings = [source.finding];
      return { index, report: store(report), notes };
    }
    const config = this.configOf(index);
    let last: { text: string; summary: FileSummary } | undefined;
    const analyse = (text: string): Finding[] => {
      const analysis = this.engine.analyze({ text, fileName: shown }, config, this.view);
      last = { text, summary: analysis.summary };
      return analysis.findings;
    };
    report.findings = analyse(source.text);
    const original = last!;
    if (!this.job.fix || !report.findings.some((f) => safeFixOf(f))) return { index, report: store(report), summary: original.summary, notes };
    const outcome = applySafeFixes(source.text, report.findings, analyse);
    if (!outcome.applied) return { index, report: store(report), summary: original.summary, notes };
    try {
      writeFileAtomically(target.absolutePath, (source.bom ? '\ufeff' : '') + outcome.text);
    } catch (e) {
      notes.push(`cannot write the fixes to ${shown}: ${describeError(e)}`);
      return { index, report: store(report), summary: original.summary, notes };
    }
    // the last round may have been rejected: the summary must be that of the text kept
    if (last!.text !== outcome.text) analyse(outcome.text);
    report.findings = outcome.findings;
    report.fixesApplied = outcome.applied;
    return { index, report: store(report), summary: last!.summary, notes };
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const NO_FINDINGS = new Uint8Array(0);

function store(report: FileReport): StoredReport {
  const { findings } = report;
  return {
    path: report.path, absolutePath: report.absolutePath, fixesApplied: report.fixesApplied, counts: countFindings(findings),
    ...(findings.length ? encodeFindings(findings) : { findings: NO_FINDINGS }),
  };
}

/**
 * `JSON.stringify(findings)` as UTF-8 bytes, encoded in one go (an encoding per finding costs more than the JSON), with
 * the layout that tells where each finding is (see `StoredReport.layout`).
 */
function encodeFindings(findings: readonly Finding[]): { findings: Uint8Array; layout: Int32Array } {
  // the list in one piece (a fifth faster than a finding at a time), then where each finding ends: every finding is an
  // object whose first key is `ruleId` (Engine.finish), and a quote inside a JSON string is always escaped, so
  // `},{"ruleId":` occurs between two findings and nowhere else
  const bytes = encoder.encode(JSON.stringify(findings));
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const layout = new Int32Array(findings.length * SLOTS);
  const last = findings.length - 1;
  let from = 1;
  for (let k = 0; k <= last; k++) {
    const f = findings[k];
    const end = k < last ? view.indexOf(BETWEEN_FINDINGS, from) + 1 : bytes.length - 1;
    if (end <= 0) return encodeFindingByFinding(findings);
    from = end + 1;
    place(layout, k, end, f);
  }
  return { findings: bytes, layout };
}

const BETWEEN_FINDINGS = Buffer.from('},{"ruleId":');

/** The same, a finding at a time: for a list whose findings do not all start with `ruleId` (none does today). */
function encodeFindingByFinding(findings: readonly Finding[]): { findings: Uint8Array; layout: Int32Array } {
  const parts = findings.map((f) => JSON.stringify(f));
  const text = `[${parts.join(',')}]`;
  const bytes = encoder.encode(text);
  const layout = new Int32Array(findings.length * SLOTS);
  const ascii = bytes.length === text.length;
  let end = 0;
  findings.forEach((f, k) => {
    end += 1 + (ascii ? parts[k].length : Buffer.byteLength(parts[k]));
    place(layout, k, end, f);
  });
  return { findings: bytes, layout };
}

/** Finding `k` in a layout: the offset just past its JSON, then its range. */
function place(layout: Int32Array, k: number, end: number, f: Finding): void {
  const at = k * SLOTS;
  layout[at] = end;
  layout[at + 1] = f.range.start.line;
  layout[at + 2] = f.range.start.character;
  layout[at + 3] = f.range.end.line;
  layout[at + 4] = f.range.end.character;
}

/** Where finding `k` of an encoded list starts and ends in its bytes (the `[` and the commas left out). */
function startIn(layout: Int32Array, k: number): number {
  return k === 0 ? 1 : layout[(k - 1) * SLOTS] + 1;
}

function endIn(layout: Int32Array, k: number): number {
  return layout[k * SLOTS];
}

/**
 * The report with `more` findings added in the engine's order (by range, rule id, message; a stored finding before an
 * added one that compares equal), as `JSON.stringify` of the whole list would write it: the stored findings' bytes are
 * copied as they are, and only those whose range equals an added one's are read back to compare.
 */
export function withFindings(stored: StoredReport, more: readonly Finding[]): StoredReport {
  const added = [...more].sort(compareFindings);
  const { findings: bytes } = stored;
  const layout = stored.layout ?? new Int32Array(0);
  const n = layout.length / SLOTS;
  const compareStored = (k: number, f: Finding): number => {
    const at = k * SLOTS;
    const byRange = layout[at + 1] - f.range.start.line || layout[at + 2] - f.range.start.character
      || layout[at + 3] - f.range.end.line || layout[at + 4] - f.range.end.character;
    if (byRange) return byRange;
    return compareFindings(JSON.parse(decoder.decode(bytes.subarray(startIn(layout, k), endIn(layout, k)))) as Finding, f);
  };
  const extra = encodeFindings(added);
  // pieces of the new list: runs of stored findings (their bytes with the commas between them) and added findings
  const pieces: Uint8Array[] = [];
  let k = 0;
  added.forEach((f, i) => {
    const from = k;
    while (k < n && compareStored(k, f) <= 0) k++;
    if (k > from) pieces.push(bytes.subarray(startIn(layout, from), endIn(layout, k - 1)));
    pieces.push(extra.findings.subarray(startIn(extra.layout, i), endIn(extra.layout, i)));
  });
  if (k < n) pieces.push(bytes.subarray(startIn(layout, k), endIn(layout, n - 1)));
  let length = 1 + pieces.length;
  for (const p of pieces) length += p.length;
  const out = new Uint8Array(length);
  out[0] = 0x5b; // [
  let at = 1;
  pieces.forEach((p, i) => {
    if (i) out[at++] = 0x2c; // ,
    out.set(p, at);
    at += p.length;
  });
  out[at] = 0x5d; // ]
  const counts = countFindings(added);
  const before = stored.counts;
  return {
    path: stored.path, absolutePath: stored.absolutePath, fixesApplied: stored.fixesApplied, findings: out,
    counts: {
      errors: before.errors + counts.errors, warnings: before.warnings + counts.warnings, infos: before.infos + counts.infos,
      fixable: before.fixable + counts.fixable, worst: Math.max(before.worst, counts.worst),
    },
  };
}

export function restore(stored: StoredReport): FileReport {
  return {
    path: stored.path, absolutePath: stored.absolutePath, fixesApplied: stored.fixesApplied,
    findings: stored.findings.length ? (JSON.parse(decoder.decode(stored.findings)) as Finding[]) : [],
  };
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { errors: 0, warnings: 0, infos: 0, fixable: 0, worst: 0 };
  for (const f of findings) {
    if (f.severity === 'error') counts.errors++;
    else if (f.severity === 'warning') counts.warnings++;
    else counts.infos++;
    if (safeFixOf(f)) counts.fixable++;
    counts.worst = Math.max(counts.worst, SEVERITY_RANK[f.severity]);
  }
  return counts;
}
