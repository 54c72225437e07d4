import { applyEdits } from '../rules/core/apply-edits.js';
import { LineIndex } from '../rules/core/text.js';
import type { Finding, Fix, TextEdit } from '../rules/core/types.js';

export interface FixAllResult {
  text: string;
  /** Number of fixes applied. */
  applied: number;
}

const MAX_ROUNDS = 10;

/**
 * Apply every **safe** fix of a text: each round takes the first safe fix of every finding, keeps the ones that do
 * not overlap, applies them together and lints again, so later fixes are computed on the edited text. A round that
 * would add parse errors is retried with a single fix, then abandoned: fix-all never leaves a broken file.
 */
export function fixAllSafe(text: string, lint: (text: string) => Finding[]): FixAllResult {
  let current = text;
  let findings = lint(current);
  let applied = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fixes = chooseNonOverlapping(current, findings.flatMap((f) => {
      const safe = f.fixes?.find(isInFileSafeFix);
      return safe ? [safe] : [];
    }));
    if (!fixes.length) break;
    const errorsBefore = parseErrors(findings);
    let next = applyFixes(current, fixes);
    let nextFindings = next === undefined ? undefined : lint(next);
    let count = fixes.length;
    if (next === undefined || next === current || parseErrors(nextFindings!) > errorsBefore) {
      next = applyFixes(current, fixes.slice(0, 1));
      nextFindings = next === undefined ? undefined : lint(next);
      count = 1;
      if (next === undefined || next === current || parseErrors(nextFindings!) > errorsBefore) break;
    }
    current = next;
    findings = nextFindings!;
    applied += count;
  }
  return { text: current, applied };
}

/** Whether any finding has a safe fix (what the fix-all action is offered for). */
export function hasSafeFix(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.fixes?.some(isInFileSafeFix));
}

/** A safe fix confined to its document: one that also changes or creates other files is applied whole, as a quick fix. */
function isInFileSafeFix(fix: Fix): boolean {
  return fix.kind === 'safe' && !fix.files?.length;
}

/** One edit turning `before` into `after`: the changed middle, which keeps the cursor and undo sensible. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // never split a \r\n pair or a surrogate pair
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before.charCodeAt(start) === 10 && before.charCodeAt(start - 1) === 13))) start--;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  while (end > 0 && (isLowSurrogate(before.charCodeAt(before.length - end)) || (before.charCodeAt(before.length - end) === 10 && before.charCodeAt(before.length - end - 1) === 13))) end--;
  const lines = new LineIndex(before);
  return { range: lines.rangeOf({ start, end: before.length - end }), newText: after.slice(start, after.length - end) };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function parseErrors(findings: readonly Finding[]): number {
  return findings.filter((f) => f.ruleId === 'parse-error').length;
}

function applyFixes(text: string, fixes: readonly Fix[]): string | undefined {
  return applyEdits(text, fixes.flatMap((f) => f.edits));
}

/** Fixes in document order, dropping any that overlaps (or inserts at the same point as) one already kept. */
function chooseNonOverlapping(text: string, fixes: Fix[]): Fix[] {
  const lines = new LineIndex(text);
  const withSpans = fixes.map((fix) => ({ fix, spans: fix.edits.map((e) => lines.spanOf(e.range)) }))
    .filter((x) => x.spans.length)
    .sort((a, b) => Math.min(...a.spans.map((s) => s.start)) - Math.min(...b.spans.map((s) => s.start)));
  const kept: typeof withSpans = [];
  const taken: { start: number; end: number }[] = [];
  for (const candidate of withSpans) {
    const clash = candidate.spans.some((s) => taken.some((t) => (s.start < t.end && t.start < s.end) || s.start === t.start || s.end === t.start || s.start === t.end));
    const selfClash = candidate.spans.some((s, i) => candidate.spans.some((o, j) => i !== j && s.start < o.end && o.start < s.end));
    if (clash || selfClash) continue;
    kept.push(candidate);
    taken.push(...candidate.spans);
  }
  return kept.map((k) => k.fix);
}
