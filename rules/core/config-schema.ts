/**
 * The JSON Schema of `.palisade.yaml`, generated from one source: the presets, every rule's metadata and options
 * schema, the policy shorthands, custom rules, overrides and suppressions. The config validator (`config-file.ts`)
 * compiles it with ajv; `scripts/generate-config-schema.mjs` writes it to `schemas/palisade-config.schema.json` for
 * editors (completion and validation through the YAML schema association).
 *
 * Two formats are used beyond draft-07: `glob` (checked by `glob.ts`) and `regex` (checked for catastrophic
 * backtracking by `regex-safety.ts`); editors ignore formats they do not know. `errorMessage` and
 * `patternErrorMessage` give the message editors and the validator show.
 */
import { PRESETS, PRESET_DESCRIPTIONS } from './config.js';
import { customRuleDefinitionSchema, CUSTOM_RULE_ID_PATTERN, CUSTOM_RULE_LIMITS } from './custom-rules.js';
import { policiesSchema } from './policies.js';
import type { RuleModule } from './rule.js';

type Schema = Record<string, unknown>;

export const CONFIG_SCHEMA_TITLE = 'Palisade configuration (.palisade.yaml)';

export interface ConfigSchemaOptions {
  /** Rules whose options schema must not be embedded (it failed to compile); they accept any mapping. */
  looseOptions?: ReadonlySet<string>;
  /**
   * Leave the rule entries out (`rules` is only required to be a mapping). The validator uses this and checks each
   * entry present in the file with `ruleEntryValidationSchema`: compiling every rule's options up front would cost
   * seconds at startup for what most files never mention.
   */
  lazyRules?: boolean;
}

const LEVEL_MESSAGE = 'Use off, info, warning or error.';

/** The configuration schema for a rule registry. Deterministic: same registry, same schema. */
export function configSchema(registry: readonly RuleModule[], options: ConfigSchemaOptions = {}): Schema {
  const rules = [...registry].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  const ruleProperties: Record<string, Schema> = {};
  for (const rule of rules) ruleProperties[rule.meta.id] = ruleEntrySchema(rule, options.looseOptions?.has(rule.meta.id) ?? false);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: CONFIG_SCHEMA_TITLE,
    description: 'Which rules run, at which severity and with which options; organisation policies; custom rules; per-path overrides; excluded paths; suppression settings.',
    type: 'object',
    additionalProperties: false,
    properties: {
      extends: {
        description: 'Presets to start from (combined). Default: recommended.',
        if: { type: 'string' },
        then: { $ref: '#/definitions/preset' },
        else: { type: 'array', items: { $ref: '#/definitions/preset' }, uniqueItems: true, errorMessage: 'Use a preset name or a list of preset names.' },
      },
      rules: { $ref: '#/definitions/rules' },
      overrides: {
        type: 'array',
        description: 'Rules and policies for some paths. Every entry whose `files` match applies, in order: later entries win.',
        items: { $ref: '#/definitions/override' },
      },
      policies: { $ref: '#/definitions/policies' },
      customRules: {
        type: 'array',
        maxItems: CUSTOM_RULE_LIMITS.maxRules,
        description: 'Checks written as JSON Schema (draft-07). They run only in trusted workspaces.',
        items: { $ref: '#/definitions/customRule' },
      },
      exclude: {
        type: 'array',
        description: 'Files and folders not analysed (globs relative to this file: `**`, `*`, `?`, `{a,b}`; a pattern without `/` matches at any depth).',
        items: { $ref: '#/definitions/glob' },
      },
      suppressions: {
        type: 'object',
        additionalProperties: false,
        description: 'How `# palisade-ignore` comments and `palisade.io/ignore` annotations are checked.',
        properties: {
          requireReason: { type: 'boolean', default: false, description: 'A suppression without a reason (`-- reason`) does not apply and is reported.' },
          reportUnused: { type: 'boolean', default: false, description: 'Report suppressions that matched no finding (info).' },
        },
      },
      targetStage: { type: 'string', minLength: 1, description: 'Dockerfile build target (`docker build --target`): the stage treated as the final image.' },
    },
    definitions: {
      preset: {
        enum: [...PRESETS],
        markdownEnumDescriptions: PRESETS.map((p) => PRESET_DESCRIPTIONS[p]),
        errorMessage: `Use one of the presets: ${PRESETS.join(', ')}.`,
      },
      level: LEVEL_SCHEMA,
      glob: { type: 'string', minLength: 1, format: 'glob' },
      rules: options.lazyRules ? { type: 'object' } : {
        type: 'object',
        description: 'Rule id → `off` | `info` | `warning` | `error`, or `{severity, options}`. Custom rule ids are accepted too.',
        properties: ruleProperties,
        patternProperties: { [CUSTOM_RULE_ID_PATTERN]: customRuleEntrySchema() },
        additionalProperties: false,
      },
      override: {
        type: 'object',
        additionalProperties: false,
        required: ['files'],
        properties: {
          files: { type: 'array', minItems: 1, items: { $ref: '#/definitions/glob' }, description: 'Globs relative to this file.' },
          rules: { $ref: '#/definitions/rules' },
          policies: { $ref: '#/definitions/policies' },
        },
      },
      policies: policiesSchema(),
      customRule: customRuleDefinitionSchema(),
    },
  };
}

function customRuleEntrySchema(): Schema {
  return {
    description: 'A custom rule defined in customRules.',
    if: { type: 'string' },
    then: { $ref: '#/definitions/level' },
    else: {
      type: 'object',
      additionalProperties: false,
      properties: { severity: { $ref: '#/definitions/level' } },
      errorMessage: 'Use off, info, warning or error, or {severity}.',
    },
  };
}

const LEVEL_SCHEMA: Schema = { enum: ['off', 'info', 'warning', 'error'], errorMessage: LEVEL_MESSAGE };

/**
 * A self-contained schema of one `rules` entry, for a built-in rule or (`undefined`) a custom rule: what the
 * validator compiles for the entries a file actually has.
 */
export function ruleEntryValidationSchema(rule: RuleModule | undefined, loose = false): Schema {
  const entry = rule ? ruleEntrySchema(rule, loose) : customRuleEntrySchema();
  return { ...entry, definitions: { level: LEVEL_SCHEMA } };
}

function ruleEntrySchema(rule: RuleModule, loose: boolean): Schema {
  const m = rule.meta;
  const summary = `${m.title} (${m.stage}, default ${m.severity}${m.enabledByDefault === false ? ', off by default' : ''})`;
  return {
    description: summary,
    markdownDescription: `**${m.title}**\n\nStage ${m.stage} · default severity ${m.severity}${m.enabledByDefault === false ? ' · off by default' : ''}`,
    if: { type: 'string' },
    then: { $ref: '#/definitions/level' },
    else: {
      type: 'object',
      additionalProperties: false,
      errorMessage: 'Use off, info, warning or error, or a mapping {severity, options}.',
      properties: {
        severity: { $ref: '#/definitions/level' },
        options: loose ? { type: 'object' } : optionsSchemaOf(rule),
      },
    },
  };
}

/**
 * A rule's options as they may be written: a partial object (omitted keys keep their defaults), so the rule schema's
 * top-level `required` is dropped.
 */
export function optionsSchemaOf(rule: RuleModule): Schema {
  const o = rule.meta.options;
  if (!o) return { type: 'object', additionalProperties: false, maxProperties: 0, errorMessage: `${rule.meta.id} has no options.` };
  const { required: _required, ...schema } = o.schema as Schema;
  void _required;
  return { ...schema, type: 'object', default: o.defaults };
}
