import fs from 'node:fs';
import path from 'node:path';
import {
  WorkspaceIndex, builtinRules, defaultEngine, mergeFindings,
  type CompiledCustomRule, type ResolvedConfig,
} from '../rules/index.js';
import { UsageError, type ScanOptions } from './arguments.js';
import { ConfigLoader, displayPath, type ConfigFlags } from './config-loader.js';
import { findFiles, type FindOptions, type ScanTarget } from './find-files.js';
import { BaselineFilter, BaselineRecorder } from './baseline.js';
import { openReportOutputs } from './report-outputs.js';
import { SEVERITY_RANK, emptySummary, type ReportContext, type ScanSummary } from './report.js';
import { ScanThreads } from './scan-pool.js';
import {
  FileAnalyser, NO_FINDINGS, countFindings, restore, withFindings,
  type FileOutcome, type FindingCounts, type ScanJob, type StoredReport,
} from './scan-work.js';

/** Where a scan reads and writes; the defaults are the process's own. */
export interface ScanEnvironment {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Notes for the user (unreadable files, configuration warnings): never part of the report. */
  note(message: string): void;
  /** Raw text for stderr (the usage). */
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** A file analysed, with the configuration it ran with. */
interface ScannedFile {
  /** As shown in reports, and the file name the engine and the workspace index know it by. */
  path: string;
  config: ResolvedConfig;
}

/**
 * `palisade scan`: find the files, read and analyse each once (its own findings and its summary for the workspace
 * index; on every core for a large scan, see scan-pool.ts), apply safe fixes when asked, add the cross-file findings
 * once every file is known, then stream the report. Resolves to the exit code (0 clean, 1 findings at or above
 * `--fail-on`); throws `UsageError` or `ConfigError` (exit 2).
 */
export async function runScan(options: ScanOptions, io: ScanEnvironment): Promise<number> {
  const flags = { config: options.config, presets: options.presets, rules: options.rules };
  const loader = new ConfigLoader(flags, io.cwd);
  const threads = new ScanThreads(io.env);
  try {
    return await scanWith(threads, options, io, flags, loader);
  } finally {
    threads.close();
  }
}

async function scanWith(threads: ScanThreads, options: ScanOptions, io: ScanEnvironment, flags: ConfigFlags, loader: ConfigLoader): Promise<number> {
  let count = 0;
  const found = collectTargets(options.paths, loader, io, { gitignore: options.gitignore, found: () => threads.found(++count) });
  for (const w of loader.warnings) io.note(w);
  // the baselines and outputs are opened before the work starts, so a bad file fails fast
  const baseline = options.baseline !== undefined ? BaselineFilter.load(options.baseline, io.cwd) : undefined;
  const recorder = options.writeBaseline !== undefined ? new BaselineRecorder(options.writeBaseline, io.cwd) : undefined;
  const outputs = openReportOutputs(options.outputs, options.paths, io);

  // Each file on its own first (only its findings and its summary stay in memory); cross-file rules wait until the
  // workspace index holds every file.
  const targets = found.map(({ target }) => target);
  const job: ScanJob = {
    flags, cwd: io.cwd, fix: options.fix,
    targets: found.map(({ target, root }) => ({ absolutePath: target.absolutePath, root, ...(target.context ? { context: true as const } : {}) })),
  };
  const analyser = new FileAnalyser(job, loader);
  const engine = defaultEngine();
  const index = new WorkspaceIndex([], { complete: false });
  const files: ScannedFile[] = [];
  const reports: StoredReport[] = [];
  // outcomes arrive in any order and are taken in scan order (notes, the index and the report are the same whatever
  // the threads did), each as soon as those before it are in, so that little is left for after the last file
  const outcomes: (FileOutcome | undefined)[] = new Array(targets.length);
  let next = 0;
  await threads.analyseAll(job, analyser, (o) => {
    outcomes[o.index] = o;
    for (let outcome = outcomes[next]; outcome; outcome = outcomes[next]) {
      outcomes[next] = undefined;
      for (const n of outcome.notes) io.note(n);
      if (outcome.summary) index.update(outcome.summary);
      if (outcome.report) {
        files.push({ path: outcome.report.path, config: analyser.configOf(next) });
        reports.push(outcome.report);
      }
      next++;
    }
  });
  for (const p of analyser.partialManifests()) index.setPartialManifest(p, true);
  index.complete = true;
  const configOf = new Map(files.map((f) => [f.path, f.config]));
  const crossFile = engine.lintWorkspace(index, (fileName) => configOf.get(fileName));

  const reporter = outputs.reporter;
  reporter.begin(reportContext(files, options, io));
  const summary: ScanSummary = { ...emptySummary(), ...(baseline ? { baselined: 0 } : {}) };
  let worst = 0;
  // the common case writes a file's findings as the analysis encoded them; cross-file findings, a baseline or a second
  // format need them as objects again
  const direct = !baseline && !recorder && reporter.fileJson ? reporter.fileJson.bind(reporter) : undefined;
  for (let i = 0; i < reports.length; i++) {
    const stored = reports[i];
    reports[i] = RELEASED_REPORT;
    const extra = crossFile.get(stored.path);
    if (direct) {
      const report = extra?.length ? withFindings(stored, extra) : stored;
      direct(report);
      tallyCounts(summary, report.counts, report.fixesApplied);
      worst = Math.max(worst, report.counts.worst);
      continue;
    }
    const report = restore(stored);
    if (extra?.length) report.findings = mergeFindings(report.findings, extra);
    recorder?.add(report);
    if (baseline) {
      const before = report.findings.length;
      report.findings = baseline.filter(report).findings;
      summary.baselined! += before - report.findings.length;
    }
    reporter.file(report);
    const counts = countFindings(report.findings);
    tallyCounts(summary, counts, report.fixesApplied);
    worst = Math.max(worst, counts.worst);
  }
  reporter.end(summary);
  outputs.close();
  if (baseline) {
    if (baseline.accepted) io.note(`${baseline.accepted} finding${baseline.accepted === 1 ? '' : 's'} in the baseline ${options.baseline} not reported`);
    if (baseline.gone) io.note(`${baseline.gone} baselined finding${baseline.gone === 1 ? ' no longer occurs' : 's no longer occur'}: refresh the baseline with --write-baseline ${options.baseline}`);
  }
  if (recorder) {
    recorder.write();
    io.note(`recorded ${recorder.size} finding${recorder.size === 1 ? '' : 's'} in ${options.writeBaseline}`);
    return 0;
  }
  if (options.failOn === 'never') return 0;
  return worst >= SEVERITY_RANK[options.failOn] ? 1 : 0;
}

/** The files to scan, each with the root (a scanned path, absolute) it was found under. */
function collectTargets(paths: readonly string[], loader: ConfigLoader, io: ScanEnvironment, options: FindOptions): { target: ScanTarget; root: string }[] {
  const seen = new Set<string>();
  const targets: { target: ScanTarget; root: string }[] = [];
  for (const p of paths) {
    const absolute = path.resolve(io.cwd, p);
    if (!fs.existsSync(absolute)) throw new UsageError(`No such file or folder: ${p}`);
    const config = loader.forRoot(absolute);
    for (const t of findFiles(absolute, config, (m) => io.note(m), options)) {
      if (seen.has(t.absolutePath)) continue;
      seen.add(t.absolutePath);
      targets.push({ target: t, root: absolute });
    }
  }
  return targets;
}

/** A report once it has been written out. */
const RELEASED_REPORT: StoredReport = { path: '', absolutePath: '', findings: NO_FINDINGS, fixesApplied: 0, counts: countFindings([]) };

/** The rules that may report: enabled for at least one scanned file (one configuration is the common case). */
function reportContext(files: readonly ScannedFile[], options: ScanOptions, io: ScanEnvironment): ReportContext {
  const configs = [...new Set(files.map((f) => f.config))];
  const customRules = new Map<string, CompiledCustomRule>();
  for (const c of configs) for (const r of c.customRules ?? []) if (!customRules.has(r.id)) customRules.set(r.id, r);
  return {
    cwd: io.cwd,
    rules: builtinRules.filter((r) => configs.some((c) => c.rules.has(r.meta.id))),
    customRules: [...customRules.values()],
    fixing: options.fix,
  };
}

function tallyCounts(summary: ScanSummary, counts: FindingCounts, fixesApplied: number): void {
  const findings = counts.errors + counts.warnings + counts.infos;
  summary.filesScanned++;
  if (findings) summary.filesWithFindings++;
  summary.findings += findings;
  summary.errors += counts.errors;
  summary.warnings += counts.warnings;
  summary.infos += counts.infos;
  summary.fixable += counts.fixable;
  if (fixesApplied) {
    summary.fixesApplied += fixesApplied;
    summary.filesFixed++;
  }
}
