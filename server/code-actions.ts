import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix } from '../rules/core/types.js';
import { isRuleId } from './diagnostics.js';
import { Commands, CONFIG_DIAGNOSTIC_CODE, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, type DiagnosticData } from './protocol.js';
import {
  fileSuppressionPoint, lineSuppressionPoint, REASON_PLACEHOLDER, suppressionComment, type CommentInsertion, type SuppressionTarget,
} from './suppression-edits.js';

/** What the client can take, from its capabilities. */
export interface EditCapabilities {
  documentChanges: boolean;
  snippetEdits: boolean;
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

/** Fixes carried by the diagnostic itself, when they were computed for this very version of the document. */
export function fixesFromData(diagnostic: Diagnostic, version: number): Fix[] | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (!data || typeof data !== 'object' || data.version !== version) return undefined;
  return Array.isArray(data.fixes) ? data.fixes : [];
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
}

/**
 * Quick fixes for the diagnostics of a request, then "Suppress <id> for this line", "Suppress <id> for this file" and
 * "Show documentation for <id>". Only safe fixes are ever preferred: a suggestion changes runtime behaviour and must
 * be picked deliberately, never applied by an editor's "auto fix".
 */
export function diagnosticActions(input: ActionInput): CodeAction[] {
  if (!kindRequested(CodeActionKind.QuickFix, input.only)) return [];
  const { document, capabilities } = input;
  const fixes: CodeAction[] = [];
  const lineSuppressions: CodeAction[] = [];
  const fileSuppressions: CodeAction[] = [];
  const docs: CodeAction[] = [];
  const seen = new Set<string>();
  for (const { diagnostic, ruleId, fixes: list } of input.items) {
    for (const fix of list) {
      if (!fix || !Array.isArray(fix.edits) || !fix.edits.length) continue;
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit(document, fix.edits, capabilities),
      };
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
  return [...fixes, ...lineSuppressions, ...fileSuppressions, ...docs];
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
