import { LineIndex, applyEdits, type Finding, type Fix, type TextEdit } from '../rules/index.js';

/** The result of fixing one text: the final text, its findings, and how many fixes went in. */
export interface FixOutcome {
  text: string;
  findings: Finding[];
  applied: number;
}

/** At most this many lint → fix rounds per file (a fix may reveal another; a rule that keeps offering fixes must not hang us). */
export const MAX_FIX_ROUNDS = 10;

/**
 * Apply the safe fixes of a text until nothing changes: lint, take the first safe fix of every finding whose edits
 * do not overlap an edit already taken, apply them together, lint again. A round whose result has more parse errors
 * than the original is thrown away and fixing stops, so a fix can never leave a file that no longer parses.
 * `findings` is the lint of the original text (already computed by the caller).
 */
export function applySafeFixes(text: string, findings: Finding[], lint: (text: string) => Finding[]): FixOutcome {
  const parseErrors = countParseErrors(findings);
  let current = text;
  let currentFindings = findings;
  let applied = 0;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const chosen = chooseFixes(current, currentFindings);
    if (!chosen.fixes) break;
    const next = applyEdits(current, chosen.edits);
    if (next === undefined || next === current) break;
    const nextFindings = lint(next);
    if (countParseErrors(nextFindings) > parseErrors) break;
    current = next;
    currentFindings = nextFindings;
    applied += chosen.fixes;
  }
  return { text: current, findings: currentFindings, applied };
}

/**
 * Whether a finding offers a fix that `--fix` may apply: safe, and confined to the finding's own file (a fix that
 * also changes or creates other files is left to the editor, where it is applied whole).
 */
export function safeFixOf(finding: Finding): Fix | undefined {
  const safe = finding.fixes?.filter((f) => f.kind === 'safe' && f.edits.length && !f.files?.length) ?? [];
  return safe.find((f) => f.isPreferred) ?? safe[0];
}

function chooseFixes(text: string, findings: readonly Finding[]): { fixes: number; edits: TextEdit[] } {
  const lines = new LineIndex(text);
  const taken: { start: number; end: number }[] = [];
  const edits: TextEdit[] = [];
  let fixes = 0;
  for (const finding of findings) {
    const fix = safeFixOf(finding);
    if (!fix) continue;
    const spans = fix.edits.map((e) => lines.spanOf(e.range));
    if (spans.some((s) => taken.some((t) => overlaps(s, t)))) continue;
    taken.push(...spans);
    edits.push(...fix.edits);
    fixes++;
  }
  return { fixes, edits };
}

/** Two edits conflict when their ranges overlap, or when both insert at the same point (their order is unknown). */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

function countParseErrors(findings: readonly Finding[]): number {
  let n = 0;
  for (const f of findings) if (f.ruleId === 'parse-error') n++;
  return n;
}
