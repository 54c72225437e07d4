import { DockerfileModel } from '../rules/core/dockerfile-model.js';
import { fileKindOf, isHelmTemplate, maskTemplates } from '../rules/core/engine.js';
import { objectsOf, type K8sObject } from '../rules/core/k8s.js';
import type { SpanEdit } from '../rules/core/rule.js';
import { parseIgnoreAnnotation } from '../rules/core/suppressions.js';
import { LineIndex } from '../rules/core/text.js';
import { scalar, YamlEditor } from '../rules/core/yaml-edit.js';
import { isMap, isScalar, pairOf, parseChunk, splitYamlStream, YamlDoc, type Node, type ParsedChunk, type Scalar } from '../rules/core/yaml-model.js';

/** The reason the user is expected to replace. */
export const REASON_PLACEHOLDER = '<reason>';

/** A comment line to insert before `line` (0-based), with the indentation it needs. */
export interface CommentInsertion {
  line: number;
  indent: string;
  eol: string;
}

export interface SuppressionTarget {
  text: string;
  fileName: string;
  languageId: string;
}

/** JSON has no comments: suppressions there would break the file. */
export function supportsComments(target: SuppressionTarget): boolean {
  return target.languageId !== 'json' && !/\.json$/i.test(target.fileName) && fileKindOf(target.fileName, target.languageId) !== 'unknown';
}

/**
 * Where `# palisade-ignore <id> -- <reason>` goes to suppress a finding on `line`: the line above, at its indentation;
 * for a Dockerfile above the first line of the instruction (the engine extends the suppression over its continuation
 * lines). Undefined when no comment can go there without changing the file's meaning (inside a YAML block scalar or
 * a multi-line string, where a `#` line would become part of the value).
 */
export function lineSuppressionPoint(target: SuppressionTarget, line: number): CommentInsertion | undefined {
  if (!supportsComments(target)) return undefined;
  const lines = new LineIndex(target.text);
  if (line < 0 || line >= lines.lineCount) return undefined;
  const eol = lines.eol;
  if (fileKindOf(target.fileName, target.languageId) === 'dockerfile') {
    const model = new DockerfileModel(target.text, lines);
    const offset = lines.lineStarts[line];
    const ins = model.instructions.find((i) => offset >= lines.lineStarts[lines.positionAt(i.span.start).line] && offset <= i.span.end);
    const first = ins ? lines.positionAt(ins.span.start).line : line;
    return { line: first, indent: indentOf(lines.lineText(first)), eol };
  }
  const point = { line, indent: indentOf(lines.lineText(line)), eol };
  return yamlMeaningUnchanged(target, lines, point) ? point : undefined;
}

/**
 * Where `# palisade-ignore-file <id> -- <reason>` goes: the top of the file, after Dockerfile parser directives
 * (`# syntax=`, `# escape=`, `# check=`), which stop being directives once anything else precedes them.
 */
export function fileSuppressionPoint(target: SuppressionTarget): CommentInsertion | undefined {
  if (!supportsComments(target)) return undefined;
  const lines = new LineIndex(target.text);
  let line = 0;
  if (fileKindOf(target.fileName, target.languageId) === 'dockerfile') {
    while (line < lines.lineCount && /^\s*#\s*(syntax|escape|check)\s*=/i.test(lines.lineText(line))) line++;
  }
  return { line, indent: '', eol: lines.eol };
}

export function suppressionComment(kind: 'line' | 'file', ruleId: string, reason: string = REASON_PLACEHOLDER): string {
  return `# palisade-ignore${kind === 'file' ? '-file' : ''} ${ruleId} -- ${reason}`;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/**
 * Insert the comment into the YAML document holding the line, parse that document before and after, and accept the
 * place only when the data and the parse errors are the same. Only one document is parsed, so this stays cheap in
 * a 10,000-line stream.
 */
function yamlMeaningUnchanged(target: SuppressionTarget, lines: LineIndex, point: CommentInsertion): boolean {
  const text = isHelmTemplate(target.fileName, target.text) ? maskTemplates(target.text) : target.text;
  const offset = lines.lineStarts[point.line];
  const chunk = splitYamlStream(text).find((c) => offset >= c.start && offset < Math.max(c.end, c.start + 1)) ?? { start: 0, end: text.length, text };
  const local = offset - chunk.start;
  const edited = chunk.text.slice(0, local) + `${point.indent}# palisade-ignore x${point.eol}` + chunk.text.slice(local);
  return fingerprint(chunk.text) === fingerprint(edited);
}

function fingerprint(text: string): string {
  try {
    const parsed = parseChunk(text);
    return JSON.stringify([parsed.docs.map((d) => d.toJS({ maxAliasCount: 1000 }) as unknown), parsed.errors.map((e) => e.code)],
      (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
  } catch {
    return `unparseable:${text.length}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The annotation form: `palisade.io/ignore: "<id>: <reason>"` on the Kubernetes object of a finding

/** The annotation key Palisade reads suppressions from (`rules/core/suppressions.ts`). */
export const IGNORE_ANNOTATION = 'palisade.io/ignore';

/**
 * Stands for the reason in an annotation edit until the caller decides how the reason is written: the placeholder
 * text, or a snippet tab stop. A control character, so it can never be part of the document.
 */
export const REASON_MARK = '\u0000';

/** An annotation suppression ready to offer: the object it goes on and the edits (the reason, if any, as `REASON_MARK`). */
export interface AnnotationSuppression {
  /** `Kind/name` of the object. */
  resource: string;
  /** Offset edits of the document; when a new annotation is written, exactly one of them holds `REASON_MARK`. */
  edits: SpanEdit[];
}

/**
 * The edits that add `ruleId` to the `palisade.io/ignore` annotation of the Kubernetes object holding `offset`: a new
 * annotation `"<id>: <reason>"` (creating `annotations:`, or `metadata:`, when absent), or `, <id>` appended to the ids
 * of an existing one, which keeps its reason. Written with `YamlEditor`, so comments, key order and indentation stay.
 *
 * Undefined wherever it cannot be done safely: Dockerfiles, JSON files, Helm templates (their annotations are often
 * generated), documents with syntax errors, flow-style objects or metadata (`metadata: {name: web}`), an annotation
 * value that is not text, an id already listed. Every edit is checked by parsing the document again: the result
 * must parse, hold the id in the annotation, and differ from the original by that annotation only.
 */
export function annotationSuppression(target: SuppressionTarget, offset: number, ruleId: string): AnnotationSuppression | undefined {
  if (fileKindOf(target.fileName, target.languageId) !== 'yaml' || target.languageId === 'json' || /\.json$/i.test(target.fileName)) return undefined;
  if (isHelmTemplate(target.fileName, target.text)) return undefined;
  const chunk = splitYamlStream(target.text).find((c) => offset >= c.start && offset < Math.max(c.end, c.start + 1));
  if (!chunk) return undefined;
  const parsed = parseChunk(chunk.text);
  if (parsed.errors.length) return undefined;
  for (const [index, doc] of parsed.docs.entries()) {
    const yamlDoc = new YamlDoc(doc, chunk.start, index);
    const object = innermostObject(objectsOf(yamlDoc), offset);
    if (!object) continue;
    const edits = annotationEdits(target.text, yamlDoc, object, ruleId);
    if (!edits || !keepsMeaning(chunk, parsed, edits, ruleId)) return undefined;
    return { resource: object.resource, edits };
  }
  return undefined;
}

/** The object whose span holds the offset; of nested ones (items of a `List`), the innermost. */
function innermostObject(objects: readonly K8sObject[], offset: number): K8sObject | undefined {
  let best: K8sObject | undefined;
  let bestSize = Infinity;
  for (const o of objects) {
    const span = o.doc.span(o.node);
    if (offset < span.start || offset > span.end || span.end - span.start >= bestSize) continue;
    best = o;
    bestSize = span.end - span.start;
  }
  return best;
}

function annotationEdits(text: string, doc: YamlDoc, object: K8sObject, ruleId: string): SpanEdit[] | undefined {
  if (object.node.flow) return undefined;
  const editor = new YamlEditor(text, doc);
  const value = scalar(`"${ruleId}: ${REASON_MARK}"`);
  const metaPair = pairOf(object.node, 'metadata');
  if (!metaPair) return editor.insertPath(object.node, ['metadata', 'annotations', IGNORE_ANNOTATION], value);
  const meta = metaPair.value;
  if (!isMap(meta)) return meta === null || (isScalar(meta) && meta.value === null) ? editor.insertPath(object.node, ['metadata', 'annotations', IGNORE_ANNOTATION], value) : undefined;
  if (meta.flow) return undefined;
  const annotations = pairOf(meta, 'annotations')?.value;
  const existing = isMap(annotations) ? pairOf(annotations, IGNORE_ANNOTATION) : undefined;
  if (!existing || existing.value === null || (isScalar(existing.value) && existing.value.value === null)) {
    return editor.insertPath(meta, ['annotations', IGNORE_ANNOTATION], value);
  }
  if (!isScalar(existing.value) || typeof existing.value.value !== 'string') return undefined;
  return appendToIgnoreValue(text, doc, existing.value as Scalar<string>, ruleId);
}

/**
 * `"k8s/a: reason"` → `"k8s/a, k8s/b: reason"`: inserted right after the listed ids when the source spells them as
 * the value does (plain or quoted, no escapes), else the whole value is rewritten as a double-quoted string.
 */
function appendToIgnoreValue(text: string, doc: YamlDoc, node: Scalar<string>, ruleId: string): SpanEdit[] | undefined {
  const value = node.value;
  const { ids } = parseIgnoreAnnotation(value);
  if (ids.includes(ruleId)) return undefined;
  const colon = value.search(/:(\s|$)/);
  const idsPart = (colon >= 0 ? value.slice(0, colon) : value).trimEnd();
  const span = doc.span(node as Node);
  const source = text.slice(span.start, span.end);
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const inner = quoted ? source.slice(1) : source;
  if ((node.type === 'PLAIN' || quoted) && !/[\r\n]/.test(source) && inner.startsWith(idsPart)) {
    const at = span.start + (quoted ? 1 : 0) + idsPart.length;
    return [{ start: at, end: at, text: idsPart ? `, ${ruleId}` : ruleId }];
  }
  const rest = colon >= 0 ? value.slice(colon) : '';
  return [{ start: span.start, end: span.end, text: JSON.stringify(`${idsPart ? `${idsPart}, ` : ''}${ruleId}${rest}`) }];
}

/**
 * Apply the edits to the document's chunk (the reason filled in) and compare: it must parse without errors, list
 * `ruleId` in an ignore annotation, and be the same data once the ignore annotations are set aside.
 */
function keepsMeaning(chunk: { start: number; end: number; text: string }, before: ParsedChunk, edits: readonly SpanEdit[], ruleId: string): boolean {
  if (edits.some((e) => e.start < chunk.start || e.end > chunk.end)) return false;
  let edited = chunk.text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    edited = edited.slice(0, e.start - chunk.start) + e.text.split(REASON_MARK).join(REASON_PLACEHOLDER) + edited.slice(e.end - chunk.start);
  }
  try {
    const after = parseChunk(edited);
    if (after.errors.length || after.docs.length !== before.docs.length) return false;
    const ignored: string[] = [];
    const strip = (data: unknown): unknown => stripIgnoreAnnotations(data, ignored);
    const same = JSON.stringify(before.docs.map((d) => strip(d.toJS({ maxAliasCount: 1000 }))), bigints)
      === JSON.stringify(after.docs.map((d) => strip(d.toJS({ maxAliasCount: 1000 }))), bigints);
    return same && ignored.some((v) => parseIgnoreAnnotation(v).ids.includes(ruleId));
  } catch {
    return false;
  }
}

/** A copy of parsed YAML data without `metadata.annotations["palisade.io/ignore"]` (collected into `found`), nor the
 *  `annotations` / `metadata` mappings that leaves empty. */
function stripIgnoreAnnotations(data: unknown, found: string[]): unknown {
  if (Array.isArray(data)) return data.map((x) => stripIgnoreAnnotations(x, found));
  if (!data || typeof data !== 'object') return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    // a `__proto__` key is data here, not a prototype
    Object.defineProperty(out, k, { value: stripIgnoreAnnotations(v, found), enumerable: true, writable: true, configurable: true });
  }
  const meta = out.metadata;
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
    const m = meta as Record<string, unknown>;
    const a = m.annotations;
    if (a && typeof a === 'object' && !Array.isArray(a) && IGNORE_ANNOTATION in a) {
      const { [IGNORE_ANNOTATION]: value, ...others } = a as Record<string, unknown>;
      if (typeof value === 'string') found.push(value);
      m.annotations = others;
    }
    if (m.annotations && typeof m.annotations === 'object' && !Object.keys(m.annotations).length) delete m.annotations;
    if (!Object.keys(m).length) delete out.metadata;
  }
  return out;
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}
