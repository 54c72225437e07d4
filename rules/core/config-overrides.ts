/**
 * Per-file configuration: `overrides` (rules and policies for the files matching globs, later entries win) and
 * `exclude`. Paths are relative to the folder of the configuration file, with `/` separators (see `glob.ts`).
 */
import {
  resolveConfig, type ConfigOverride, type PalisadeConfig, type ResolveOptions, type ResolvedConfig, type RuleEntry,
} from './config.js';
import { matchAnyGlob } from './glob.js';
import { mergePolicies } from './policies.js';
import type { RuleModule } from './rule.js';

/** The overrides of a configuration that apply to a file, in order. */
export function matchingOverrides(config: PalisadeConfig, relativePath: string): ConfigOverride[] {
  const overrides = Array.isArray(config.overrides) ? config.overrides : [];
  return overrides.filter((o) => o && typeof o === 'object' && matchAnyGlob(stringsOf(o.files), relativePath));
}

/**
 * The configuration for one file: the matching `overrides` merged into `rules` and `policies` (later entries win
 * per rule id and per policy). The result has no `overrides` left; pass it to `resolveConfig`.
 */
export function configForFile(config: PalisadeConfig, relativePath: string): PalisadeConfig {
  return applyOverrides(config, matchingOverrides(config, relativePath));
}

function applyOverrides(config: PalisadeConfig, overrides: readonly ConfigOverride[]): PalisadeConfig {
  const { overrides: _all, ...rest } = config;
  void _all;
  const out: PalisadeConfig = { ...rest };
  for (const o of overrides) {
    if (o.rules && typeof o.rules === 'object') out.rules = { ...(out.rules ?? {}), ...(o.rules as Record<string, RuleEntry>) };
    if (o.policies && typeof o.policies === 'object') out.policies = mergePolicies(out.policies, o.policies);
  }
  return out;
}

/** Whether a file is excluded by the configuration's `exclude` globs. */
export function isExcluded(config: PalisadeConfig, relativePath: string): boolean {
  return matchAnyGlob(stringsOf(config.exclude), relativePath);
}

/**
 * Resolves one configuration for many files, as the server and the CLI need it: per-file overrides, exclusion, and a
 * cache keyed by the set of matching overrides (files with the same overrides share one `ResolvedConfig`, and custom
 * rules are compiled once).
 */
export class ConfigResolver {
  private readonly cache = new Map<string, ResolvedConfig>();

  constructor(
    readonly config: PalisadeConfig,
    readonly registry: readonly RuleModule[],
    readonly options: ResolveOptions = {},
  ) {}

  /** The configuration the engine runs with for a file (path relative to the configuration folder). */
  forFile(relativePath: string): ResolvedConfig {
    const overrides = Array.isArray(this.config.overrides) ? this.config.overrides : [];
    const indexes: number[] = [];
    overrides.forEach((o, i) => {
      if (o && typeof o === 'object' && matchAnyGlob(stringsOf(o.files), relativePath)) indexes.push(i);
    });
    const key = indexes.join(',');
    let resolved = this.cache.get(key);
    if (!resolved) {
      resolved = resolveConfig(applyOverrides(this.config, indexes.map((i) => overrides[i])), this.registry, this.options);
      this.cache.set(key, resolved);
    }
    return resolved;
  }

  isExcluded(relativePath: string): boolean {
    return isExcluded(this.config, relativePath);
  }
}

function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
