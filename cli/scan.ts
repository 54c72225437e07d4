import fs from 'node:fs';
import path from 'node:path';
import {
  WorkspaceIndex, builtinRules, compareRanges, defaultEngine,
  type CompiledCustomRule, type FileSummary, type Finding, type ResolvedConfig,
} from '../rules/index.js';
import { UsageError, type ScanOptions } from './arguments.js';
import { ConfigLoader, displayPath } from './config-loader.js';
import { describeError, findFiles, type ScanTarget } from './find-files.js';
import { BaselineFilter, BaselineRecorder } from './baseline.js';
import { readSource, type Source } from './read-source.js';
import { openReportOutputs } from './report-outputs.js';
import { SEVERITY_RANK, emptySummary, type FileReport, type ReportContext, type ScanSummary } from './report.js';
import { applySafeFixes, safeFixOf } from './safe-fixes.js';
import { writeFileAtomically } from './write-file.js';

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

/** A file read and ready to lint, with the configuration it runs with. */
interface ReadFile {
  target: ScanTarget;
  /** As shown in reports, and the file name the engine and the workspace index know it by. */
  path: string;
  source: Source;
  config: ResolvedConfig;
}

/** What a file's source becomes once analysed: the text is not kept. */
const RELEASED: Source = { kind: 'unreadable', reason: 'released after analysis' };

/**
 * `palisade scan`: find the files, read and analyse each once (its own findings and its summary for the workspace
 * index), apply safe fixes when asked, add the cross-file findings once every file is known, then stream the report.
 * Returns the exit code (0 clean, 1 findings at or above `--fail-on`); throws `UsageError` or `ConfigError` (exit 2).
 */
export function runScan(options: ScanOptions, io: ScanEnvironment): number {
  const loader = new ConfigLoader({ config: options.config, presets: options.presets, rules: options.rules }, io.cwd);
  const targets = collectTargets(options.paths, loader, io);
  for (const w of loader.warnings) io.note(w);
  // the baselines and outputs are opened before the work starts, so a bad file fails fast
  const baseline = options.baseline !== undefined ? BaselineFilter.load(options.baseline, io.cwd) : undefined;
  const recorder = options.writeBaseline !== undefined ? new BaselineRecorder(options.writeBaseline, io.cwd) : undefined;
  const outputs = openReportOutputs(options.outputs, options.paths, io);

  // Each file on its own first, read and analysed in turn (only its findings and its summary stay in memory);
  // cross-file rules wait until the workspace index holds every file.
  const engine = defaultEngine();
  const index = new WorkspaceIndex([], { complete: false });
  const files: ReadFile[] = [];
  const reports: StoredReport[] = [];
  for (const target of targets) {
    const source = readSource(target.absolutePath);
    const shown = displayPath(target.absolutePath, io.cwd);
    if (source.kind === 'unreadable') {
      io.note(`cannot read ${shown}: ${source.reason}`);
      continue;
    }
    const file: ReadFile = { target, path: shown, source, config: loader.forFile(target.config, target.absolutePath) };
    const { report, summary } = analyseFile(file, options.fix, index, io);
    if (summary) index.update(summary);
    file.source = RELEASED;
    files.push(file);
    reports.push(store(report));
  }
  index.complete = true;
  const configOf = new Map(files.map((f) => [f.path, f.config]));
  const crossFile = engine.lintWorkspace(index, (fileName) => configOf.get(fileName));

  const reporter = outputs.reporter;
  reporter.begin(reportContext(files, options, io));
  const summary: ScanSummary = { ...emptySummary(), ...(baseline ? { baselined: 0 } : {}) };
  let worst = 0;
  for (let i = 0; i < reports.length; i++) {
    const report = restore(reports[i]);
    reports[i] = RELEASED_REPORT;
    const extra = crossFile.get(report.path);
    if (extra?.length) report.findings = [...report.findings, ...extra].sort(compareFindings);
    recorder?.add(report);
    if (baseline) {
      const before = report.findings.length;
      report.findings = baseline.filter(report).findings;
      summary.baselined! += before - report.findings.length;
    }
    reporter.file(report);
    tally(summary, report);
    for (const f of report.findings) worst = Math.max(worst, SEVERITY_RANK[f.severity]);
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

function collectTargets(paths: readonly string[], loader: ConfigLoader, io: ScanEnvironment): ScanTarget[] {
  const seen = new Set<string>();
  const targets: ScanTarget[] = [];
  for (const p of paths) {
    const absolute = path.resolve(io.cwd, p);
    if (!fs.existsSync(absolute)) throw new UsageError(`No such file or folder: ${p}`);
    const config = loader.forRoot(absolute);
    for (const t of findFiles(absolute, config, (m) => io.note(m))) {
      if (seen.has(t.absolutePath)) continue;
      seen.add(t.absolutePath);
      targets.push(t);
    }
  }
  return targets;
}

/**
 * One file's own findings (cross-file rules deferred to the complete index) and its summary; with `--fix`, the safe
 * fixes applied and the file written, and the findings and summary of the fixed text.
 */
function analyseFile(file: ReadFile, fix: boolean, index: WorkspaceIndex, io: ScanEnvironment): { report: FileReport; summary?: FileSummary } {
  const { source } = file;
  const report: FileReport = { path: file.path, absolutePath: file.target.absolutePath, findings: [], fixesApplied: 0 };
  if (source.kind === 'skipped') {
    report.findings = [source.finding];
    return { report };
  }
  if (source.kind !== 'text') return { report };
  const engine = defaultEngine();
  let last: { text: string; summary: FileSummary } | undefined;
  const analyse = (text: string): Finding[] => {
    const analysis = engine.analyze({ text, fileName: file.path }, file.config, index);
    last = { text, summary: analysis.summary };
    return analysis.findings;
  };
  const findings = analyse(source.text);
  report.findings = findings;
  if (!fix || !findings.some((f) => safeFixOf(f))) return { report, summary: last!.summary };
  const original = last!;
  const outcome = applySafeFixes(source.text, findings, analyse);
  if (!outcome.applied) return { report, summary: original.summary };
  try {
    writeFileAtomically(file.target.absolutePath, (source.bom ? '\ufeff' : '') + outcome.text);
  } catch (e) {
    io.note(`cannot write the fixes to ${file.path}: ${describeError(e)}`);
    return { report, summary: original.summary };
  }
  // the last round may have been rejected: the summary must be that of the text kept
  if (last!.text !== outcome.text) analyse(outcome.text);
  report.findings = outcome.findings;
  report.fixesApplied = outcome.applied;
  return { report, summary: last!.summary };
}

/**
 * A file's report while the other files are analysed: its findings as JSON text. Thousands of files' findings as
 * objects would be the largest live set of the scan, and the heap grows with the live set while the parsers churn.
 */
interface StoredReport {
  path: string;
  absolutePath: string;
  findings: string;
  fixesApplied: number;
}

const RELEASED_REPORT: StoredReport = { path: '', absolutePath: '', findings: '[]', fixesApplied: 0 };

function store(report: FileReport): StoredReport {
  return { ...report, findings: report.findings.length ? JSON.stringify(report.findings) : '[]' };
}

function restore(stored: StoredReport): FileReport {
  return { ...stored, findings: stored.findings === '[]' ? [] : (JSON.parse(stored.findings) as Finding[]) };
}

/** The engine's order: by range, then rule id, then message. */
function compareFindings(a: Finding, b: Finding): number {
  return compareRanges(a.range, b.range)
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
    || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** The rules that may report: enabled for at least one scanned file (one configuration is the common case). */
function reportContext(files: readonly ReadFile[], options: ScanOptions, io: ScanEnvironment): ReportContext {
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

function tally(summary: ScanSummary, report: FileReport): void {
  summary.filesScanned++;
  if (report.findings.length) summary.filesWithFindings++;
  summary.findings += report.findings.length;
  for (const f of report.findings) {
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.infos++;
    if (safeFixOf(f)) summary.fixable++;
  }
  if (report.fixesApplied) {
    summary.fixesApplied += report.fixesApplied;
    summary.filesFixed++;
  }
}
