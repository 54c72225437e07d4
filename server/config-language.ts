import { parseDocument, type Document } from 'yaml';
import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover, type Position, type Range } from 'vscode-languageserver/node';
import { PRESET_DESCRIPTIONS, PRESETS } from '../rules/core/config.js';
import { configSchema } from '../rules/core/config-schema.js';
import { WORKLOAD_KINDS } from '../rules/core/k8s.js';
import { LIMITS } from '../rules/core/limits.js';
import type { RuleModule } from '../rules/core/rule.js';
import { LineIndex } from '../rules/core/text.js';
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from '../rules/core/yaml-model.js';
import { ruleDocsUrl } from './protocol.js';

/**
 * Completion and hover inside a configuration file (`.palisade.yaml`, `.palisade.yml`, `palisade.config.yaml`).
 * Everything comes from the one configuration schema (`rules/core/config-schema.ts`, with every rule's entry and
 * options) and the rule registry: the keys of each mapping, the values of enumerations (levels, presets, custom rule
 * targets and severities), rule ids with their titles, Kubernetes kinds for a custom rule's `kinds`.
 *
 * The document is usually incomplete while the user types. To find where the cursor is, a marker word is put at the
 * cursor (followed by a colon where a key is being typed), the text is parsed with the `yaml` package (which builds a
 * tree around syntax errors), and the marker is looked up in the tree: its path of keys and indexes says which part
 * of the schema applies. When the document is too broken for that, the text up to the cursor's line is tried alone.
 */

/** What completion and hover need. */
export interface ConfigLanguageInput {
  text: string;
  position: Position;
  registry: readonly RuleModule[];
}

type Schema = Record<string, unknown>;
type Segment = string | number;

/** Ends up in the parsed tree where the cursor is; plain-scalar safe and never typed by anyone. */
const MARK = 'qzPalisadeCursorqz';
/** Characters of a word being completed: rule ids, keys, presets (not YAML punctuation, quotes or spaces). */
const WORD_BEFORE = /[^\s[\]{},'":#]*$/;
const WORD_AFTER = /^[^\s[\]{},'":#]*/;

const LEVEL_DESCRIPTIONS: Record<string, string> = {
  off: 'The rule does not run.',
  info: 'Findings are reported as information.',
  warning: 'Findings are reported as warnings.',
  error: 'Findings are reported as errors (they fail `palisade scan` by default).',
};

/** Kinds offered for a custom rule's `kinds`: the workload kinds and the other kinds rules look at. */
const KIND_SUGGESTIONS = [...new Set([
  ...WORKLOAD_KINDS, 'Pod', 'Service', 'Ingress', 'ConfigMap', 'Secret', 'Namespace', 'ServiceAccount', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'NetworkPolicy', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
])].sort();

// ---------------------------------------------------------------------------------------------------------------------
// Completion

/** Completion items at a position of a configuration file; empty when nothing fits (never throws on bad input). */
export function configCompletions(input: ConfigLanguageInput, triggerCharacter?: string): CompletionItem[] {
  const { text, position } = input;
  if (text.length > LIMITS.config.maxBytes) return [];
  const lines = new LineIndex(text);
  if (position.line >= lines.lineCount) return [];
  const offset = lines.offsetAt(position);
  const lineStart = lines.lineStarts[position.line];
  const lineText = lines.lineText(position.line);
  const before = text.slice(lineStart, offset);
  const after = lineText.slice(before.length);
  if (/(^|\s)#/.test(before)) return [];
  // a space only asks for values (`key: `) and list items (`- `), not for every space of indentation
  if (triggerCharacter === ' ' && !/([:,[{]|(^|\s)-)\s$/.test(before)) return [];
  const partial = WORD_BEFORE.exec(before)![0];
  const following = WORD_AFTER.exec(after)![0];
  const prefix = before.slice(0, before.length - partial.length);
  const rest = after.slice(following.length);
  const keyish = /^\s*(?:-\s+)*$/.test(prefix);
  const colonFollows = /^\s*:/.test(rest);
  const bareColon = !keyish && partial === '' && prefix.endsWith(':');
  // the marked line: the word with the marker inside, a colon where a key is being typed, a space after a bare colon
  const marked = `${prefix}${bareColon ? ' ' : ''}${partial}${MARK}${following}${keyish && !colonFollows ? ':' : ''}${rest}`;
  const lineEnd = lineStart + lineText.length;
  const patched = text.slice(0, lineStart) + marked + text.slice(lineEnd);
  // a syntax error up to the cursor can put the marker in the wrong place: then the skeleton decides
  const upTo = lineStart + marked.length;
  const cursor = findCursor(patched, upTo) ?? findCursor(text.slice(0, lineStart) + marked, upTo) ?? findCursor(skeleton(text.slice(0, lineStart), marked), Infinity, true);
  if (!cursor) return [];

  const range: Range = { start: { line: position.line, character: position.character - partial.length }, end: { line: position.line, character: position.character + following.length } };
  const language = new ConfigSchemaView(input.registry);
  const edit = (newText: string): CompletionItem['textEdit'] => ({ range, newText });
  const items: CompletionItem[] = [];

  const keyItems = (path: Segment[], present: ReadonlySet<string>): boolean => {
    if (isRulesPath(path)) {
      for (const rule of language.rulesSorted) {
        if (present.has(rule.meta.id)) continue;
        items.push({
          label: rule.meta.id, kind: CompletionItemKind.Value, detail: rule.meta.title, documentation: ruleDocumentation(rule),
          filterText: rule.meta.id, textEdit: edit(colonFollows ? rule.meta.id : `${rule.meta.id}: `),
        });
      }
      for (const custom of cursor.customRules) {
        if (present.has(custom.id)) continue;
        items.push({
          label: custom.id, kind: CompletionItemKind.Value, detail: custom.title ?? 'Custom rule',
          documentation: { kind: MarkupKind.Markdown, value: `Custom rule defined in \`customRules\` of this file.` },
          filterText: custom.id, textEdit: edit(colonFollows ? custom.id : `${custom.id}: `),
        });
      }
      return true;
    }
    const properties = language.propertiesAt(path);
    if (!properties.size) return false;
    let order = 0;
    for (const [key, schema] of properties) {
      if (present.has(key)) continue;
      const container = language.isContainer(schema);
      const description = language.describe(schema);
      items.push({
        label: key, kind: CompletionItemKind.Property, detail: description ? firstSentence(description) : undefined,
        documentation: description ? { kind: MarkupKind.Markdown, value: description } : undefined,
        sortText: String(order++).padStart(4, '0'), filterText: key,
        textEdit: edit(colonFollows ? key : container ? `${key}:` : `${key}: `),
      });
    }
    return true;
  };

  const valueItems = (path: Segment[]): void => {
    const lead = bareColon ? ' ' : '';
    for (const v of language.valuesAt(path)) {
      items.push({
        label: v.value, kind: CompletionItemKind.EnumMember, detail: v.description ? firstSentence(v.description) : undefined,
        documentation: v.description ? { kind: MarkupKind.Markdown, value: v.description } : undefined,
        sortText: String(v.order).padStart(4, '0'), filterText: v.value, textEdit: edit(lead + v.value),
      });
    }
  };

  if (cursor.kind === 'key') {
    // `- word` in a list of scalars (`extends:` items) was marked as a key: it is a value
    const asKey = keyItems(cursor.path, cursor.present);
    if (!asKey && cursor.path.length && typeof cursor.path[cursor.path.length - 1] === 'number' && cursor.present.size === 0) valueItems(cursor.path);
  } else {
    valueItems(cursor.path);
  }
  return items;
}

/**
 * The last resort for a document the parser cannot make sense of (tabs, unclosed brackets above the cursor): the
 * marked line under its block ancestors only, found by indentation (each nearer line indented less than the last),
 * with their values dropped: `rules: [` then `  k8s/x` become `rules:` and `  k8s/x…:`.
 */
function skeleton(above: string, marked: string): string {
  const column = (line: string): number => /^ */.exec(line)![0].length;
  const out = [marked];
  let limit = column(marked);
  const lines = above.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i];
    if (/^\s*(#|$)/.test(line) || /^ *\t/.test(line)) continue;
    const col = column(line);
    if (col >= limit) continue;
    const m = /^( *(?:-[ ]+)*)(-?)(.*)$/.exec(line)!;
    const key = /^("[^"]*"|'[^']*'|[^\s#'"[{][^#]*?)\s*:(\s|$)/.exec(m[3]);
    if (key) out.unshift(`${m[1]}${key[1]}:`);
    else if (m[2] || /^\s*$/.test(m[3])) out.unshift(`${m[1]}${m[2]}`);
    else continue;
    limit = col;
  }
  return out.join('\n');
}

/** Where the marker sits: a key being typed in the mapping at `path`, or a value at `path`. */
interface CursorPlace {
  kind: 'key' | 'value';
  path: Segment[];
  /** Keys the mapping already has (for a key), so they are not offered again. */
  present: ReadonlySet<string>;
  /** Custom rules declared in the file (ids and titles), for rule-id completion. */
  customRules: { id: string; title?: string }[];
}

/** The marker's place in a parse of `text`; undefined when it is not found or (unless `anyway`) the text has a
 *  syntax error before `end`. */
function findCursor(text: string, end: number, anyway = false): CursorPlace | undefined {
  let doc: Document;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  } catch {
    return undefined;
  }
  if (!anyway && doc.errors.some((e) => e.pos[0] < end)) return undefined;
  const found = locateMark(doc.contents as Node | null, [], 0);
  if (!found) return undefined;
  return { ...found, customRules: declaredCustomRules(doc.contents) };
}

function locateMark(node: unknown, path: Segment[], depth: number): Omit<CursorPlace, 'customRules'> | undefined {
  if (depth > 64 || !node) return undefined;
  if (isScalar(node)) return String(node.value).includes(MARK) ? { kind: 'value', path, present: new Set() } : undefined;
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = keyText(item);
      if (key?.includes(MARK)) {
        const present = new Set(node.items.map((p) => keyText(p as Pair)).filter((k): k is string => k !== undefined && !k.includes(MARK)));
        return { kind: 'key', path, present };
      }
      if (key === undefined) continue;
      const inValue = locateMark(item.value, [...path, key], depth + 1);
      if (inValue) return inValue;
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inItem = locateMark(item, [...path, i], depth + 1);
      if (inItem) return inItem;
    }
  }
  return undefined;
}

function keyText(pair: Pair): string | undefined {
  const k = pair?.key;
  if (!isScalar(k) || k.value === null || k.value === undefined || typeof k.value === 'object') return undefined;
  return String(k.value);
}

function declaredCustomRules(root: unknown): { id: string; title?: string }[] {
  const out: { id: string; title?: string }[] = [];
  if (!isMap(root)) return out;
  const list = root.items.find((p) => keyText(p as Pair) === 'customRules')?.value;
  if (!isSeq(list)) return out;
  for (const def of list.items) {
    if (!isMap(def)) continue;
    const field = (name: string): string | undefined => {
      const v = def.items.find((p) => keyText(p as Pair) === name)?.value;
      return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
    };
    const id = field('id');
    if (id && !id.includes(MARK)) out.push({ id, title: field('title') });
  }
  return out;
}

/** `rules` at the top level or in an override: its keys are rule ids. */
function isRulesPath(path: readonly Segment[]): boolean {
  return (path.length === 1 && path[0] === 'rules') || (path.length === 3 && path[0] === 'overrides' && typeof path[1] === 'number' && path[2] === 'rules');
}

function isKindsItem(path: readonly Segment[]): boolean {
  return path.length === 4 && path[0] === 'customRules' && path[2] === 'kinds' && typeof path[3] === 'number';
}

// ---------------------------------------------------------------------------------------------------------------------
// Hover

/** Hover on a key (its description from the configuration schema), a rule id (title, severity, summary, docs link)
 *  or a preset or level value. Null elsewhere. */
export function configHover(input: ConfigLanguageInput): Hover | null {
  const { text, position } = input;
  if (text.length > LIMITS.config.maxBytes) return null;
  const lines = new LineIndex(text);
  if (position.line >= lines.lineCount) return null;
  const offset = lines.offsetAt(position);
  let doc: Document;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  } catch {
    return null;
  }
  const hit = nodeAt(doc.contents as Node | null, offset, [], 0);
  if (!hit) return null;
  const language = new ConfigSchemaView(input.registry);
  const range = lines.rangeOf({ start: hit.range[0], end: hit.range[1] });
  const markdown = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });
  const last = hit.path[hit.path.length - 1];
  if (hit.onKey && typeof last === 'string' && isRulesPath(hit.path.slice(0, -1))) {
    const rule = language.rule(last);
    if (rule) return markdown(ruleHover(rule));
    const custom = declaredCustomRules(doc.contents).find((c) => c.id === last);
    if (custom) return markdown(`**\`${custom.id}\`**${custom.title ? `: ${custom.title}` : ''}\n\nCustom rule defined in \`customRules\` of this file.`);
    return null;
  }
  if (hit.onKey) {
    const schema = language.schemaOfKey(hit.path);
    const description = schema && language.describe(schema);
    return description ? markdown(`**\`${String(last)}\`**: ${description}`) : null;
  }
  if (typeof hit.value !== 'string') return null;
  const value = language.valuesAt(hit.path).find((v) => v.value === hit.value);
  return value?.description ? markdown(`**\`${value.value}\`**: ${value.description}`) : null;
}

interface NodeHit {
  path: Segment[];
  onKey: boolean;
  range: [number, number];
  value?: unknown;
}

/** The key or scalar value at an offset, with its path. */
function nodeAt(node: unknown, offset: number, path: Segment[], depth: number): NodeHit | undefined {
  if (depth > 64 || !node) return undefined;
  const within = (n: unknown): boolean => {
    const r = (n as { range?: [number, number, number] } | null)?.range;
    return !!r && offset >= r[0] && offset <= r[1];
  };
  if (isScalar(node)) return within(node) ? { path, onKey: false, range: [node.range![0], node.range![1]], value: node.value } : undefined;
  if (isMap(node)) {
    for (const item of node.items) {
      const key = keyText(item as Pair);
      if (key === undefined) continue;
      const k = item.key as Node;
      if (within(k)) return { path: [...path, key], onKey: true, range: [k.range![0], k.range![1]] };
      if (within(item.value)) return nodeAt(item.value, offset, [...path, key], depth + 1);
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) if (within(item)) return nodeAt(item, offset, [...path, i], depth + 1);
  }
  return undefined;
}

function ruleHover(rule: RuleModule): string {
  const m = rule.meta;
  const summary = firstParagraph(m.rationale);
  return [
    `**\`${m.id}\`**: ${m.title}`,
    '',
    `Default severity **${m.severity}** · stage ${m.stage}${m.enabledByDefault === false ? ' · off by default' : ''}`,
    ...(summary ? ['', summary] : []),
    '',
    `[Documentation for ${m.id}](${ruleDocsUrl(m.id)})`,
  ].join('\n');
}

function ruleDocumentation(rule: RuleModule): CompletionItem['documentation'] {
  return { kind: MarkupKind.Markdown, value: ruleHover(rule) };
}

function firstParagraph(markdown: string | undefined): string {
  return (markdown ?? '').trim().split(/\n\s*\n/)[0]?.trim() ?? '';
}

function firstSentence(markdown: string): string {
  const plain = markdown.replace(/\*\*|`/g, '').split('\n')[0];
  const m = /^(.*?[.!?])(\s|$)/.exec(plain);
  return (m ? m[1] : plain).slice(0, 120);
}

// ---------------------------------------------------------------------------------------------------------------------
// The schema, navigated by path

const schemas = new WeakMap<readonly RuleModule[], Schema>();

/** The configuration schema of a registry (built once), read by path: properties, enumerations, descriptions. */
class ConfigSchemaView {
  private readonly root: Schema;
  private readonly byId: Map<string, RuleModule>;

  constructor(private readonly registry: readonly RuleModule[]) {
    let root = schemas.get(registry);
    if (!root) {
      root = configSchema(registry);
      schemas.set(registry, root);
    }
    this.root = root;
    this.byId = new Map(registry.map((r) => [r.meta.id, r]));
  }

  get rulesSorted(): RuleModule[] {
    return [...this.registry].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  }

  rule(id: string): RuleModule | undefined {
    return this.byId.get(id);
  }

  /** The schema (and its alternatives: `$ref`, `if`/`then`/`else`, `anyOf`, `oneOf`, `allOf`) at a path. */
  at(path: readonly Segment[]): Schema[] {
    let current = this.expand(this.root);
    for (const seg of path) {
      const next: Schema[] = [];
      for (const s of current) {
        if (typeof seg === 'number') {
          if (isSchema(s.items)) next.push(s.items);
          continue;
        }
        const properties = s.properties as Record<string, unknown> | undefined;
        if (properties && Object.prototype.hasOwnProperty.call(properties, seg) && isSchema(properties[seg])) {
          next.push(properties[seg] as Schema);
          continue;
        }
        const patterns = s.patternProperties as Record<string, unknown> | undefined;
        const byPattern = patterns ? Object.entries(patterns).find(([p]) => safeTest(p, seg)) : undefined;
        if (byPattern && isSchema(byPattern[1])) next.push(byPattern[1]);
        else if (isSchema(s.additionalProperties)) next.push(s.additionalProperties);
      }
      current = next.flatMap((s) => this.expand(s));
      if (!current.length) return [];
    }
    return current;
  }

  /** The schema of the key at the end of a path, as written in its parent (where its description is). */
  schemaOfKey(path: readonly Segment[]): Schema | undefined {
    const parent = this.at(path.slice(0, -1));
    const key = path[path.length - 1];
    for (const s of parent) {
      const properties = s.properties as Record<string, unknown> | undefined;
      if (typeof key === 'string' && properties && Object.prototype.hasOwnProperty.call(properties, key) && isSchema(properties[key])) return properties[key] as Schema;
    }
    return this.at(path)[0];
  }

  /** The keys a mapping at `path` may have, in schema order, with their schemas. */
  propertiesAt(path: readonly Segment[]): Map<string, Schema> {
    const out = new Map<string, Schema>();
    for (const s of this.at(path)) {
      const properties = s.properties as Record<string, unknown> | undefined;
      if (!properties) continue;
      for (const [key, schema] of Object.entries(properties)) if (isSchema(schema) && !out.has(key)) out.set(key, schema);
    }
    return out;
  }

  /** The values a scalar at `path` may take: enumerations, booleans, presets, Kubernetes kinds. */
  valuesAt(path: readonly Segment[]): { value: string; description?: string; order: number }[] {
    if (isKindsItem(path)) return KIND_SUGGESTIONS.map((value, order) => ({ value, order }));
    const out: { value: string; description?: string; order: number }[] = [];
    const add = (value: string, description?: string): void => {
      if (!out.some((v) => v.value === value)) out.push({ value, description, order: out.length });
    };
    for (const s of this.at(path)) {
      if (Array.isArray(s.enum)) {
        const descriptions = Array.isArray(s.markdownEnumDescriptions) ? s.markdownEnumDescriptions as unknown[] : [];
        s.enum.forEach((v, i) => {
          if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return;
          const value = String(v);
          const described = typeof descriptions[i] === 'string' ? descriptions[i] as string : undefined;
          const preset = (PRESETS as readonly string[]).includes(value) ? PRESET_DESCRIPTIONS[value as keyof typeof PRESET_DESCRIPTIONS] : undefined;
          const level = Object.prototype.hasOwnProperty.call(LEVEL_DESCRIPTIONS, value) ? LEVEL_DESCRIPTIONS[value] : undefined;
          add(value, described ?? preset ?? level);
        });
      }
      if (s.type === 'boolean') { add('true'); add('false'); }
    }
    return out;
  }

  /** Whether a key's value is a mapping or a list (its key is then written alone on its line). */
  isContainer(schema: Schema): boolean {
    const all = this.expand(schema);
    return all.length > 0 && all.every((s) => s.type === 'object' || s.type === 'array' || isSchema(s.properties) || isSchema(s.items))
      && !all.some((s) => Array.isArray(s.enum) || s.type === 'string' || s.type === 'boolean' || s.type === 'number' || s.type === 'integer');
  }

  /** The description of a schema (markdown when it has one), following references. */
  describe(schema: Schema): string | undefined {
    for (const s of [schema, ...this.expand(schema)]) {
      if (typeof s.markdownDescription === 'string') return s.markdownDescription;
      if (typeof s.description === 'string') return s.description;
    }
    return undefined;
  }

  /** A schema with its references resolved and its alternatives listed (bounded: references may recurse). */
  private expand(schema: Schema, depth = 0): Schema[] {
    if (depth > 8) return [];
    let s = schema;
    if (typeof s.$ref === 'string') {
      const target = this.ref(s.$ref);
      if (!target) return [];
      s = target;
    }
    const out: Schema[] = [s];
    for (const key of ['then', 'else']) if (isSchema(s[key])) out.push(...this.expand(s[key] as Schema, depth + 1));
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      const list = s[key];
      if (Array.isArray(list)) for (const item of list) if (isSchema(item)) out.push(...this.expand(item, depth + 1));
    }
    return out;
  }

  private ref(ref: string): Schema | undefined {
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    const definitions = this.root.definitions as Record<string, unknown> | undefined;
    const target = m && definitions ? definitions[m[1]] : undefined;
    return isSchema(target) ? target : undefined;
  }
}

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}
