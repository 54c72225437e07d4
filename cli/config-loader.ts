import fs from 'node:fs';
import path from 'node:path';
import {
  CONFIG_FILE_NAMES, ConfigResolver, LineIndex, builtinRules, isLevel, mergeConfigs, parseConfigText, suggest,
  type PalisadeConfig, type PresetName, type ResolvedConfig, type RuleEntry,
} from '../rules/index.js';

/** A configuration problem the user must fix; the CLI prints every problem and exits with 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The configuration of one configuration file (or of none), with the command-line flags applied. */
export interface LoadedConfig {
  /** The configuration file, when there is one. */
  file: string | undefined;
  /** Per-file configurations (`overrides`) and `exclude`, for paths relative to `base`. */
  resolver: ConfigResolver;
  /** The folder globs and overrides are relative to: the configuration file's, else the working directory. */
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
 * shares one resolver, and through it one `ResolvedConfig` per set of matching overrides (the engine's caches key on
 * it), so nothing is resolved per file.
 */
export class ConfigLoader {
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly flagRules: Record<string, RuleEntry>;
  /** Problems printed as warnings (the scan goes on). */
  readonly warnings: string[] = [];

  constructor(private readonly flags: ConfigFlags, private readonly cwd: string) {
    this.flagRules = rulesFromFlags(flags);
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

  /** The configuration for a file of a root: `overrides` matching its path applied. */
  forFile(loaded: LoadedConfig, absolutePath: string): ResolvedConfig {
    return loaded.resolver.forFile(relativeTo(loaded.base, absolutePath));
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
      if (problems.some((p) => p.severity === 'error')) throw new ConfigError(problems.map(describe));
      this.warnings.push(...problems.map(describe));
      fileConfig = config;
    }
    const merged = mergeConfigs(fileConfig, {
      ...(this.flags.presets.length ? { extends: [...new Set(this.flags.presets)] } : {}),
      ...(Object.keys(this.flagRules).length ? { rules: this.flagRules } : {}),
    });
    // `overrides` of the file apply after its top-level rules; the flags must still win, so they come last as an
    // override that matches every file
    if (Object.keys(this.flagRules).length && Array.isArray(merged.overrides) && merged.overrides.length) {
      merged.overrides = [...merged.overrides, { files: ['**'], rules: this.flagRules }];
    }
    const base = file !== undefined ? path.dirname(file) : this.cwd;
    return { file, resolver: new ConfigResolver(merged, builtinRules), base };
  }
}

/** `--rule id=level` as configuration entries. Throws `ConfigError` for unknown ids and levels. */
function rulesFromFlags(flags: ConfigFlags): Record<string, RuleEntry> {
  const ids = builtinRules.map((r) => r.meta.id);
  const problems: string[] = [];
  const rules: Record<string, RuleEntry> = {};
  for (const { id, level } of flags.rules) {
    if (!ids.includes(id)) problems.push(`--rule: unknown rule "${id}"${suggest(id, ids) || '.'}`);
    else if (!isLevel(level)) problems.push(`--rule ${id}: the level must be off, info, warning or error, not "${level}".`);
    else rules[id] = level;
  }
  if (problems.length) throw new ConfigError(problems);
  return rules;
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

/** `absolute` relative to `base` with forward slashes (`../…` when outside it: no glob matches those). */
export function relativeTo(base: string, absolute: string): string {
  const rel = path.relative(base, absolute);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/** Whether `p` is a regular file (false when it cannot be read). */
export function isFile(p: string): boolean {
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
