import fs from 'node:fs';
import path from 'node:path';
import {
  CONFIG_FILE_NAMES, LineIndex, builtinRules, isLevel, mergeConfigs, parseConfigText, resolveConfig, suggest,
  type PalisadeConfig, type PresetName, type ResolvedConfig, type RuleEntry,
} from '../rules/index.js';
import { ExcludeMatcher } from './exclude-globs.js';

/** A configuration problem the user must fix; the CLI prints every problem and exits with 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The settings a scan runs with for one group of files. */
export interface LoadedConfig {
  /** The configuration file, when there is one. */
  file: string | undefined;
  resolved: ResolvedConfig;
  /** `exclude` globs, relative to `base`. */
  exclude: ExcludeMatcher;
  base: string;
}

/** What the command line says about configuration: applied over whatever file is found. */
export interface ConfigFlags {
  config: string | undefined;
  presets: PresetName[];
  rules: { id: string; level: string }[];
}

/**
 * Finds and loads configurations, once per configuration file: every scanned root that resolves to the same file
 * shares one `ResolvedConfig` object (the engine's caches key on it).
 */
export class ConfigLoader {
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly flagConfig: PalisadeConfig;
  /** Problems printed as warnings (the scan goes on). */
  readonly warnings: string[] = [];

  constructor(private readonly flags: ConfigFlags, private readonly cwd: string) {
    this.flagConfig = configFromFlags(flags);
  }

  /** The configuration for files under `root` (a scanned file or folder). Throws `ConfigError`. */
  forRoot(root: string): LoadedConfig {
    const file = this.flags.config !== undefined
      ? path.resolve(this.cwd, this.flags.config)
      : findConfigFile(isDirectory(root) ? root : path.dirname(root));
    const key = file ?? '';
    let loaded = this.byFile.get(key);
    if (!loaded) {
      loaded = this.load(file);
      this.byFile.set(key, loaded);
    }
    return loaded;
  }

  private load(file: string | undefined): LoadedConfig {
    let fileConfig: PalisadeConfig | undefined;
    if (file !== undefined) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new ConfigError([`${displayPath(file, this.cwd)}: cannot read the configuration (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`]);
      }
      const { config, problems } = parseConfigText(text, builtinRules);
      const lines = new LineIndex(text);
      const describe = (p: (typeof problems)[number]): string => {
        const pos = lines.positionAt(p.span.start);
        return `${displayPath(file, this.cwd)}:${pos.line + 1}:${pos.character + 1}  ${p.severity}  ${p.message}`;
      };
      const errors = problems.filter((p) => p.severity === 'error');
      if (errors.length) throw new ConfigError(problems.map(describe));
      this.warnings.push(...problems.map(describe));
      fileConfig = config;
    }
    const merged = mergeConfigs(fileConfig, this.flagConfig);
    const resolved = resolveConfig(merged, builtinRules);
    const base = file !== undefined ? path.dirname(file) : this.cwd;
    return { file, resolved, exclude: new ExcludeMatcher(resolved.exclude), base };
  }
}

/** `--preset` and `--rule` as a configuration layer. Throws `ConfigError` for unknown ids and levels. */
function configFromFlags(flags: ConfigFlags): PalisadeConfig {
  const out: PalisadeConfig = {};
  if (flags.presets.length) out.extends = [...new Set(flags.presets)];
  const ids = builtinRules.map((r) => r.meta.id);
  const problems: string[] = [];
  const rules: Record<string, RuleEntry> = {};
  for (const { id, level } of flags.rules) {
    if (!ids.includes(id)) problems.push(`--rule: unknown rule "${id}"${suggest(id, ids) || '.'}`);
    else if (!isLevel(level)) problems.push(`--rule ${id}: the level must be off, info, warning or error, not "${level}".`);
    else rules[id] = level;
  }
  if (problems.length) throw new ConfigError(problems);
  if (flags.rules.length) out.rules = rules;
  return out;
}

/**
 * The nearest configuration file from `dir` upward. The search stops at the folder holding `.git` (the repository
 * root) or at the file-system root, so a configuration outside the repository never applies by surprise.
 */
export function findConfigFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(current, name);
      if (isFile(candidate)) return candidate;
    }
    if (fs.existsSync(path.join(current, '.git'))) return undefined;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A path as the reports show it: relative to the working directory when inside it, forward slashes. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  const shown = rel === '' ? '.' : rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel) ? absolute : rel;
  return path.sep === '/' ? shown : shown.split(path.sep).join('/');
}
