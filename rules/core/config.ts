import type { RuleModule } from './rule.js';
import { categoryOf } from './rule.js';
import { hashText } from './text.js';
import type { Level, Severity } from './types.js';
import { compileCustomRules, CUSTOM_RULE_LIMITS, type CompiledCustomRule, type CustomRuleDefinition } from './custom-rules.js';
import { mergePolicies, policyRuleEntries, type PolicySettings } from './policies.js';
import { suppressionSettingsOf, type SuppressionSettings } from './suppressions.js';

/** Named rule sets a configuration can extend. */
export const PRESETS = ['recommended', 'strict', 'pss-baseline', 'pss-restricted', 'cis', 'best-practice', 'all'] as const;
export type PresetName = (typeof PRESETS)[number];

export const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  recommended: 'The default: every security rule that is on by default, at its default severity.',
  strict: 'Every security rule, including the opt-in hardening rules that are off by default.',
  'pss-baseline': 'Exactly the Pod Security Standards baseline level: the rules implementing its controls (privileged, host namespaces, hostPath volumes, host ports, host probes, capabilities, AppArmor, SELinux, /proc mount, seccomp, sysctls, HostProcess), evaluated as the Kubernetes PodSecurity admission does at `enforce: baseline` (policy version from each rule\'s `pssVersion`, default latest). A pod the admission admits gets no finding; a rejected pod gets at least one.',
  'pss-restricted': 'Exactly the Pod Security Standards restricted level: every baseline control plus volume types, privilege escalation, running as non-root, runAsUser 0, seccomp and dropped capabilities, evaluated as the PodSecurity admission does at `enforce: restricted` (Windows pods and `hostUsers: false` exemptions included). A pod the admission admits gets no finding; a rejected pod gets at least one.',
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
  /** Per-path rule changes, applied by `configForFile` (later entries win). */
  overrides?: ConfigOverride[];
  /** Organisation-policy shorthands (see `policies.ts`). */
  policies?: PolicySettings;
  /** JSON Schema checks from the workspace (run only when trusted). */
  customRules?: CustomRuleDefinition[];
  suppressions?: Partial<SuppressionSettings>;
  [key: string]: unknown;
}

/** `overrides[]`: rules and policies for the files matching `files` (globs relative to the configuration folder). */
export interface ConfigOverride {
  files: string[];
  rules?: Record<string, RuleEntry>;
  policies?: PolicySettings;
}

/** How a configuration is resolved for the engine (all optional; defaults suit the CLI). */
export interface ResolveOptions {
  /** Whether the workspace is trusted; custom rules run only then. Default true (the CLI); the server passes the
   *  editor's workspace trust. */
  trusted?: boolean;
  /** Work budget of custom rules per file (see `CUSTOM_RULE_LIMITS.defaultBudget`). */
  customRuleBudget?: number;
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
  /** Compiled custom rules that run (empty when untrusted). */
  customRules?: readonly CompiledCustomRule[];
  /** Custom rules defined but not run because the workspace is not trusted. */
  blockedCustomRules?: number;
  customRuleBudget?: number;
  /** `suppressions` settings: `requireReason`, `reportUnused`. */
  suppressions?: SuppressionSettings;
}

/**
 * The presets that answer exactly as the Kubernetes PodSecurity admission: their rules get the option `pssLevel` (when
 * the rule declares it), which turns off hints beyond the standard and applies the admission's per-level behaviour
 * (for example the `hostUsers: false` relaxation of /proc mount types exists at baseline only).
 */
const PSS_PRESET_LEVELS: readonly [PresetName, 'baseline' | 'restricted'][] = [['pss-restricted', 'restricted'], ['pss-baseline', 'baseline']];

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
export function resolveConfig(config: PalisadeConfig | undefined, registry: readonly RuleModule[], resolveOptions: ResolveOptions = {}): ResolvedConfig {
  const source = config ?? {};
  const presets = (Array.isArray(source.extends) && source.extends.length ? source.extends : ['recommended'])
    .filter((p): p is PresetName => (PRESETS as readonly string[]).includes(p as string));
  const rules = new Map<string, EnabledRule>();
  const byId = new Map(registry.map((r) => [r.meta.id, r]));
  for (const rule of registry) {
    if (presets.some((p) => inPreset(rule, p))) {
      rules.set(rule.meta.id, { severity: rule.meta.severity, explicitSeverity: false, options: presetOptionsOf(rule, presets) });
    }
  }
  // policies switch their rules on with options; explicit `rules` entries come after and win
  const policyEntries: [string, RuleEntry][] = [...policyRuleEntries(source.policies)].map(([id, options]) => [id, { options }]);
  for (const [id, entry] of [...policyEntries, ...Object.entries(source.rules ?? {})]) {
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
      options: options ? { ...((current?.options ?? defaultsOf(rule)) as object), ...options } : current?.options ?? defaultsOf(rule),
    });
  }
  const exclude = Array.isArray(source.exclude) ? source.exclude.filter((e): e is string => typeof e === 'string') : [];
  const targetStage = typeof source.targetStage === 'string' ? source.targetStage : undefined;
  const trusted = resolveOptions.trusted ?? true;
  const defined = Array.isArray(source.customRules) ? source.customRules : [];
  const customRules = trusted ? compileCustomRules(defined, source.rules) : [];
  const customRuleBudget = resolveOptions.customRuleBudget ?? CUSTOM_RULE_LIMITS.defaultBudget;
  const suppressions = suppressionSettingsOf(source.suppressions);
  const key = hashText(JSON.stringify([
    [...rules.entries()], exclude, targetStage,
    customRules.map((r) => [r.key, r.severity]), customRuleBudget, suppressions,
  ]));
  return {
    rules, exclude, targetStage, key, source,
    customRules, blockedCustomRules: trusted ? 0 : defined.length, customRuleBudget, suppressions,
  };
}

/** A rule's default options, plus `pssLevel` when a PSS preset includes it (restricted wins over baseline). */
function presetOptionsOf(rule: RuleModule, presets: readonly PresetName[]): unknown {
  const defaults = defaultsOf(rule);
  const declares = (rule.meta.options?.schema as { properties?: Record<string, unknown> } | undefined)?.properties?.pssLevel !== undefined;
  if (!declares || !defaults || typeof defaults !== 'object') return defaults;
  const level = PSS_PRESET_LEVELS.find(([p]) => presets.includes(p) && inPreset(rule, p))?.[1];
  return level ? { ...(defaults as object), pssLevel: level } : defaults;
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
      else if (k === 'policies') out.policies = mergePolicies(out.policies, v);
      else if (k === 'overrides' && Array.isArray(v)) out.overrides = [...(out.overrides ?? []), ...(v as ConfigOverride[])];
      else if (k === 'customRules' && Array.isArray(v)) {
        // a later definition of the same id replaces the earlier one
        const ids = new Set((v as { id?: unknown }[]).map((d) => d?.id));
        out.customRules = [...(out.customRules ?? []).filter((d) => !ids.has(d?.id)), ...(v as CustomRuleDefinition[])];
      } else if (k === 'suppressions' && v && typeof v === 'object') out.suppressions = { ...(out.suppressions ?? {}), ...(v as object) };
      else out[k] = v;
    }
  }
  return out;
}
