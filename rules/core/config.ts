import type { RuleModule } from './rule.js';
import { categoryOf } from './rule.js';
import { hashText } from './text.js';
import type { Level, Severity } from './types.js';

/** Named rule sets a configuration can extend. */
export const PRESETS = ['recommended', 'strict', 'pss-baseline', 'pss-restricted', 'cis', 'best-practice', 'all'] as const;
export type PresetName = (typeof PRESETS)[number];

export const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  recommended: 'The default: every security rule that is on by default, at its default severity.',
  strict: 'Every security rule, including the opt-in hardening rules that are off by default.',
  'pss-baseline': 'Exactly the Pod Security Standards baseline controls: a pod the Kubernetes PodSecurity admission admits at `baseline` gets no finding.',
  'pss-restricted': 'The Pod Security Standards restricted controls (baseline included): a pod admitted at `restricted` gets no finding.',
  cis: 'Rules that implement a CIS Kubernetes or CIS Docker Benchmark recommendation.',
  'best-practice': 'The non-security best-practice rules (resources, probes, Dockerfile hygiene).',
  all: 'Every rule, including those off by default (used by the conformance suites).',
};

/** A rule's entry in `.palisade.yaml`: a level, or a level with options. */
export type RuleEntry = Level | { severity?: Level; options?: Record<string, unknown> };

/** The configuration as written by the user (`.palisade.yaml`, settings, CLI flags). */
export interface PalisadeConfig {
  extends?: PresetName[];
  rules?: Record<string, RuleEntry>;
  exclude?: string[];
  /** Dockerfile build target (`--target`): which stage is FINAL. */
  targetStage?: string;
  [key: string]: unknown;
}

export interface EnabledRule {
  severity: Severity;
  /** The user set the severity: it overrides a rule's per-finding choice. */
  explicitSeverity: boolean;
  options: unknown;
}

/** The configuration the engine runs with: enabled rules with their severity and merged options. */
export interface ResolvedConfig {
  rules: Map<string, EnabledRule>;
  exclude: string[];
  targetStage: string | undefined;
  /** Changes whenever anything that affects results changes (used as a cache key). */
  key: string;
  /** The user configuration it came from. */
  source: PalisadeConfig;
}

/** Whether a rule belongs to a preset. */
export function inPreset(rule: RuleModule, preset: PresetName): boolean {
  const m = rule.meta;
  const profiles = m.profiles ?? [];
  const security = categoryOf(m) === 'security';
  switch (preset) {
    case 'recommended': return security && m.enabledByDefault !== false;
    case 'strict': return security;
    case 'pss-baseline': return profiles.includes('pss-baseline');
    case 'pss-restricted': return profiles.includes('pss-baseline') || profiles.includes('pss-restricted');
    case 'cis': return profiles.includes('cis');
    case 'best-practice': return !security && m.enabledByDefault !== false;
    case 'all': return true;
  }
}

/**
 * Resolve presets and rule entries into the rules that run. Unknown ids and invalid entries are ignored here (the
 * config validator reports them); the result is always usable.
 */
export function resolveConfig(config: PalisadeConfig | undefined, registry: readonly RuleModule[]): ResolvedConfig {
  const source = config ?? {};
  const presets = (Array.isArray(source.extends) && source.extends.length ? source.extends : ['recommended'])
    .filter((p): p is PresetName => (PRESETS as readonly string[]).includes(p as string));
  const rules = new Map<string, EnabledRule>();
  const byId = new Map(registry.map((r) => [r.meta.id, r]));
  for (const rule of registry) {
    if (presets.some((p) => inPreset(rule, p))) {
      rules.set(rule.meta.id, { severity: rule.meta.severity, explicitSeverity: false, options: defaultsOf(rule) });
    }
  }
  for (const [id, entry] of Object.entries(source.rules ?? {})) {
    const rule = byId.get(id);
    if (!rule) continue;
    const level = typeof entry === 'string' ? entry : entry && typeof entry === 'object' ? entry.severity : undefined;
    const options = entry && typeof entry === 'object' && entry.options && typeof entry.options === 'object' ? entry.options : undefined;
    if (level === 'off') { rules.delete(id); continue; }
    const current = rules.get(id);
    const severity = isSeverity(level) ? level : current?.severity ?? rule.meta.severity;
    rules.set(id, {
      severity,
      explicitSeverity: isSeverity(level) || (current?.explicitSeverity ?? false),
      options: options ? { ...(defaultsOf(rule) as object), ...options } : current?.options ?? defaultsOf(rule),
    });
  }
  const exclude = Array.isArray(source.exclude) ? source.exclude.filter((e): e is string => typeof e === 'string') : [];
  const targetStage = typeof source.targetStage === 'string' ? source.targetStage : undefined;
  const key = hashText(JSON.stringify([[...rules.entries()], exclude, targetStage]));
  return { rules, exclude, targetStage, key, source };
}

function defaultsOf(rule: RuleModule): unknown {
  const d = rule.meta.options?.defaults;
  return d && typeof d === 'object' ? { ...(d as object) } : d ?? {};
}

export function isSeverity(v: unknown): v is Severity {
  return v === 'error' || v === 'warning' || v === 'info';
}

export function isLevel(v: unknown): v is Level {
  return v === 'off' || isSeverity(v);
}

/** Merge configurations: later ones win per rule; `extends` of a later one replaces the earlier one's. */
export function mergeConfigs(...configs: (PalisadeConfig | undefined)[]): PalisadeConfig {
  const out: PalisadeConfig = {};
  for (const c of configs) {
    if (!c) continue;
    for (const [k, v] of Object.entries(c)) {
      if (v === undefined) continue;
      if (k === 'rules' && v && typeof v === 'object') out.rules = { ...(out.rules ?? {}), ...(v as Record<string, RuleEntry>) };
      else if (k === 'exclude' && Array.isArray(v)) out.exclude = [...(out.exclude ?? []), ...v];
      else out[k] = v;
    }
  }
  return out;
}
