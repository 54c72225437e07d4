import { parseArgs } from 'node:util';
import { PRESETS, type PresetName } from '../rules/index.js';

/** Raised for anything the user typed wrong: the CLI prints the message and exits with 2. */
export class UsageError extends Error {}

export type ScanFormat = 'text' | 'json' | 'sarif';
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
}

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'version' }
  | { name: 'scan'; options: ScanOptions }
  | { name: 'rules'; format: 'text' | 'json' | 'markdown' }
  | { name: 'explain'; id: string };

export const USAGE = `Usage: palisade <command> [options]

Commands:
  scan [paths…]        Scan Dockerfiles and Kubernetes YAML/JSON (files or folders; default: .)
  rules                List the rules
  explain <rule-id>    Explain a rule: what, why, how to fix, standards

Scan options:
  --format text|json|sarif       Output format (default: text)
  --output FILE, -o FILE         Write the report to FILE instead of stdout
  --config FILE                  Use this configuration instead of the nearest .palisade.yaml
  --preset NAME                  Rule set, replaces the configuration's "extends" (repeatable):
                                 ${PRESETS.join(', ')}
  --rule ID=LEVEL                Set a rule to off, info, warning or error (repeatable)
  --fail-on error|warning|info|never
                                 Lowest severity that makes the exit code 1 (default: error)
  --fix                          Apply safe fixes in place (edits that cannot change what runs)

Rules options:
  --format text|json|markdown    Output format (default: text)

Other:
  --help, -h                     Show this help
  --version, -v                  Show the version

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or configuration error.
`;

const FORMATS: readonly ScanFormat[] = ['text', 'json', 'sarif'];
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
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        preset: { type: 'string', multiple: true },
        rule: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        fix: { type: 'boolean' },
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
  scanOnly('--config', values.config !== undefined);
  scanOnly('--preset', values.preset !== undefined);
  scanOnly('--rule', values.rule !== undefined);
  scanOnly('--fail-on', values['fail-on'] !== undefined);
  scanOnly('--fix', values.fix !== undefined);
  switch (name) {
    case 'scan': {
      const format = values.format ?? 'text';
      if (!FORMATS.includes(format as ScanFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}".`);
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
      return {
        name: 'scan',
        options: {
          paths: rest.length ? rest : ['.'],
          format: format as ScanFormat,
          config: values.config,
          presets: presets as PresetName[],
          rules,
          failOn: failOn as FailOn,
          fix: values.fix ?? false,
          output: values.output,
        },
      };
    }
    case 'rules': {
      if (rest.length) throw new UsageError(`"palisade rules" takes no arguments (got ${rest.join(' ')}).`);
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, not "${format}".`);
      return { name: 'rules', format };
    }
    case 'explain': {
      if (values.format !== undefined) throw new UsageError('"palisade explain" takes no --format.');
      if (rest.length !== 1) throw new UsageError('Usage: palisade explain <rule-id>');
      return { name: 'explain', id: rest[0] };
    }
    default:
      throw new UsageError(`Unknown command "${name}".`);
  }
}
