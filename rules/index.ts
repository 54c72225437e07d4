/**
 * Palisade's rule engine: the pure core shared by the language server, the VS Code client and the CLI.
 * Input is text, output is data. No file system, no editor API, no clock.
 */
import { resolveConfig, type PalisadeConfig, type ResolvedConfig } from './core/config.js';
import { Engine, LintSession, type Analysis } from './core/engine.js';
import { explainEngineTopic, explainRule } from './core/explain.js';
import { explainCustomRule } from './core/custom-rules.js';
import type { RuleModule } from './core/rule.js';
import type { CustomRuleDefinition } from './core/custom-rules.js';
import type { Finding, LintInput } from './core/types.js';
import type { WorkspaceView } from './core/workspace.js';
import { builtinRules } from './registry.generated.js';

export * from './core/types.js';
export * from './core/config.js';
export { parseConfigText, CONFIG_FILE_NAMES, suggest, type ConfigProblem } from './core/config-file.js';
export { configSchema, optionsSchemaOf, CONFIG_SCHEMA_TITLE } from './core/config-schema.js';
export { configForFile, isExcluded, matchingOverrides, ConfigResolver } from './core/config-overrides.js';
export { matchGlob, matchAnyGlob, checkGlob, normalizePath } from './core/glob.js';
export { GitignoreMatcher, MAX_GITIGNORE_BYTES, parseGitignore, type GitignorePattern } from './core/gitignore.js';
export { checkRegexSafety } from './core/regex-safety.js';
export { policyRuleEntries, mergePolicies, type PolicySettings } from './core/policies.js';
export {
  compileCustomRule, compileCustomRules, explainCustomRule, findUnsafePatterns, CUSTOM_RULE_LIMITS, CUSTOM_RULE_ID_PATTERN,
  type CustomRuleDefinition, type CompiledCustomRule, type CustomRuleTarget,
} from './core/custom-rules.js';
export { DEFAULT_SUPPRESSION_SETTINGS, SUPPRESSION_FINDING_IDS, type SuppressionSettings } from './core/suppressions.js';
export {
  Engine, LintSession, fileKindOf, isHelmTemplate, skippedFinding, compareFindings, mergeFindings, ENGINE_RULE_IDS, MAX_FILE_BYTES,
  type Analysis,
} from './core/engine.js';
export { explainRule, explainEngineTopic, standardsLine, TOOL_NAMES } from './core/explain.js';
export { YAML_KEY_TOPICS, DOCKER_KEYWORD_TOPICS, type KeyTopic } from './core/hover-topics.js';
// Dockerfile internals: the model, the shell reader and their helpers (used by unit tests and tooling)
export { DockerfileModel, splitWords, readJsonArray, resolveVariables, variableReferences } from './core/dockerfile-model.js';
export { parseShell, parseScript, joinContinuations, readOptions, setsPipefailBefore, Source } from './core/shell.js';
export { packageCommand, packageCommands, parsePackage } from './core/packages.js';
export { parseImageRef } from './core/image-ref.js';
export { findEolReleases, EOL_AS_OF, EOL_TABLE } from './core/eol-data.js';
export { findCredentials, isSecretName, maskCredential } from './core/secrets.js';
export { LineIndex, hashText, compareRanges } from './core/text.js';
export { appendChangeEdits, appendLinesEdit, applyEdits } from './core/apply-edits.js';
export { LIMITS, dockerfileComplexity, yamlComplexity } from './core/limits.js';
export { parseChunk } from './core/yaml-model.js';
export type { RuleModule, RuleMeta } from './core/rule.js';
export type { WorkspaceView } from './core/workspace.js';
export {
  WorkspaceIndex, emptySummary,
  type FileSummary, type IndexedObject, type IndexedEntry, type WorkspaceLookup,
} from './core/workspace-index.js';
export { isDockerignoreName } from './core/workspace-summary.js';
export { isKustomizationFileName, kustomizePatchFiles, kustomizePatchPaths } from './core/kustomize.js';
export { builtinRules };

let shared: Engine | undefined;

/** The engine with every built-in rule (created once). */
export function defaultEngine(): Engine {
  return (shared ??= new Engine({ registry: builtinRules }));
}

/** Lint one file with the built-in rules: `lint(input, config, workspace) → Finding[]`. */
export function lint(input: LintInput, config?: ResolvedConfig | PalisadeConfig, workspace?: WorkspaceView, session?: LintSession): Finding[] {
  const resolved = config && 'key' in config && config.rules instanceof Map ? (config as ResolvedConfig) : resolveConfig(config as PalisadeConfig | undefined, builtinRules);
  return defaultEngine().lint(input, resolved, workspace, session);
}

/** Findings and workspace summary of one file with the built-in rules (see `Engine.analyze`). */
export function analyze(input: LintInput, config?: ResolvedConfig | PalisadeConfig, workspace?: WorkspaceView, session?: LintSession): Analysis {
  return defaultEngine().analyze(input, resolvedOf(config), workspace, session);
}

/** Cross-file findings of a whole workspace with the built-in rules, by file (see `Engine.lintWorkspace`). */
export function lintWorkspace(workspace: WorkspaceView, config?: ResolvedConfig | PalisadeConfig | ((fileName: string) => ResolvedConfig | undefined), files?: Iterable<string>): Map<string, Finding[]> {
  return defaultEngine().lintWorkspace(workspace, typeof config === 'function' ? config : resolvedOf(config), files);
}

function resolvedOf(config: ResolvedConfig | PalisadeConfig | undefined): ResolvedConfig {
  return config && 'key' in config && config.rules instanceof Map ? (config as ResolvedConfig) : resolveConfig(config as PalisadeConfig | undefined, builtinRules);
}

/**
 * Markdown explanation of a rule id (or an engine finding id such as `parse-error`, or a custom rule of `config`);
 * undefined if unknown.
 */
export function explain(ruleId: string, config?: ResolvedConfig | PalisadeConfig): string | undefined {
  const rule = builtinRules.find((r: RuleModule) => r.meta.id === ruleId);
  if (rule) return explainRule(rule);
  const custom = customDefinitionOf(ruleId, config);
  return custom ? explainCustomRule(custom) : explainEngineTopic(ruleId);
}

function customDefinitionOf(ruleId: string, config: ResolvedConfig | PalisadeConfig | undefined): CustomRuleDefinition | undefined {
  if (!config) return undefined;
  const source = 'key' in config && config.rules instanceof Map ? (config as ResolvedConfig).source : (config as PalisadeConfig);
  const list = Array.isArray(source.customRules) ? source.customRules : [];
  return list.find((d) => d && typeof d === 'object' && d.id === ruleId && typeof d.title === 'string');
}
