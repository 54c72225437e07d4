import {
  CodeActionKind, type CodeAction, type CodeActionContext, type CreateFile, type Diagnostic, type Range, type TextDocumentEdit, type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { appendChangeEdits } from '../rules/core/apply-edits.js';
import { LineIndex } from '../rules/core/text.js';
import type { Finding, Fix } from '../rules/core/types.js';
import { isRuleId } from './diagnostics.js';
import { uriOfPath } from './uris.js';
import { Commands, CONFIG_DIAGNOSTIC_CODE, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, type DiagnosticData } from './protocol.js';
import {
  annotationSuppression, fileSuppressionPoint, lineSuppressionPoint, REASON_MARK, REASON_PLACEHOLDER, suppressionComment,
  type AnnotationSuppression, type CommentInsertion, type SuppressionTarget,
} from './suppression-edits.js';

/** What the client can take, from its capabilities. */
export interface EditCapabilities {
  documentChanges: boolean;
  snippetEdits: boolean;
  /** `workspace.workspaceEdit.resourceOperations` includes `create`: a workspace edit may create files. */
  createFiles?: boolean;
}

/** Whether an action kind was asked for (`only` absent = everything). */
export function kindRequested(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

/** A Palisade diagnostic of the request and the fixes it offers. */
export interface DiagnosticFixes {
  diagnostic: Diagnostic;
  ruleId: string;
  fixes: Fix[];
}

/** The Palisade findings among the diagnostics of a code action request (not configuration-file problems). */
export function palisadeDiagnostics(context: CodeActionContext): Diagnostic[] {
  return (context.diagnostics ?? []).filter((d) => d && d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string' && d.code !== CONFIG_DIAGNOSTIC_CODE);
}

/**
 * The fixes of a diagnostic computed for this very version of the document: carried inline, or found through the
 * diagnostic's index in the findings of that version (`findings`, when the server holds them). Undefined when the
 * diagnostic says nothing usable: the caller then matches it against the current findings.
 */
export function fixesFromData(diagnostic: Diagnostic, version: number, findings?: { version: number; findings: readonly Finding[] }): Fix[] | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (!data || typeof data !== 'object' || data.version !== version) return undefined;
  if (Array.isArray(data.fixes)) return data.fixes;
  if (typeof data.index !== 'number') return [];
  const finding = findings?.version === version ? findings.findings[data.index] : undefined;
  return finding && finding.ruleId === diagnostic.code && sameRange(finding.range, diagnostic.range) ? finding.fixes ?? [] : undefined;
}

/** The fixes of the finding that matches a diagnostic (same rule, same range, else an overlapping range). */
export function fixesFromFindings(diagnostic: Diagnostic, findings: readonly Finding[]): Fix[] {
  const same = findings.filter((f) => f.ruleId === diagnostic.code);
  const exact = same.find((f) => sameRange(f.range, diagnostic.range));
  const near = exact ?? same.find((f) => overlaps(f.range, diagnostic.range));
  return near?.fixes ?? [];
}

export interface ActionInput {
  document: TextDocument;
  target: SuppressionTarget;
  items: DiagnosticFixes[];
  only: readonly string[] | undefined;
  capabilities: EditCapabilities;
  /** Whether a file exists (on disk or open): a fix never creates a file over an existing one. Absent: no file fix. */
  fileExists?: (path: string) => boolean;
  /** An existing file's text (the open document's, else the disk's), for fixes that append to it; undefined: unreadable. */
  fileText?: (path: string) => string | undefined;
}

/**
 * Quick fixes for the diagnostics of a request, then "Suppress <id> for this line", "Suppress <id> on <Kind>/<name>"
 * (the object's `palisade.io/ignore` annotation), "Suppress <id> for this file" and "Show documentation for <id>". Only safe fixes are ever preferred: a suggestion changes runtime behaviour and must
 * be picked deliberately, never applied by an editor's "auto fix".
 */
export function diagnosticActions(input: ActionInput): CodeAction[] {
  if (!kindRequested(CodeActionKind.QuickFix, input.only)) return [];
  const { document, capabilities } = input;
  const fixes: CodeAction[] = [];
  const lineSuppressions: CodeAction[] = [];
  const annotationSuppressions: CodeAction[] = [];
  const fileSuppressions: CodeAction[] = [];
  let lines: LineIndex | undefined;
  const docs: CodeAction[] = [];
  const seen = new Set<string>();
  for (const { diagnostic, ruleId, fixes: list } of input.items) {
    for (const fix of list) {
      const edit = fix && fixEdit(document, fix, capabilities, input.fileExists, input.fileText);
      if (!edit) continue;
      const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
      if (fix.isPreferred && fix.kind === 'safe') action.isPreferred = true;
      fixes.push(action);
    }
    // engine findings (parse errors, unused suppressions) have fixes at most: they cannot be suppressed or looked up
    if (!isRuleId(ruleId)) continue;
    const line = diagnostic.range.start.line;
    const lineKey = `line:${ruleId}:${line}`;
    if (!seen.has(lineKey)) {
      seen.add(lineKey);
      const point = lineSuppressionPoint(input.target, line);
      if (point) lineSuppressions.push(suppressAction(`Suppress ${ruleId} for this line…`, 'line', ruleId, point, diagnostic, input));
    }
    lines ??= new LineIndex(input.target.text);
    const annotation = annotationSuppression(input.target, lines.offsetAt(diagnostic.range.start), ruleId);
    const objectKey = annotation && `object:${ruleId}:${annotation.resource}:${annotation.edits[0]?.start}`;
    if (annotation && !seen.has(objectKey!)) {
      seen.add(objectKey!);
      annotationSuppressions.push(annotationAction(ruleId, annotation, lines, diagnostic, input));
    }
    const fileKey = `file:${ruleId}`;
    if (!seen.has(fileKey)) {
      seen.add(fileKey);
      const point = fileSuppressionPoint(input.target);
      if (point) fileSuppressions.push(suppressAction(`Suppress ${ruleId} for this file…`, 'file', ruleId, point, diagnostic, input));
      docs.push({
        title: `Show documentation for ${ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${ruleId}`, command: Commands.showRuleDocs, arguments: [ruleId] },
      });
    }
  }
  return [...fixes, ...lineSuppressions, ...annotationSuppressions, ...fileSuppressions, ...docs];
}

/** `Suppress <id> on <Kind>/<name>…`: the annotation edit; a new reason is a snippet tab stop where supported. */
function annotationAction(ruleId: string, annotation: AnnotationSuppression, lines: LineIndex, diagnostic: Diagnostic,
  input: ActionInput): CodeAction {
  const title = `Suppress ${ruleId} on ${annotation.resource}…`;
  const snippets = input.capabilities.snippetEdits && input.capabilities.documentChanges;
  const withReason = annotation.edits.some((e) => e.text.includes(REASON_MARK));
  let edit: WorkspaceEdit;
  if (snippets && withReason) {
    edit = {
      documentChanges: [{
        textDocument: { uri: input.document.uri, version: input.document.version },
        edits: annotation.edits.map((e) => {
          const range = lines.rangeOf(e);
          if (!e.text.includes(REASON_MARK)) return { range, newText: e.text };
          const value = e.text.split(REASON_MARK).map(escapeSnippet).join(`\${1:${escapeSnippet(REASON_PLACEHOLDER)}}`);
          return { range, snippet: { kind: 'snippet', value } };
        }),
      }],
    };
  } else {
    const edits = annotation.edits.map((e) => ({ range: lines.rangeOf(e), newText: e.text.split(REASON_MARK).join(REASON_PLACEHOLDER) }));
    edit = workspaceEdit(input.document, edits, input.capabilities);
  }
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
}

function suppressAction(title: string, kind: 'line' | 'file', ruleId: string, point: CommentInsertion, diagnostic: Diagnostic,
  input: ActionInput): CodeAction {
  const position = { line: point.line, character: 0 };
  const range: Range = { start: position, end: position };
  const plain = `${point.indent}${suppressionComment(kind, ruleId)}${point.eol}`;
  let edit: WorkspaceEdit;
  if (input.capabilities.snippetEdits && input.capabilities.documentChanges) {
    // the reason becomes a tab stop the user types over
    const snippet = `${escapeSnippet(point.indent + suppressionComment(kind, ruleId, '\u0000'))}${escapeSnippet(point.eol)}`
      .replace('\u0000', `\${1:${escapeSnippet(REASON_PLACEHOLDER)}}`);
    edit = {
      documentChanges: [{
        textDocument: { uri: input.document.uri, version: input.document.version },
        edits: [{ range, snippet: { kind: 'snippet', value: snippet } }],
      }],
    };
  } else {
    edit = workspaceEdit(input.document, [{ range, newText: plain }], input.capabilities);
  }
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/**
 * The workspace edit of a fix, or undefined when it cannot be offered. A fix that also changes or creates other files
 * (`Fix.files`) becomes `documentChanges`: the document's own edits (versioned), then per file a `CreateFile` (with
 * `ignoreIfExists`) followed by its text, or a `TextDocumentEdit` of an existing file. Such a fix is offered whole or
 * not at all: never when the client cannot take `documentChanges`, or cannot create files and the fix creates one,
 * nor when a file to create exists already (its text would land in the existing file); the in-file part alone would
 * leave the workspace half-changed (a file that names something that was never created). A change that appends lines
 * (`append`) becomes an edit at the end of the existing file, read through `fileText`, or the creation of a missing
 * one; when the file holds every line already the fix is not offered (it would do nothing it says).
 */
export function fixEdit(document: TextDocument, fix: Fix, capabilities: EditCapabilities, fileExists?: (path: string) => boolean,
  fileText?: (path: string) => string | undefined): WorkspaceEdit | undefined {
  const own = Array.isArray(fix.edits) ? fix.edits : [];
  const files = Array.isArray(fix.files) ? fix.files : [];
  if (!files.length) return own.length ? workspaceEdit(document, own, capabilities) : undefined;
  if (!capabilities.documentChanges) return undefined;
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  if (own.length) changes.push({ textDocument: { uri: document.uri, version: document.version }, edits: own });
  for (const file of files) {
    if (!file || typeof file.fileName !== 'string' || !isAbsolutePath(file.fileName) || !Array.isArray(file.edits)) return undefined;
    const uri = uriOfPath(file.fileName);
    if (uri === document.uri) return undefined;
    if (file.append) {
      const exists = fileExists?.(file.fileName);
      if (exists === undefined || (!exists && !capabilities.createFiles)) return undefined;
      const text = exists ? fileText?.(file.fileName) : undefined;
      const edits = exists && text === undefined ? undefined : appendChangeEdits(file, text);
      if (!edits) return undefined;
      if (!exists) changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      changes.push({ textDocument: { uri, version: null }, edits });
      continue;
    }
    if (file.create) {
      if (!capabilities.createFiles || fileExists?.(file.fileName) !== false) return undefined;
      changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    }
    if (file.edits.length) changes.push({ textDocument: { uri, version: null }, edits: file.edits });
  }
  return changes.length ? { documentChanges: changes } : undefined;
}

/** An absolute path as the server names files (`/a/b`, `C:/a/b`): only those can become URIs. */
function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

/** Edits to one document, versioned when the client supports `documentChanges` (a stale edit is then refused). */
export function workspaceEdit(document: TextDocument, edits: TextEdit[], capabilities: EditCapabilities): WorkspaceEdit {
  if (capabilities.documentChanges) {
    return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
  }
  return { changes: { [document.uri]: edits } };
}

/** The fix-all source action; `edit` is filled now or on resolve. */
export function fixAllAction(document: TextDocument, edit: TextEdit | undefined, capabilities: EditCapabilities): CodeAction {
  const action: CodeAction = { title: 'Fix all safe Palisade problems', kind: FIX_ALL_KIND };
  if (edit) action.edit = workspaceEdit(document, [edit], capabilities);
  else action.data = { uri: document.uri, version: document.version };
  return action;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}
