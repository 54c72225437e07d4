import path from 'node:path';
import { parseArgs } from 'node:util';
import { PRESETS, type PresetName } from '../rules/index.js';
import type { CheckConfigOptions } from './check-config.js';

/** Raised for anything the user typed wrong: the CLI prints the message and exits with 2. */
export class UsageError extends Error {}

export type ScanFormat = 'text' | 'json' | 'sarif' | 'junit' | 'github' | 'html';
export type FailOn = 'error' | 'warning' | 'info' | 'never';

export interface ScanOptions {
  paths: string[];
  format: ScanFormat;
  config: string | undefined;
  presets: PresetName[];
  /** `--rule id=level` in the order given (later ones win). */
  rules: { id: string; level: string }[];
  failOn: FailOn;
  fix: boolean;
  output: string | undefined;
  /** Every report to write: `--format` may be repeated, each with its own file (`sarif:palisade.sarif`). */
  outputs: ReportOutput[];
  /** `--baseline FILE`: report only findings that are not in it. */
  baseline: string | undefined;
  /** `--write-baseline FILE`: record every finding of this scan. */
  writeBaseline: string | undefined;
  /** False with `--no-gitignore`: folders are walked without reading their `.gitignore` files. */
  gitignore: boolean;
}

/** One report of a scan: its format and its file (undefined: stdout). */
export interface ReportOutput {
  format: ScanFormat;
  file: string | undefined;
}

/** `palisade init`: the preset of the `.palisade.yaml` it writes, and whether it may replace one. */
export interface InitOptions {
  preset: PresetName;
  force: boolean;
  /** The folder to write `.palisade.yaml` to (default: the working directory). */
  dir: string;
}

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'version' }
  | { name: 'scan'; options: ScanOptions }
  | { name: 'rules'; format: 'text' | 'json' | 'markdown' }
  | { name: 'explain'; id: string }
  | { name: 'init'; options: InitOptions }
  | { name: 'check-config'; options: CheckConfigOptions };

export const USAGE = `Usage: palisade <command> [options]

Commands:
  scan [paths…]        Scan Dockerfiles and Kubernetes YAML/JSON (files or folders; default: .)
  rules                List the rules
  explain <rule-id>    Explain a rule: what, why, how to fix, standards
  init [folder]        Write a commented .palisade.yaml and print CI jobs (GitHub Actions, GitLab CI)
  check-config [file]  Validate a configuration file and its custom rules (default: the nearest
                       .palisade.yaml); exit 2 on any error ("palisade help check-config")

Scan options:
  --format FORMAT[:FILE]         Output format: text (default), json, sarif, junit, github, html (a
                                 self-contained posture report). Repeat for several reports; FORMAT:FILE
                                 writes that one to FILE
  --output FILE, -o FILE         Write the report to FILE instead of stdout
  --baseline FILE                Report only findings that are not in this baseline
  --write-baseline FILE          Record every finding of this scan in FILE (then exit 0)
  --config FILE                  Use this configuration instead of the nearest .palisade.yaml
  --preset NAME                  Rule set, replaces the configuration's "extends" (repeatable):
                                 ${PRESETS.join(', ')}
  --rule ID=LEVEL                Set a rule to off, info, warning or error (repeatable)
  --fail-on error|warning|info|never
                                 Lowest severity that makes the exit code 1 (default: error)
  --fix                          Apply safe fixes in place (edits that cannot change what runs)
  --no-gitignore                 Also scan what .gitignore files ignore (rendered manifests, build output)

Init options:
  --preset NAME                  The rule set of the .palisade.yaml (default: recommended)
  --force                        Replace an existing .palisade.yaml

Rules options:
  --format text|json|markdown    Output format (default: text)

Check-config options:
  --format text|json             Output format (default: text)

Other:
  --help, -h                     Show this help
  --version, -v                  Show the version

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or configuration error.
`;

/** `palisade help check-config`. */
export const CHECK_CONFIG_USAGE = `Usage: palisade check-config [file] [--format text|json]

Validate a Palisade configuration file the way "palisade scan" and the editor read it: its YAML, every key and
value against the configuration schema, rule ids (with the closest known id), presets, globs, and custom rules
(ids unique and not reserved, schemas that compile, regular expressions screened for catastrophic backtracking).

Without a file, the nearest .palisade.yaml, .palisade.yml or palisade.config.yaml is checked, found from the
current folder upward to the repository root (the folder holding .git), as "palisade scan" finds it.

Output: one line per problem, "file:line:col  severity  message", then a summary line; --format json prints
{file, valid, errors, warnings, problems: [{severity, message, line, column, endLine, endColumn}]} (1-based).

Exit codes: 0 the file is valid (warnings are printed), 2 it has errors, or no file was found or readable.
`;

/** The help text for `palisade help <topic>` (the general usage for anything else). */
export function usageOf(topic: string | undefined): string {
  return topic === 'check-config' ? CHECK_CONFIG_USAGE : USAGE;
}

const FORMATS: readonly ScanFormat[] = ['text', 'json', 'sarif', 'junit', 'github', 'html'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

/** Turn argv (without `node` and the script) into a command. Throws `UsageError` on anything invalid. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', multiple: true },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        preset: { type: 'string', multiple: true },
        rule: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        fix: { type: 'boolean' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'no-gitignore': { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || name === 'help') return { name: 'help', topic: name === 'help' ? rest[0] : name };
  if (values.version || name === 'version') return { name: 'version' };
  if (name === undefined) throw new UsageError('No command given.');
  const scanOnly = (flag: string, present: boolean): void => {
    if (present && name !== 'scan') throw new UsageError(`${flag} is an option of "palisade scan".`);
  };
  scanOnly('--output', values.output !== undefined);
  scanOnly('--config', values.config !== undefined && name !== 'check-config');
  scanOnly('--preset', values.preset !== undefined && name !== 'init');
  scanOnly('--rule', values.rule !== undefined);
  scanOnly('--fail-on', values['fail-on'] !== undefined);
  scanOnly('--fix', values.fix !== undefined);
  scanOnly('--baseline', values.baseline !== undefined);
  scanOnly('--write-baseline', values['write-baseline'] !== undefined);
  scanOnly('--no-gitignore', values['no-gitignore'] !== undefined);
  if (values.force !== undefined && name !== 'init') throw new UsageError('--force is an option of "palisade init".');
  switch (name) {
    case 'scan': {
      const outputs = parseOutputs(values.format ?? [], values.output);
      const failOn = values['fail-on'] ?? 'error';
      if (!FAIL_ON.includes(failOn as FailOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}".`);
      const presets = (values.preset ?? []).flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
      for (const p of presets) {
        if (!(PRESETS as readonly string[]).includes(p)) throw new UsageError(`Unknown preset "${p}". Presets: ${PRESETS.join(', ')}.`);
      }
      const rules = (values.rule ?? []).map((r) => {
        const eq = r.indexOf('=');
        if (eq <= 0) throw new UsageError(`--rule wants ID=LEVEL (e.g. k8s/no-privileged=off), not "${r}".`);
        return { id: r.slice(0, eq).trim(), level: r.slice(eq + 1).trim() };
      });
      if (values.output === '') throw new UsageError('--output needs a file name.');
      if (values.baseline === '' || values['write-baseline'] === '') throw new UsageError('--baseline and --write-baseline need a file name.');
      return {
        name: 'scan',
        options: {
          paths: rest.length ? rest : ['.'],
          format: outputs[0].format,
          config: values.config,
          presets: presets as PresetName[],
          rules,
          failOn: failOn as FailOn,
          fix: values.fix ?? false,
          output: values.output,
          outputs,
          baseline: values.baseline,
          writeBaseline: values['write-baseline'],
          gitignore: !values['no-gitignore'],
        },
      };
    }
    case 'rules': {
      if (rest.length) throw new UsageError(`"palisade rules" takes no arguments (got ${rest.join(' ')}).`);
      if ((values.format?.length ?? 0) > 1) throw new UsageError('"palisade rules" takes one --format.');
      const format = values.format?.[0] ?? 'text';
      if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, not "${format}".`);
      return { name: 'rules', format };
    }
    case 'explain': {
      if (values.format !== undefined) throw new UsageError('"palisade explain" takes no --format.');
      if (rest.length !== 1) throw new UsageError('Usage: palisade explain <rule-id>');
      return { name: 'explain', id: rest[0] };
    }
    case 'init': {
      if (values.format !== undefined) throw new UsageError('"palisade init" takes no --format.');
      if (rest.length > 1) throw new UsageError('Usage: palisade init [folder] [--preset NAME] [--force]');
      const presets = (values.preset ?? []).flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
      if (presets.length > 1) throw new UsageError('"palisade init" takes one --preset.');
      const preset = presets[0] ?? 'recommended';
      if (!(PRESETS as readonly string[]).includes(preset)) throw new UsageError(`Unknown preset "${preset}". Presets: ${PRESETS.join(', ')}.`);
      return { name: 'init', options: { preset: preset as PresetName, force: values.force ?? false, dir: rest[0] ?? '.' } };
    }
    case 'check-config': {
      if (rest.length > 1 || (rest.length === 1 && values.config !== undefined)) throw new UsageError('Usage: palisade check-config [file] [--format text|json]');
      if ((values.format?.length ?? 0) > 1) throw new UsageError('"palisade check-config" takes one --format.');
      const format = values.format?.[0] ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}".`);
      if (values.config === '') throw new UsageError('--config needs a file name.');
      return { name: 'check-config', options: { file: rest[0] ?? values.config, format } };
    }
    default:
      throw new UsageError(`Unknown command "${name}".`);
  }
}

/**
 * The reports of `--format` values: `FORMAT` or `FORMAT:FILE`, repeated or comma-separated. A format without a file
 * of its own writes to `--output` (else stdout); two reports never share a destination.
 */
export function parseOutputs(values: readonly string[], output: string | undefined): ReportOutput[] {
  const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (!items.length) items.push('text');
  const outputs = items.map((item): ReportOutput => {
    const colon = item.indexOf(':');
    const format = colon < 0 ? item : item.slice(0, colon);
    if (!FORMATS.includes(format as ScanFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}".`);
    const file = colon < 0 ? output : item.slice(colon + 1);
    if (file === '') throw new UsageError(`--format ${format}: needs a file name after the colon.`);
    return { format: format as ScanFormat, file };
  });
  const taken = new Map<string, string>();
  for (const o of outputs) {
    const where = o.file === undefined ? 'stdout' : path.resolve(o.file);
    const other = taken.get(where);
    if (other !== undefined) {
      throw new UsageError(`--format ${other} and --format ${o.format} would both write to ${o.file ?? 'stdout'}: give one a file of its own (e.g. --format ${o.format}:palisade.${o.format === 'junit' ? 'xml' : o.format}).`);
    }
    taken.set(where, o.format);
  }
  return outputs;
}
