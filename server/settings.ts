import { PRESETS, isLevel, type PalisadeConfig, type RuleEntry } from '../rules/core/config.js';
import type { Level } from '../rules/core/types.js';
import { BASELINE_SEVERITIES, type BaselineSeverity } from './baseline.js';
import type { PalisadeSettings } from './protocol.js';

/** Settings after validation: what the server acts on. */
export interface EffectiveSettings {
  enable: boolean;
  /** The settings as a configuration, the lowest layer under `.palisade.yaml`. */
  config: PalisadeConfig;
  exclude: string[];
  /** `palisade.baseline`: the baseline file, relative to the workspace folder ('' = none). */
  baseline: string;
  /** `palisade.baselineSeverity`: how findings in the baseline show. */
  baselineSeverity: BaselineSeverity;
  /** Human-readable problems (unknown preset, bad rule entry), logged by the server. */
  problems: string[];
}

export const DEFAULT_SETTINGS: EffectiveSettings = { enable: true, config: {}, exclude: [], baseline: '.palisade-baseline.json', baselineSeverity: 'info', problems: [] };

/**
 * Turn whatever a client sent for the `palisade` section into settings. Clients send `null` when nothing is set
 * (Neovim) or objects with extra keys (VS Code adds `trace`); anything malformed is skipped and reported, never fatal.
 */
export function readSettings(raw: unknown, knownRuleIds: readonly string[]): EffectiveSettings {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ...DEFAULT_SETTINGS, problems: [] };
  const s = raw as PalisadeSettings;
  const problems: string[] = [];
  const config: PalisadeConfig = {};
  if (typeof s.preset === 'string' && s.preset !== '') {
    if ((PRESETS as readonly string[]).includes(s.preset)) config.extends = [s.preset as (typeof PRESETS)[number]];
    else problems.push(`palisade.preset: unknown preset "${s.preset}" (use one of ${PRESETS.join(', ')}).`);
  }
  if (s.rules && typeof s.rules === 'object' && !Array.isArray(s.rules)) {
    const rules: Record<string, RuleEntry> = {};
    for (const [id, entry] of Object.entries(s.rules)) {
      if (!knownRuleIds.includes(id)) { problems.push(`palisade.rules: unknown rule "${id}".`); continue; }
      if (isLevel(entry)) { rules[id] = entry; continue; }
      if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
        const e = entry as { severity?: unknown; options?: unknown };
        if (e.severity !== undefined && !isLevel(e.severity)) {
          problems.push(`palisade.rules.${id}: severity must be off, info, warning or error.`);
          continue;
        }
        const options = e.options && typeof e.options === 'object' && !Array.isArray(e.options) ? e.options as Record<string, unknown> : undefined;
        rules[id] = e.severity === undefined ? { options } : { severity: e.severity as Level, options };
        continue;
      }
      problems.push(`palisade.rules.${id}: use off, info, warning or error, or {severity, options}.`);
    }
    config.rules = rules;
  }
  const exclude = Array.isArray(s.exclude) ? s.exclude.filter((e): e is string => typeof e === 'string' && e.trim() !== '') : [];
  const baseline = typeof s.baseline === 'string' ? s.baseline.trim() : DEFAULT_SETTINGS.baseline;
  let baselineSeverity = DEFAULT_SETTINGS.baselineSeverity;
  if ((BASELINE_SEVERITIES as readonly unknown[]).includes(s.baselineSeverity)) baselineSeverity = s.baselineSeverity as BaselineSeverity;
  else if (s.baselineSeverity !== undefined) problems.push(`palisade.baselineSeverity: use ${BASELINE_SEVERITIES.join(', ')}.`);
  return { enable: s.enable !== false, config, exclude, baseline, baselineSeverity, problems };
}
