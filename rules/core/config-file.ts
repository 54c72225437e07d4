import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { addDuplicateKeyErrors, LIMITS, yamlComplexity } from './limits.js';
import { PRESETS, type PalisadeConfig } from './config.js';
import { configSchema, CONFIG_SCHEMA_TITLE, ruleEntryValidationSchema } from './config-schema.js';
import { compileCustomRule, CUSTOM_RULE_ID_PATTERN, RESERVED_RULE_PREFIXES } from './custom-rules.js';
import { checkGlob } from './glob.js';
import { checkRegexSafety } from './regex-safety.js';
import type { RuleModule } from './rule.js';
import type { Span } from './types.js';

/** A problem in a configuration file, at the exact key or value. */
export interface ConfigProblem {
  message: string;
  span: Span;
  severity: 'error' | 'warning';
}

export const CONFIG_FILE_NAMES = ['.palisade.yaml', '.palisade.yml', 'palisade.config.yaml'] as const;

const TOP_LEVEL_KEYS = ['extends', 'rules', 'overrides', 'policies', 'customRules', 'exclude', 'suppressions', 'targetStage'];

/** Keywords of the schema meant for editors; the validator reads `errorMessage`/`patternErrorMessage` itself. */
const EDITOR_KEYWORDS = ['markdownDescription', 'markdownEnumDescriptions', 'enumDescriptions', 'errorMessage', 'patternErrorMessage', 'deprecationMessage', 'defaultSnippets'];

type Segment = string | number;
type Path = Segment[];

export interface ConfigTextOptions {
  /** False for an untrusted workspace: its custom rules are not compiled (nor run), so their schemas go unchecked. */
  trusted?: boolean;
}

/**
 * Read `.palisade.yaml`: YAML, then the configuration schema (ajv), then what a schema cannot say (custom rule ids
 * unique and declared, custom schemas that compile and have safe patterns, replica bounds in order). Never throws:
 * every problem is returned at the exact key or value, and whatever is valid is kept, so a broken entry never
 * disables the rest of the configuration.
 */
export function parseConfigText(text: string, registry: readonly RuleModule[], options: ConfigTextOptions = {}): { config: PalisadeConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  let doc: Document.Parsed;
  // the parser recurses per nesting level and slows down with lines: a hostile configuration is refused unread
  const complexity = text.length > LIMITS.config.maxBytes ? `larger than ${LIMITS.config.maxBytes / 1024} KiB` : yamlComplexity(text);
  if (complexity) {
    problems.push({ message: `Cannot read the configuration: it is too complex (${complexity}).`, span: { start: 0, end: 0 }, severity: 'error' });
    return { config: {}, problems };
  }
  try {
    // duplicate keys are found in linear time (the parser's own check is quadratic in a mapping's size)
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
    addDuplicateKeyErrors(doc);
  } catch (e) {
    problems.push({ message: `Cannot read the configuration: ${(e as Error).message}`, span: { start: 0, end: 0 }, severity: 'error' });
    return { config: {}, problems };
  }
  for (const e of doc.errors) {
    // the parser may place an error one past the end of the text
    problems.push({ message: e.message.split('\n')[0], span: { start: Math.min(e.pos[0], text.length), end: Math.min(e.pos[1], text.length) }, severity: 'error' });
  }
  if (doc.errors.length) return { config: {}, problems };
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return { config: {}, problems };
  if (!isMap(root)) {
    problems.push({ message: `The configuration must be a mapping of keys (${TOP_LEVEL_KEYS.join(', ')}).`, span: spanOf(root), severity: 'error' });
    return { config: {}, problems };
  }
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (e) {
    problems.push({ message: `Cannot read the configuration: ${(e as Error).message}`, span: spanOf(root), severity: 'error' });
    return { config: {}, problems };
  }
  const checker = new ConfigChecker(doc, root, data, registry, problems, options.trusted ?? true);
  checker.validateSchema();
  checker.checkCustomRules();
  checker.checkRuleIds();
  checker.checkReplicaBounds();
  return { config: checker.result(), problems };
}

// ---------------------------------------------------------------------------------------------------------------------

const validators = new WeakMap<readonly RuleModule[], ValidateFunction>();

function newAjv(): Ajv {
  // our own schemas: no need to validate them against the meta-schema or to optimise the generated code, which
  // roughly halves the one-time compilation
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, logger: false, validateSchema: false, code: { optimize: false } });
  ajv.addVocabulary(EDITOR_KEYWORDS);
  ajv.addFormat('glob', { type: 'string', validate: (s: string) => checkGlob(s) === undefined });
  ajv.addFormat('regex', { type: 'string', validate: (s: string) => checkRegexSafety(s) === undefined });
  return ajv;
}

/** The compiled configuration schema without the rule entries (once per registry; entries are checked one by one). */
function validatorFor(registry: readonly RuleModule[]): ValidateFunction {
  let v = validators.get(registry);
  if (v) return v;
  try {
    v = newAjv().compile(configSchema(registry, { lazyRules: true }));
  } catch {
    v = newAjv().compile({ type: 'object', title: CONFIG_SCHEMA_TITLE });
  }
  validators.set(registry, v);
  return v;
}

const entryValidators = new WeakMap<RuleModule, ValidateFunction>();
let customEntryValidator: ValidateFunction | undefined;
let entryAjv: Ajv | undefined;

/** The validator of one rule's `rules` entry, compiled the first time a file mentions the rule. A rule whose options
 *  schema does not compile is validated loosely rather than breaking validation of the file. */
function entryValidatorFor(rule: RuleModule | undefined): ValidateFunction {
  const cached = rule ? entryValidators.get(rule) : customEntryValidator;
  if (cached) return cached;
  entryAjv ??= newAjv();
  let v: ValidateFunction;
  try {
    v = entryAjv.compile(ruleEntryValidationSchema(rule));
  } catch {
    v = entryAjv.compile(ruleEntryValidationSchema(rule, true));
  }
  if (rule) entryValidators.set(rule, v);
  else customEntryValidator = v;
  return v;
}

const PRUNED = Symbol('pruned');

class ConfigChecker {
  private readonly pruned: Path[] = [];
  private readonly ruleIds: string[];
  private readonly byId: Map<string, RuleModule>;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly root: Node,
    private readonly data: Record<string, unknown>,
    registry: readonly RuleModule[],
    private readonly problems: ConfigProblem[],
    private readonly trusted: boolean,
  ) {
    this.ruleIds = registry.map((r) => r.meta.id);
    this.byId = new Map(registry.map((r) => [r.meta.id, r]));
    this.validator = validatorFor(registry);
  }

  private readonly validator: ValidateFunction;

  // -------------------------------------------------------------------------------------------------------------------
  // Schema errors

  validateSchema(): void {
    if (!this.validator(this.data)) for (const e of relevantErrors(this.validator.errors ?? [])) this.reportSchemaError(e, []);
    this.validateRuleEntries(this.data.rules, ['rules']);
    const overrides = this.data.overrides;
    if (Array.isArray(overrides)) overrides.forEach((o, i) => { if (isRecord(o)) this.validateRuleEntries(o.rules, ['overrides', i, 'rules']); });
  }

  /** Each entry of a `rules` mapping: a known rule id (built-in, or custom-shaped), and a valid entry for that rule. */
  private validateRuleEntries(rules: unknown, path: Path): void {
    if (!isRecord(rules) || this.isPruned(path)) return;
    const customPattern = new RegExp(CUSTOM_RULE_ID_PATTERN);
    for (const [id, entry] of Object.entries(rules)) {
      const rule = this.byId.get(id);
      if (!rule && !customPattern.test(id)) {
        this.report(`Unknown rule "${id}"${suggest(id, [...this.ruleIds, ...this.customIds()]) || '.'}`, [...path, id], { key: true });
        this.prune([...path, id]);
        continue;
      }
      const validate = entryValidatorFor(rule);
      if (!validate(entry)) for (const e of relevantErrors(validate.errors ?? [])) this.reportSchemaError(e, [...path, id]);
    }
  }

  private reportSchemaError(e: ErrorObject, prefix: Path): void {
    const path = [...prefix, ...pointerToPath(e.instancePath)];
    const params = e.params as Record<string, unknown>;
    const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
    const value = e.data;
    const name = nameOf(path);
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        const keyPath = [...path, key];
        this.report(this.unknownKeyMessage(path, key, parent), keyPath, { key: true });
        this.prune(keyPath);
        return;
      }
      case 'required': {
        const missing = String(params.missingProperty);
        this.report(`${capitalise(describeContainerOf(path))} needs "${missing}".`, path, { holder: true });
        this.prune(path);
        return;
      }
      case 'type':
      case 'enum':
      case 'const': {
        const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : undefined;
        let message: string;
        if (e.keyword === 'type') {
          message = custom ? `${capitalise(name)}: ${custom}` : `${capitalise(name)} must be ${article(String(params.type).replace(/,/g, ' or '))}, not ${describeValue(value)}.`;
        } else {
          const allowed = (e.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]).map((x) => String(x));
          const hint = typeof value === 'string' ? suggest(value, allowed) : '';
          message = `${capitalise(name)}: ${describeValue(value)} is not allowed. ${custom ?? `Use ${allowed.join(', ')}.`}${hint ? hint.replace(/^; d/, ' D') : ''}`;
        }
        this.report(message, path);
        this.prune(path);
        return;
      }
      case 'pattern': {
        let message: string;
        const reserved = RESERVED_RULE_PREFIXES.find((p) => typeof value === 'string' && value.startsWith(p));
        if (reserved && path[0] === 'customRules' && path[2] === 'id') {
          message = `Custom rule id "${String(value)}" uses the reserved prefix "${reserved}": the docker/ and k8s/ prefixes belong to the built-in rules. Use your own prefix, e.g. "acme/${String(value).slice(reserved.length)}".`;
        } else {
          message = `${capitalise(name)}: ${describeValue(value)} is not valid. ${typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : `It must match ${String(params.pattern)}.`}`;
        }
        this.report(message, path);
        this.prune(path);
        return;
      }
      case 'format': {
        const v = String(value);
        const message = params.format === 'glob'
          ? `Invalid glob "${v}": ${checkGlob(v) ?? 'not a valid pattern.'}`
          : params.format === 'regex'
            ? `Rejected regular expression "${v}": ${checkRegexSafety(v) ?? 'not a valid pattern.'}`
            : `${capitalise(name)} must be a valid ${String(params.format)}.`;
        this.report(message, path);
        this.prune(path);
        return;
      }
      case 'uniqueItems':
        this.report(`${capitalise(name)} lists the same value twice (items ${Number(params.j) + 1} and ${Number(params.i) + 1}).`, [...path, Number(params.i)]);
        this.prune([...path, Number(params.i)]);
        return;
      case 'anyOf':
      case 'oneOf':
        this.report(`${capitalise(name)} does not have an accepted form${typeof parent.errorMessage === 'string' ? `: ${parent.errorMessage}` : '.'}`, path);
        this.prune(path);
        return;
      default: {
        const custom = typeof parent.errorMessage === 'string' ? ` ${parent.errorMessage}` : '';
        this.report(`${capitalise(name)} ${e.message ?? 'is not valid'}.${custom}`, path);
        this.prune(path);
      }
    }
  }

  private unknownKeyMessage(path: Path, key: string, parent: Record<string, unknown>): string {
    const last = path[path.length - 1];
    if (path.length === 0) return `Unknown key "${key}". Known keys: ${TOP_LEVEL_KEYS.join(', ')}${suggest(key, TOP_LEVEL_KEYS) || '.'}`;
    if (last === 'rules') return `Unknown rule "${key}"${suggest(key, [...this.ruleIds, ...this.customIds()]) || '.'}`;
    if (path[path.length - 2] === 'rules') return `Unknown key "${key}" in a rule entry (use severity and options).`;
    const known = Object.keys((parent.properties as Record<string, unknown> | undefined) ?? {});
    const list = known.length && known.length <= 16 ? `. Known keys: ${known.join(', ')}` : '';
    return `Unknown key "${key}" in ${describeContainerOf(path)}${list}${suggest(key, known) || '.'}`;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // What the schema cannot say

  /** Declared custom rule ids (valid, first occurrence), for rule-id checks and suggestions. */
  private customIds(): string[] {
    const list = this.data.customRules;
    if (!Array.isArray(list)) return [];
    return list.filter((d): d is { id: string } => isRecord(d) && typeof d.id === 'string').map((d) => d.id);
  }

  checkCustomRules(): void {
    const list = this.data.customRules;
    if (!Array.isArray(list)) return;
    const seen = new Map<string, number>();
    list.forEach((def, i) => {
      if (!isRecord(def) || this.isPruned(['customRules', i])) return;
      // an invalid id, title or schema makes the rule unusable, and without its kinds or target it would check other
      // things than intended: drop it (already reported); a bad severity or message only falls back to the default
      if (['id', 'title', 'schema', 'kinds', 'target'].some((k) => this.touchesPruned(['customRules', i, k]))) {
        this.prune(['customRules', i]);
        return;
      }
      const id = typeof def.id === 'string' ? def.id : undefined;
      if (id !== undefined) {
        const first = seen.get(id);
        if (first !== undefined) {
          this.report(`Duplicate custom rule id "${id}" (already defined by custom rule ${first + 1}); ids must be unique.`, ['customRules', i, 'id']);
          this.prune(['customRules', i]);
          return;
        }
        seen.set(id, i);
      }
      // an untrusted workspace's schemas are never compiled (compiling generates code): they are checked once trusted
      if (!this.trusted) return;
      const result = compileCustomRule(def);
      if (!result.error) return;
      const where: Path = ['customRules', i, ...result.path];
      this.report(`Custom rule "${id ?? i + 1}": ${result.error}`, where, { key: result.isKey });
      this.prune(['customRules', i]);
    });
  }

  /** Custom-looking ids in `rules` (top level and overrides) must name a declared custom rule. */
  checkRuleIds(): void {
    const declared = new Set(this.customIds().filter((_, i) => !this.isPruned(['customRules', i])));
    const pattern = new RegExp(CUSTOM_RULE_ID_PATTERN);
    const check = (rules: unknown, path: Path): void => {
      if (!isRecord(rules)) return;
      for (const id of Object.keys(rules)) {
        if (!pattern.test(id) || declared.has(id) || this.isPruned([...path, id])) continue;
        this.report(`Unknown rule "${id}": no built-in or custom rule has this id${suggest(id, [...declared, ...this.ruleIds]) || '.'}`, [...path, id], { key: true });
        this.prune([...path, id]);
      }
    };
    check(this.data.rules, ['rules']);
    const overrides = this.data.overrides;
    if (Array.isArray(overrides)) overrides.forEach((o, i) => { if (isRecord(o)) check(o.rules, ['overrides', i, 'rules']); });
  }

  checkReplicaBounds(): void {
    const check = (policies: unknown, path: Path): void => {
      const r = isRecord(policies) ? policies.replicas : undefined;
      if (!isRecord(r) || typeof r.min !== 'number' || typeof r.max !== 'number' || r.min <= r.max) return;
      this.report(`"max" (${r.max}) is lower than "min" (${r.min}).`, [...path, 'replicas', 'max']);
      this.prune([...path, 'replicas']);
    };
    check(this.data.policies, ['policies']);
    const overrides = this.data.overrides;
    if (Array.isArray(overrides)) overrides.forEach((o, i) => { if (isRecord(o)) check(o.policies, ['overrides', i, 'policies']); });
  }

  // -------------------------------------------------------------------------------------------------------------------

  /** The configuration without the invalid parts. */
  result(): PalisadeConfig {
    for (const path of this.pruned) markPruned(this.data, path);
    const clean = sweep(this.data) as Record<string, unknown> | typeof PRUNED;
    if (clean === PRUNED || !isRecord(clean)) return {};
    const config: PalisadeConfig = {};
    for (const key of TOP_LEVEL_KEYS) {
      if (clean[key] === undefined) continue;
      if (key === 'extends') {
        const presets = (typeof clean.extends === 'string' ? [clean.extends] : clean.extends) as unknown[];
        config.extends = presets.filter((p) => (PRESETS as readonly unknown[]).includes(p)) as PalisadeConfig['extends'];
      } else {
        config[key] = clean[key];
      }
    }
    return config;
  }

  private prune(path: Path): void {
    this.pruned.push(path);
  }

  /** Whether `path` or anything under it was pruned. */
  private touchesPruned(path: Path): boolean {
    return this.isPruned(path) || this.pruned.some((p) => p.length > path.length && path.every((s, i) => String(s) === String(p[i])));
  }

  private isPruned(path: Path): boolean {
    return this.pruned.some((p) => p.length <= path.length && p.every((s, i) => String(s) === String(path[i])));
  }

  /**
   * Report at the node of `path`: its value (default), its key (`key`), or the key holding it (`holder`, for "this
   * mapping lacks X"; an item of a list is anchored at its first key).
   */
  private report(message: string, path: Path, how: { key?: boolean; holder?: boolean } = {}): void {
    const found = locate(this.doc, this.root, path);
    let node: Node | null | undefined = found?.node;
    if (how.key || how.holder) node = found?.pair ? (found.pair.key as Node) : how.holder && isMap(found?.node) ? (found!.node as { items: Pair[] }).items[0]?.key as Node : found?.node;
    this.problems.push({ message, span: spanOf(node ?? found?.pair?.key ?? this.root), severity: 'error' });
  }
}

/**
 * With `allErrors`, failing `if` keywords and the branches of `anyOf`/`oneOf` add noise: keep a combinator's branch
 * errors only when they are deeper than the combinator (the value has the right shape but a wrong part), else the
 * combinator's own error.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const c of errors) {
    if (c.keyword !== 'anyOf' && c.keyword !== 'oneOf') continue;
    const branch = errors.filter((e) => e !== c && e.schemaPath.startsWith(c.schemaPath + '/'));
    const deeper = branch.filter((e) => e.instancePath.length > c.instancePath.length);
    if (deeper.length) {
      drop.add(c);
      for (const e of branch) if (!deeper.includes(e)) drop.add(e);
    } else {
      for (const e of branch) drop.add(e);
    }
  }
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === 'if' || drop.has(e)) return false;
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Paths and nodes

function pointerToPath(pointer: string): Path {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Follow a path from the root node: the node at the end and the pair holding it (when reached through a mapping). */
function locate(doc: Document.Parsed, root: Node, path: Path): { node: Node | null; pair: Pair | undefined } | undefined {
  let node: Node | null = root;
  let pair: Pair | undefined;
  for (const seg of path) {
    if (node && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    if (isMap(node)) {
      pair = (node.items as Pair[]).find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return undefined;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as Node | undefined;
      if (item === undefined) return undefined;
      pair = undefined;
      node = item;
    } else {
      return undefined;
    }
  }
  return { node, pair };
}

function spanOf(node: unknown): Span {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

function markPruned(data: unknown, path: Path): void {
  let cur: unknown = data;
  for (let i = 0; i < path.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string, unknown>)[String(path[i])];
  }
  if (cur === null || typeof cur !== 'object' || !path.length) return;
  const last = String(path[path.length - 1]);
  if (Object.prototype.hasOwnProperty.call(cur, last)) (cur as Record<string, unknown>)[last] = PRUNED;
}

function sweep(v: unknown): unknown {
  if (v === PRUNED) return PRUNED;
  if (Array.isArray(v)) return v.map(sweep).filter((x) => x !== PRUNED);
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const s = sweep(x);
      if (s !== PRUNED) Object.defineProperty(out, k, { value: s, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------------------------------
// Messages

/** How a path is named: `"min"`, `item 2 of "exclude"`, `the configuration`. */
function nameOf(path: Path): string {
  if (!path.length) return 'the configuration';
  const last = path[path.length - 1];
  if (/^\d+$/.test(String(last))) {
    const parent = path.length > 1 ? path[path.length - 2] : undefined;
    return `item ${Number(last) + 1} of "${String(parent)}"`;
  }
  return `"${String(last)}"`;
}

/** The mapping at a path, for messages: `custom rule 2`, `the rule entry "k8s/x"`, `"options"`. */
function describeContainerOf(path: Path): string {
  if (!path.length) return 'the configuration';
  if (path.length === 2 && path[0] === 'customRules') return `custom rule ${Number(path[1]) + 1}`;
  if (path.length === 2 && path[0] === 'overrides') return `override ${Number(path[1]) + 1}`;
  if (path[path.length - 2] === 'rules') return `the entry of rule "${String(path[path.length - 1])}"`;
  return nameOf(path);
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'string') return `"${v.length > 60 ? v.slice(0, 57) + '…' : v}"`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v === 'boolean' ? 'the boolean' : 'the number'} ${String(v)}`;
}

function article(type: string): string {
  const words: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'empty' };
  return type.split(' or ').map((t) => words[t] ?? t).join(' or ');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `; did you mean "x"?` for the closest candidate by edit distance. */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { bestDistance = d; best = c; }
  }
  return best && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? `; did you mean "${best}"?` : '';
}

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return Math.abs(a.length - b.length);
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
