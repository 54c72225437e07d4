import { DockerfileModel } from '../rules/core/dockerfile-model.js';
import { fileKindOf, isHelmTemplate, maskTemplates } from '../rules/core/engine.js';
import { LineIndex } from '../rules/core/text.js';
import { parseChunk, splitYamlStream } from '../rules/core/yaml-model.js';

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
