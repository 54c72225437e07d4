import type { DockerfileModel, DockerInstruction } from './dockerfile-model.js';
import type { SpanEdit } from './rule.js';
import type { Span } from './types.js';

/**
 * Text edits for Dockerfile fixes. Each keeps the file's line breaks and indentation and never leaves an empty
 * continuation behind.
 */

/**
 * Delete a token and the blanks after it (or before it when it ends the line). When that empties a continuation line,
 * the whole line goes; when it empties the last line of an instruction, the continuation that led to it goes too (on
 * the last line that is not a comment), so the next instruction is never pulled into this one.
 */
export function deleteToken(text: string, span: Span, escape = '\\'): SpanEdit[] {
  let end = span.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  let start = span.start;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  let lineEnd = text.indexOf('\n', span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const eolStart = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  const before = text.slice(lineStart, span.start);
  const after = text.slice(end, eolStart);
  if (/^[ \t]*$/.test(before) && (after === '' || after === escape)) {
    const nextLine = Math.min(lineEnd + 1, text.length);
    if (after === escape || lineStart === 0) return [{ start: lineStart, end: nextLine, text: '' }];
    // the last line of a continued instruction: find the line that continued into it, skipping comment lines
    const continued = new RegExp(`[ \\t]*${escapeRegExp(escape)}[ \\t]*$`);
    let prevEnd = lineStart - 1;
    while (prevEnd > 0) {
      const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
      const prevText = text.slice(prevStart, prevEnd).replace(/\r$/, '');
      if (/^[ \t]*(#.*)?$/.test(prevText)) { prevEnd = prevStart - 1; continue; }
      const m = continued.exec(prevText);
      const edits: SpanEdit[] = [];
      if (m) edits.push({ start: prevStart + m.index, end: prevStart + prevText.length, text: '' });
      edits.push({ start: lineStart, end: nextLine, text: '' });
      return edits;
    }
    return [{ start: lineStart, end: nextLine, text: '' }];
  }
  if (after === '') {
    while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    end = span.end;
  }
  return [{ start, end, text: '' }];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Delete whole lines of an instruction (line break included). */
export function deleteInstruction(model: DockerfileModel, ins: DockerInstruction): SpanEdit {
  const { start, end } = model.fullLines(ins);
  return { start, end, text: '' };
}

/** Insert a new instruction on its own line before `ins`, with `ins`'s indentation. */
export function insertLineBefore(model: DockerfileModel, ins: DockerInstruction, line: string): SpanEdit {
  const start = model.lineStart(ins.span.start);
  const indent = /^[ \t]*/.exec(model.text.slice(start, ins.span.start))?.[0] ?? '';
  return { start, end: start, text: `${indent}${line}${model.eol}` };
}

/** Insert a new instruction on its own line after `ins`. */
export function insertLineAfter(model: DockerfileModel, ins: DockerInstruction, line: string): SpanEdit {
  const { end } = model.fullLines(ins);
  const start = model.lineStart(ins.span.start);
  const indent = /^[ \t]*/.exec(model.text.slice(start, ins.span.start))?.[0] ?? '';
  const needsBreak = end === model.text.length && !/\r?\n$/.test(model.text);
  return { start: end, end, text: `${needsBreak ? model.eol : ''}${indent}${line}${needsBreak ? '' : model.eol}` };
}
