import fs from 'node:fs';
import path from 'node:path';
import { builtinRules, lint, type Finding, type WorkspaceView } from '../rules/index.js';
import { UsageError, type ScanOptions } from './arguments.js';
import { ConfigLoader, displayPath, type LoadedConfig } from './config-loader.js';
import { describeError, findFiles, type ScanTarget } from './find-files.js';
import { JsonReporter } from './format-json.js';
import { SarifReporter } from './format-sarif.js';
import { TextReporter } from './format-text.js';
import { OutputSink } from './output-sink.js';
import { PRODUCT_VERSION } from './product.js';
import { readSource, type Source } from './read-source.js';
import { SEVERITY_RANK, emptySummary, type Reporter, type ScanSummary } from './report.js';
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

/** A file read and ready to lint. */
interface ReadFile {
  target: ScanTarget;
  path: string;
  source: Source;
}

/**
 * `palisade scan`: find the files, read them all, lint each once, apply safe fixes when asked, stream the report and
 * return the exit code (0 clean, 1 findings at or above `--fail-on`). Throws `UsageError` / `ConfigError` (exit 2).
 */
export function runScan(options: ScanOptions, io: ScanEnvironment): number {
  const loader = new ConfigLoader({ config: options.config, presets: options.presets, rules: options.rules }, io.cwd);
  const targets = collectTargets(options.paths, loader, io);
  for (const w of loader.warnings) io.note(w);

  // Every file is read before any is linted: cross-file rules need the whole set as a workspace view.
  const files: (ReadFile | undefined)[] = [];
  for (const target of targets) {
    const source = readSource(target.absolutePath);
    const shown = displayPath(target.absolutePath, io.cwd);
    if (source.kind === 'unreadable') {
      io.note(`cannot read ${shown}: ${source.reason}`);
      continue;
    }
    files.push({ target, path: shown, source });
  }
  const workspace = workspaceOf(files);

  const sink = options.output !== undefined ? openOutput(options.output, io.cwd) : OutputSink.stdout(io.stdout);
  const color = options.output === undefined && options.format === 'text' && !!io.stdout.isTTY && !io.env.NO_COLOR;
  const reporter = createReporter(options.format, sink, color);
  reporter.begin({ cwd: io.cwd, rules: enabledRules(files), fixing: options.fix });

  const summary = emptySummary();
  let worst = 0;
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    files[i] = undefined; // let the text go once reported
    const { findings, text, fixesApplied } = lintFile(file, options.fix, workspace, io);
    reporter.file({ path: file.path, absolutePath: file.target.absolutePath, text, findings, fixesApplied });
    tally(summary, findings, fixesApplied);
    for (const f of findings) worst = Math.max(worst, SEVERITY_RANK[f.severity]);
  }
  reporter.end(summary);
  sink.close();
  if (options.failOn === 'never') return 0;
  return worst >= SEVERITY_RANK[options.failOn] ? 1 : 0;
}

function collectTargets(paths: readonly string[], loader: ConfigLoader, io: ScanEnvironment): ScanTarget[] {
  const seen = new Set<string>();
  const targets: ScanTarget[] = [];
  for (const p of paths) {
    const absolute = path.resolve(io.cwd, p);
    if (!fs.existsSync(absolute)) throw new UsageError(`No such file or folder: ${p}`);
    const config: LoadedConfig = loader.forRoot(absolute);
    for (const t of findFiles(absolute, config, (m) => io.note(m))) {
      if (seen.has(t.absolutePath)) continue;
      seen.add(t.absolutePath);
      targets.push(t);
    }
  }
  return targets;
}

function lintFile(file: ReadFile, fix: boolean, workspace: WorkspaceView | undefined, io: ScanEnvironment): { findings: Finding[]; text: string | undefined; fixesApplied: number } {
  const { source } = file;
  if (source.kind === 'skipped') return { findings: [source.finding], text: undefined, fixesApplied: 0 };
  if (source.kind !== 'text') return { findings: [], text: undefined, fixesApplied: 0 };
  const config = file.target.config.resolved;
  const run = (text: string): Finding[] => lint({ text, fileName: file.path }, config, workspace);
  const findings = run(source.text);
  if (!fix || !findings.some((f) => safeFixOf(f))) return { findings, text: source.text, fixesApplied: 0 };
  const outcome = applySafeFixes(source.text, findings, run);
  if (!outcome.applied) return { findings, text: source.text, fixesApplied: 0 };
  try {
    writeFileAtomically(file.target.absolutePath, (source.bom ? '\ufeff' : '') + outcome.text);
  } catch (e) {
    io.note(`cannot write the fixes to ${file.path}: ${describeError(e)}`);
    return { findings, text: source.text, fixesApplied: 0 };
  }
  return { findings: outcome.findings, text: outcome.text, fixesApplied: outcome.applied };
}

/**
 * The workspace view that cross-file rules read. The engine does not offer a builder yet, so the CLI passes none and
 * those rules stay quiet; this is the one place to build it from the files read above.
 */
function workspaceOf(_files: readonly (ReadFile | undefined)[]): WorkspaceView | undefined {
  return undefined;
}

/** The rules enabled for at least one scanned file, in registry order (one configuration is the common case). */
function enabledRules(files: readonly (ReadFile | undefined)[]) {
  const configs = new Set(files.map((f) => f!.target.config.resolved));
  return builtinRules.filter((r) => [...configs].some((c) => c.rules.has(r.meta.id)));
}

function createReporter(format: ScanOptions['format'], sink: OutputSink, color: boolean): Reporter {
  switch (format) {
    case 'json': return new JsonReporter(sink, PRODUCT_VERSION);
    case 'sarif': return new SarifReporter(sink, PRODUCT_VERSION);
    default: return new TextReporter(sink, color);
  }
}

function openOutput(file: string, cwd: string): OutputSink {
  try {
    return OutputSink.file(path.resolve(cwd, file));
  } catch (e) {
    throw new UsageError(`Cannot write ${file}: ${describeError(e)}`);
  }
}

function tally(summary: ScanSummary, findings: readonly Finding[], fixesApplied: number): void {
  summary.filesScanned++;
  if (findings.length) summary.filesWithFindings++;
  summary.findings += findings.length;
  for (const f of findings) {
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.infos++;
    if (safeFixOf(f)) summary.fixable++;
  }
  if (fixesApplied) {
    summary.fixesApplied += fixesApplied;
    summary.filesFixed++;
  }
}

