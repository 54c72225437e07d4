/**
 * Custom rules: organisation checks written as JSON Schema in `.palisade.yaml` (`customRules`), validated with ajv
 * against each Kubernetes object, pod spec or container. They come from the workspace, so they run only when the
 * workspace is trusted (the caller decides; see `resolveConfig`), their regular expressions are screened for
 * catastrophic backtracking, and their evaluation is bounded per document and per file.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { RuleEntry } from './config.js';
import { containersOf, describeContainer, podSpecOf, type K8sObject } from './k8s.js';
import { checkRegexSafety } from './regex-safety.js';
import { hashText } from './text.js';
import type { Severity, Span } from './types.js';
import {
  isAlias, isMap, isPair, isScalar, isSeq, isTemplated, type Node, type Pair, type Scalar, type YAMLMap, type YamlDoc,
} from './yaml-model.js';

export const CUSTOM_RULE_TARGETS = ['object', 'podSpec', 'container'] as const;
export type CustomRuleTarget = (typeof CUSTOM_RULE_TARGETS)[number];

/** `<prefix>/<name>` in lower case; `docker/` and `k8s/` belong to the built-in rules. */
export const CUSTOM_RULE_ID_PATTERN = '^(?!(?:docker|k8s)/)[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9._-]*$';
export const RESERVED_RULE_PREFIXES = ['docker/', 'k8s/'] as const;

/** Bounds that keep a hostile or careless configuration from stalling the editor. */
export const CUSTOM_RULE_LIMITS = {
  /** Custom rules per configuration. */
  maxRules: 200,
  /** Size of one rule's schema, as JSON. */
  maxSchemaBytes: 64 * 1024,
  /** Nesting depth of one rule's schema. */
  maxSchemaDepth: 32,
  /** Nodes of one document converted for evaluation; larger documents are skipped. */
  maxDocumentNodes: 50_000,
  /** Alias expansions while converting one document (guards against "billion laughs" documents). */
  maxAliasExpansions: 1_000,
  /** Work units per file: each evaluation costs (nodes of the value) × (the schema's weight). */
  defaultBudget: 5_000_000,
  /** Findings one rule reports on one object. */
  maxFindingsPerObject: 20,
} as const;

/** A custom rule as written in `.palisade.yaml`. */
export interface CustomRuleDefinition {
  id: string;
  severity?: Severity;
  title: string;
  message?: string;
  /** Object kinds the rule applies to; all kinds when absent. */
  kinds?: string[];
  /** What the schema validates: the whole object (default), each pod spec, or each container. */
  target?: CustomRuleTarget;
  /** JSON Schema (draft-07) the target must satisfy. */
  schema: Record<string, unknown> | boolean;
  /** How to fix a finding (markdown), shown on hover. */
  remediation?: string;
}

/** A custom rule ready to run. */
export interface CompiledCustomRule {
  readonly id: string;
  readonly definition: CustomRuleDefinition;
  readonly severity: Severity;
  readonly target: CustomRuleTarget;
  readonly kinds: ReadonlySet<string> | undefined;
  readonly validate: ValidateFunction;
  /** Cost multiplier derived from the schema's size. */
  readonly weight: number;
  /** Hash of the definition (part of the configuration key). */
  readonly key: string;
}

/** JSON Schema of one `customRules` entry (part of the config schema). */
export function customRuleDefinitionSchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'title', 'schema'],
    properties: {
      id: {
        type: 'string',
        pattern: CUSTOM_RULE_ID_PATTERN,
        patternErrorMessage: 'Custom rule ids look like "acme/team-label": a prefix, a slash and a name in lower case. The docker/ and k8s/ prefixes are reserved for the built-in rules.',
        description: 'Unique id `<prefix>/<name>`, e.g. `acme/team-label`. Used in findings and in `# palisade-ignore` comments.',
      },
      severity: { enum: ['error', 'warning', 'info'], default: 'warning', description: 'Severity of the findings (default warning).' },
      title: { type: 'string', minLength: 1, description: 'One line saying what the rule requires.' },
      message: { type: 'string', description: 'Why it matters; appended to each finding.' },
      remediation: { type: 'string', description: 'How to fix a finding (markdown), shown on hover.' },
      kinds: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: 'Kinds the rule applies to (all kinds when absent).' },
      target: {
        enum: [...CUSTOM_RULE_TARGETS],
        default: 'object',
        description: '`object`: the whole manifest; `podSpec`: each pod spec of a workload; `container`: each init, regular and ephemeral container.',
      },
      schema: {
        type: ['object', 'boolean'],
        description: 'JSON Schema (draft-07) the target must satisfy. Every violation becomes a finding at the offending key or value.',
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Schema screening and compilation

/** A regular expression in a custom schema that is rejected, with where it sits (path inside the schema). */
export interface UnsafePattern {
  path: (string | number)[];
  /** The problem is the key at `path` (a `patternProperties` key), not its value. */
  isKey: boolean;
  reason: string;
}

const SINGLE_SCHEMA_KEYS = ['additionalProperties', 'additionalItems', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'items'];
const SCHEMA_LIST_KEYS = ['allOf', 'anyOf', 'oneOf', 'items', 'prefixItems'];
const SCHEMA_MAP_KEYS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'dependencies'];

/** Every `pattern` and `patternProperties` key of a schema that fails the backtracking screen. */
export function findUnsafePatterns(schema: unknown): UnsafePattern[] {
  const out: UnsafePattern[] = [];
  const visit = (s: unknown, path: (string | number)[], depth: number): void => {
    if (!isObject(s) || depth > CUSTOM_RULE_LIMITS.maxSchemaDepth) return;
    if (typeof s.pattern === 'string') {
      const reason = checkRegexSafety(s.pattern);
      if (reason) out.push({ path: [...path, 'pattern'], isKey: false, reason });
    }
    if (isObject(s.patternProperties)) {
      for (const key of Object.keys(s.patternProperties)) {
        const reason = checkRegexSafety(key);
        if (reason) out.push({ path: [...path, 'patternProperties', key], isKey: true, reason });
      }
    }
    for (const k of SINGLE_SCHEMA_KEYS) if (isObject(s[k])) visit(s[k], [...path, k], depth + 1);
    for (const k of SCHEMA_LIST_KEYS) {
      const list = s[k];
      if (Array.isArray(list)) list.forEach((item, i) => visit(item, [...path, k, i], depth + 1));
    }
    for (const k of SCHEMA_MAP_KEYS) {
      const map = s[k];
      if (isObject(map)) for (const [name, sub] of Object.entries(map)) visit(sub, [...path, k, name], depth + 1);
    }
  };
  visit(schema, [], 0);
  return out;
}

export type CompileResult =
  | { rule: CompiledCustomRule; error?: undefined }
  | { rule?: undefined; error: string; /** Where inside the definition (e.g. `['schema', 'properties', 'x', 'pattern']`). */ path: (string | number)[]; isKey?: boolean };

const compileCache = new Map<string, CompileResult>();

/**
 * Compile one definition (cached by its content). Never throws: an invalid definition yields the reason and where in
 * the definition it lies.
 */
export function compileCustomRule(definition: unknown): CompileResult {
  let text: string;
  try {
    text = JSON.stringify(definition) ?? '';
  } catch {
    return { error: 'The custom rule cannot be read.', path: [] };
  }
  const hit = compileCache.get(text);
  if (hit) return hit;
  const result = compileUncached(definition, text);
  if (compileCache.size >= 256) compileCache.delete(compileCache.keys().next().value as string);
  compileCache.set(text, result);
  return result;
}

function compileUncached(definition: unknown, text: string): CompileResult {
  if (!isObject(definition)) return { error: 'A custom rule must be a mapping with id, title and schema.', path: [] };
  const def = definition as unknown as CustomRuleDefinition;
  if (typeof def.id !== 'string' || !new RegExp(CUSTOM_RULE_ID_PATTERN).test(def.id)) {
    return { error: `Invalid custom rule id "${String(def.id)}".`, path: ['id'] };
  }
  if (typeof def.title !== 'string' || !def.title.trim()) return { error: 'A custom rule needs a title.', path: ['title'] };
  const schema = def.schema;
  if (typeof schema !== 'boolean' && !isObject(schema)) return { error: 'The schema must be a JSON Schema object.', path: ['schema'] };
  const schemaText = JSON.stringify(schema);
  if (schemaText.length > CUSTOM_RULE_LIMITS.maxSchemaBytes) {
    return { error: `The schema is larger than ${CUSTOM_RULE_LIMITS.maxSchemaBytes / 1024} KB; split the rule.`, path: ['schema'] };
  }
  if (depthOf(schema) > CUSTOM_RULE_LIMITS.maxSchemaDepth * 2) {
    return { error: `The schema is nested deeper than ${CUSTOM_RULE_LIMITS.maxSchemaDepth} levels.`, path: ['schema'] };
  }
  if (schemaText.includes('"$async"')) return { error: 'Asynchronous schemas ($async) are not supported.', path: ['schema'] };
  const unsafe = findUnsafePatterns(schema);
  if (unsafe.length) return { error: unsafe[0].reason, path: ['schema', ...unsafe[0].path], isKey: unsafe[0].isKey };
  let toCompile: Record<string, unknown> | boolean = schema;
  if (isObject(schema) && typeof schema.$schema === 'string') {
    if (!/draft-0[67]\/schema#?$/.test(schema.$schema)) {
      return { error: `Custom rule schemas use JSON Schema draft-07; "${schema.$schema}" is not supported. Remove "$schema".`, path: ['schema', '$schema'] };
    }
    const { $schema: _ignored, ...rest } = schema;
    void _ignored;
    toCompile = rest;
  }
  let validate: ValidateFunction;
  try {
    validate = newAjv().compile(toCompile);
  } catch (e) {
    return compileError((e as Error).message);
  }
  const target = CUSTOM_RULE_TARGETS.includes(def.target as CustomRuleTarget) ? (def.target as CustomRuleTarget) : 'object';
  const kinds = Array.isArray(def.kinds) ? new Set(def.kinds.filter((k): k is string => typeof k === 'string')) : undefined;
  const severity: Severity = def.severity === 'error' || def.severity === 'info' ? def.severity : 'warning';
  return {
    rule: {
      id: def.id, definition: def, severity, target, kinds: kinds && kinds.size ? kinds : undefined, validate,
      weight: Math.max(1, Math.ceil(countNodes(schema) / 8)),
      key: hashText(text),
    },
  };
}

/** An ajv compile error, located inside the schema when ajv names the place (`data/properties/x/type must …`). */
function compileError(message: string): CompileResult {
  const m = /^schema is invalid: data((?:\/[^\s,]+)*) ([^,]+)(,|$)/.exec(message);
  if (!m) return { error: `The schema does not compile: ${message}.`, path: ['schema'] };
  const inner = m[1] ? m[1].slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
  const place = inner.length ? `"${inner[inner.length - 1]}" ` : '';
  return { error: `The schema is invalid: ${place}${m[2]}.`, path: ['schema', ...inner.map((s) => (/^\d+$/.test(s) ? Number(s) : s))] };
}

function newAjv(): Ajv {
  // strict off: user schemas may carry annotations ajv does not know; unknown formats are ignored
  return new Ajv({ allErrors: true, strict: false, logger: false, validateFormats: true, inlineRefs: true });
}

const compiledSetCache = new Map<string, CompiledCustomRule[]>();

/**
 * Compile the `customRules` of a configuration, skipping invalid and duplicate definitions (the config validator
 * reports them) and applying `rules.<id>` entries: `off` disables a custom rule, a severity overrides its own.
 * Cached by content, so resolving the same configuration for many files compiles once.
 */
export function compileCustomRules(definitions: unknown, entries?: Record<string, RuleEntry>): CompiledCustomRule[] {
  if (!Array.isArray(definitions) || !definitions.length) return [];
  const key = hashText(JSON.stringify(definitions)) + ':' + JSON.stringify(definitions).length;
  let compiled = compiledSetCache.get(key);
  if (!compiled) {
    compiled = [];
    const seen = new Set<string>();
    for (const d of definitions.slice(0, CUSTOM_RULE_LIMITS.maxRules)) {
      const r = compileCustomRule(d);
      if (!r.rule || seen.has(r.rule.id)) continue;
      seen.add(r.rule.id);
      compiled.push(r.rule);
    }
    if (compiledSetCache.size >= 64) compiledSetCache.delete(compiledSetCache.keys().next().value as string);
    compiledSetCache.set(key, compiled);
  }
  if (!entries) return compiled;
  const out: CompiledCustomRule[] = [];
  for (const rule of compiled) {
    const entry = entries[rule.id];
    const level = typeof entry === 'string' ? entry : isObject(entry) ? (entry as { severity?: unknown }).severity : undefined;
    if (level === 'off') continue;
    out.push(level === 'error' || level === 'warning' || level === 'info' ? { ...rule, severity: level } : rule);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Evaluation

/** A custom-rule finding in offsets, ready for the engine. */
export interface CustomFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  resource: string;
  missing?: boolean;
}

export interface CustomEvaluation {
  findings: CustomFinding[];
  /** Work spent (see `CUSTOM_RULE_LIMITS.defaultBudget`). */
  cost: number;
  /** Set when evaluation stopped: the document is too large, or the budget ran out. */
  skipped?: string;
}

interface Target {
  node: Node;
  /** Anchor for a property missing on the target itself. */
  rootAnchor: Node | undefined;
  /** How the target is named in messages. */
  label: string;
}

class TooComplex extends Error {}

/**
 * Run custom rules on one Kubernetes object. Stops (with `skipped`) when the document is too large to convert or when
 * the next evaluation would exceed `budget`.
 */
export function evaluateCustomRules(rules: readonly CompiledCustomRule[], object: K8sObject, budget: number): CustomEvaluation {
  const findings: CustomFinding[] = [];
  let cost = 0;
  const converted = new Map<Node, { value: unknown; nodes: number }>();
  const counter = { nodes: 0, aliases: 0 };
  const doc = object.doc;
  for (const rule of rules) {
    if (rule.kinds && !rule.kinds.has(object.kind)) continue;
    let reported = 0;
    const seen = new Set<string>();
    for (const target of targetsOf(rule.target, object)) {
      let plain = converted.get(target.node);
      if (!plain) {
        try {
          const before = counter.nodes;
          const value = toPlain(target.node, doc, counter, 0);
          plain = { value, nodes: counter.nodes - before };
        } catch (e) {
          if (e instanceof TooComplex) return { findings, cost, skipped: `${object.resource} is too large to evaluate (${e.message})` };
          throw e;
        }
        converted.set(target.node, plain);
      }
      const step = Math.max(1, plain.nodes) * rule.weight;
      if (cost + step > budget) return { findings, cost: cost + step, skipped: 'the evaluation budget of the file ran out' };
      cost += step;
      if (rule.validate(plain.value)) continue;
      for (const error of relevantErrors(rule.validate.errors ?? [])) {
        if (reported >= CUSTOM_RULE_LIMITS.maxFindingsPerObject) break;
        const f = findingOf(rule, object, target, error);
        if (!f) continue;
        const id = `${f.span.start}:${f.span.end}:${f.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        findings.push(f);
        reported++;
      }
    }
  }
  return { findings, cost };
}

function targetsOf(target: CustomRuleTarget, object: K8sObject): Target[] {
  if (target === 'object') return [{ node: object.node, rootAnchor: object.kindNode, label: 'the object' }];
  const pod = podSpecOf(object);
  if (!pod) return [];
  if (target === 'podSpec') return [{ node: pod.spec, rootAnchor: pod.specPair.key, label: 'the pod spec' }];
  return containersOf(pod).map((c) => ({
    node: c.node,
    rootAnchor: c.nameNode ?? (c.node.items[0]?.key as Node | undefined),
    label: describeContainer(c),
  }));
}

/**
 * With `allErrors`, a failing `anyOf`/`oneOf` also reports every branch's errors; keep only the combinator's own error
 * (one clear finding), and drop `if` errors (their `then`/`else` errors carry the detail).
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath + '/');
  // errors inside `propertyNames` carry `propertyName`; the `propertyNames` error itself says it at the key
  return errors.filter((e) => e.keyword !== 'if' && (e as { propertyName?: string }).propertyName === undefined
    && !combinators.some((p) => e.schemaPath.startsWith(p)));
}

function findingOf(rule: CompiledCustomRule, object: K8sObject, target: Target, error: ErrorObject): CustomFinding | undefined {
  const doc = object.doc;
  const segments = error.instancePath ? error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
  const located = locate(target.node, segments, doc);
  if (!located) return undefined;
  const params = error.params as Record<string, unknown>;
  let anchor: Node | undefined;
  let missing = false;
  let detail: string;
  const where = segments.length ? displayPath(segments) : target.label;
  switch (error.keyword) {
    case 'required':
    case 'dependencies':
    case 'dependentRequired': {
      missing = true;
      anchor = located.holderKey ?? (segments.length ? firstKeyOf(located.node) : target.rootAnchor) ?? located.node;
      detail = `${where}: missing "${String(params.missingProperty)}"`;
      break;
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      anchor = keyNodeOf(located.node, key, doc) ?? located.node;
      detail = `${where}: "${key}" is not allowed`;
      break;
    }
    case 'propertyNames': {
      const key = String(params.propertyName);
      anchor = keyNodeOf(located.node, key, doc) ?? located.node;
      detail = `${where}: the key "${key}" is not allowed`;
      break;
    }
    default: {
      anchor = isScalar(located.node) ? located.node : located.holderKey ?? firstKeyOf(located.node) ?? located.node;
      detail = `${where} ${describeError(error)}`;
    }
  }
  if (!anchor || isTemplated(anchor) || (isScalar(located.node) && isTemplated(located.node))) return undefined;
  const def = rule.definition;
  // a container is named once: as the subject of a path inside it, or as the `where` of the container itself
  const prefix = rule.target === 'container' && segments.length ? `${target.label}: ` : '';
  const title = def.title.trim().replace(/[.:]$/, '');
  const message = `${title}: ${prefix}${detail}.${def.message?.trim() ? ' ' + def.message.trim() : ''}`;
  return { ruleId: rule.id, severity: rule.severity, message, span: doc.span(anchor), resource: object.resource, ...(missing ? { missing: true } : {}) };
}

function describeError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'enum': return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type': return `must be ${String(p.type).replace(/,/g, ' or ')}`;
    case 'pattern': return `must match ${String(p.pattern)}`;
    default: return e.message ?? `fails "${e.keyword}"`;
  }
}

/** `spec.template.spec.containers[0].image`. */
function displayPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) out += /^\d+$/.test(s) ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

interface Located {
  node: Node;
  /** The key of the pair holding `node`, when it was reached through a mapping. */
  holderKey: Node | undefined;
}

/** Follow JSON-pointer segments from a YAML node (through aliases and merge keys). */
function locate(start: Node, segments: readonly string[], doc: YamlDoc): Located | undefined {
  let node: Node = start;
  let holderKey: Node | undefined;
  for (const seg of segments) {
    const cur = deref(node, doc);
    if (isMap(cur)) {
      const pair = findPairIn(cur as YAMLMap, seg, doc, 0);
      if (!pair || pair.value === null || pair.value === undefined) return undefined;
      holderKey = pair.key as Node;
      node = pair.value as Node;
    } else if (isSeq(cur)) {
      const item = cur.items[Number(seg)] as Node | undefined;
      if (!item) return undefined;
      holderKey = undefined;
      node = item;
    } else {
      return undefined;
    }
  }
  return { node: deref(node, doc), holderKey };
}

function deref(node: Node, doc: YamlDoc): Node {
  let cur: Node = node;
  for (let i = 0; i < 10 && isAlias(cur); i++) {
    const target = cur.resolve(doc.doc);
    if (!target) break;
    cur = target as Node;
  }
  return cur;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || key.value === '<<');
}

function keyString(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const v = key.value;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'symbol') return undefined;
  return String(v);
}

/** A pair of a mapping by key, looking into `<<` merge sources after the mapping's own keys. */
function findPairIn(map: YAMLMap, key: string, doc: YamlDoc, depth: number): Pair | undefined {
  for (const item of map.items) if (!isMergeKey(item.key) && keyString(item.key) === key) return item as Pair;
  if (depth > 8) return undefined;
  for (const item of map.items) {
    if (!isMergeKey(item.key)) continue;
    const sources = isSeq(item.value) ? (item.value.items as Node[]) : [item.value as Node];
    for (const s of sources) {
      const src = s ? deref(s, doc) : undefined;
      if (isMap(src)) {
        const p = findPairIn(src as YAMLMap, key, doc, depth + 1);
        if (p) return p;
      }
    }
  }
  return undefined;
}

function keyNodeOf(node: Node, key: string, doc: YamlDoc): Node | undefined {
  return isMap(node) ? (findPairIn(node as YAMLMap, key, doc, 0)?.key as Node | undefined) : undefined;
}

function firstKeyOf(node: Node): Node | undefined {
  return isMap(node) && node.items.length ? (node.items[0].key as Node) : undefined;
}

/** The YAML node as plain JS (what the API server would see), counting nodes and alias expansions. */
function toPlain(node: Node | null | undefined, doc: YamlDoc, counter: { nodes: number; aliases: number }, depth: number): unknown {
  if (node === null || node === undefined) return null;
  if (++counter.nodes > CUSTOM_RULE_LIMITS.maxDocumentNodes) throw new TooComplex(`more than ${CUSTOM_RULE_LIMITS.maxDocumentNodes} nodes`);
  if (depth > 200) throw new TooComplex('nested more than 200 levels');
  if (isAlias(node)) {
    if (++counter.aliases > CUSTOM_RULE_LIMITS.maxAliasExpansions) throw new TooComplex(`more than ${CUSTOM_RULE_LIMITS.maxAliasExpansions} alias expansions`);
    const target = node.resolve(doc.doc) as Node | undefined;
    return target ? toPlain(target, doc, counter, depth + 1) : null;
  }
  if (isScalar(node)) return plainScalar(node as Scalar);
  if (isSeq(node)) return (node.items as Node[]).map((i) => toPlain(i, doc, counter, depth + 1));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    const merges: Node[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      if (isMergeKey(item.key)) { merges.push(item.value as Node); continue; }
      const k = keyString(item.key);
      if (k === undefined) continue;
      define(out, k, toPlain(item.value as Node, doc, counter, depth + 1));
    }
    for (const m of merges) {
      const sources = isSeq(m) ? (m.items as Node[]) : [m];
      for (const s of sources) {
        const v = toPlain(s, doc, counter, depth + 1);
        if (isObject(v)) for (const [k, x] of Object.entries(v)) if (!Object.prototype.hasOwnProperty.call(out, k)) define(out, k, x);
      }
    }
    return out;
  }
  return null;
}

function plainScalar(node: Scalar): unknown {
  const v = node.value;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return isNaN(v.getTime()) ? String(node.source ?? '') : v.toISOString();
  if (typeof v === 'symbol') return String(v.description ?? '');
  if (v !== null && typeof v === 'object') return null;
  return v ?? null;
}

/** Own property, also for `__proto__` keys (plain assignment would change the prototype). */
function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------------------------------
// Explanations

/** Markdown explanation of a custom rule for hover, `explain` and SARIF help. */
export function explainCustomRule(definition: CustomRuleDefinition, options: { heading?: boolean } = {}): string {
  const out: string[] = [];
  const title = typeof definition.title === 'string' ? definition.title.trim() : definition.id;
  if (options.heading !== false) out.push(`## ${definition.id}`, '', `**${title}**`, '');
  else out.push(`**${title}** (\`${definition.id}\`)`, '');
  const target = definition.target ?? 'object';
  const targetText = target === 'object' ? 'each object' : target === 'podSpec' ? 'each pod spec' : 'each container (init, regular and ephemeral)';
  const kinds = definition.kinds?.length ? definition.kinds.join(', ') : 'every kind';
  out.push(`Custom rule from the workspace configuration (\`.palisade.yaml\`) · Severity: ${definition.severity ?? 'warning'} · Checks ${targetText} of ${kinds}`, '');
  if (definition.message?.trim()) out.push('### Why', '', definition.message.trim(), '');
  if (definition.remediation?.trim()) out.push('### How to fix', '', definition.remediation.trim(), '');
  out.push('### Schema', '', 'The target must satisfy this JSON Schema:', '', '```json', JSON.stringify(definition.schema, null, 2) ?? 'true', '```', '');
  out.push('Custom rules run only in trusted workspaces.', '');
  out.push(`Suppress: \`# palisade-ignore ${definition.id} -- <reason>\` on the line before.`);
  return out.join('\n').trimEnd() + '\n';
}

// ---------------------------------------------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function depthOf(v: unknown, depth = 0): number {
  if (depth > CUSTOM_RULE_LIMITS.maxSchemaDepth * 2) return depth;
  if (Array.isArray(v)) return v.reduce((m: number, x) => Math.max(m, depthOf(x, depth + 1)), depth);
  if (isObject(v)) return Object.values(v).reduce((m: number, x) => Math.max(m, depthOf(x, depth + 1)), depth);
  return depth;
}

function countNodes(v: unknown): number {
  if (Array.isArray(v)) return 1 + v.reduce((n: number, x) => n + countNodes(x), 0);
  if (isObject(v)) return 1 + Object.values(v).reduce((n: number, x) => n + countNodes(x), 0);
  return 1;
}
