import * as vscode from 'vscode';
import { PRESETS, type PresetName } from '../rules/core/config.js';

/** The settings section the client reads and the server pulls (`workspace/configuration`). */
export const SETTINGS_SECTION = 'palisade';

type Level = 'off' | 'info' | 'warning' | 'error';
const LEVELS: readonly string[] = ['off', 'info', 'warning', 'error'];

/** A rule's entry under `palisade.rules`, as `.palisade.yaml` writes it. */
export type RuleSetting = Level | { severity?: Level; options?: Record<string, unknown> };

/**
 * The `palisade.*` settings for one resource, validated. The server receives this object (never the raw settings),
 * so a typo in settings.json degrades to the default instead of reaching the engine.
 */
export interface PalisadeSettings {
  enable: boolean;
  preset: PresetName;
  rules: Record<string, RuleSetting>;
  exclude: string[];
  /** The baseline file (`palisade scan --write-baseline`), relative to the workspace folder; '' for none. */
  baseline: string;
  /** How findings in the baseline show: `info`, `hint`, or `keep` their severity. */
  baselineSeverity: 'info' | 'hint' | 'keep';
}

export const DEFAULT_SETTINGS: PalisadeSettings = { enable: true, preset: 'recommended', rules: {}, exclude: [], baseline: '.palisade-baseline.json', baselineSeverity: 'info' };

/** Read and validate the settings that apply to `scope` (a document or folder URI; undefined = window). */
export function readSettings(scope?: vscode.ConfigurationScope): PalisadeSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return toSettings({
    enable: config.get('enable'),
    preset: config.get('preset'),
    rules: config.get('rules'),
    exclude: config.get('exclude'),
    baseline: config.get('baseline'),
    baselineSeverity: config.get('baselineSeverity'),
  });
}

/** Validate a raw settings object; every invalid part falls back to its default. */
export function toSettings(raw: Record<string, unknown>): PalisadeSettings {
  const preset = (PRESETS as readonly unknown[]).includes(raw.preset) ? (raw.preset as PresetName) : DEFAULT_SETTINGS.preset;
  const rules: Record<string, RuleSetting> = {};
  if (raw.rules && typeof raw.rules === 'object' && !Array.isArray(raw.rules)) {
    for (const [id, entry] of Object.entries(raw.rules as Record<string, unknown>)) {
      const rule = toRuleSetting(entry);
      if (rule !== undefined) rules[id] = rule;
    }
  }
  return {
    enable: typeof raw.enable === 'boolean' ? raw.enable : DEFAULT_SETTINGS.enable,
    preset,
    rules,
    exclude: Array.isArray(raw.exclude) ? raw.exclude.filter((e): e is string => typeof e === 'string' && e.length > 0) : [],
    baseline: typeof raw.baseline === 'string' ? raw.baseline.trim() : DEFAULT_SETTINGS.baseline,
    baselineSeverity: raw.baselineSeverity === 'info' || raw.baselineSeverity === 'hint' || raw.baselineSeverity === 'keep' ? raw.baselineSeverity : DEFAULT_SETTINGS.baselineSeverity,
  };
}

function toRuleSetting(entry: unknown): RuleSetting | undefined {
  if (typeof entry === 'string') return LEVELS.includes(entry) ? (entry as Level) : undefined;
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const { severity, options } = entry as { severity?: unknown; options?: unknown };
  const out: { severity?: Level; options?: Record<string, unknown> } = {};
  if (typeof severity === 'string' && LEVELS.includes(severity)) out.severity = severity as Level;
  if (options && typeof options === 'object' && !Array.isArray(options)) out.options = options as Record<string, unknown>;
  return out.severity || out.options ? out : undefined;
}
