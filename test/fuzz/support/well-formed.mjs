// What every finding must look like, whatever the input: a known severity, a real message, ranges that exist in the
// document (LSP positions: 0-based lines, UTF-16 characters, start before end), fixes whose edits are inside the
// document and do not overlap. Returns the violations as strings.

const SEVERITIES = new Set(['error', 'warning', 'info']);
const FIX_KINDS = new Set(['safe', 'suggestion']);
const PLACEHOLDER = /\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/;
/** What a message shows when a value it names was missing (unless the input itself holds the word). */
const ARTIFACTS = ['undefined', '[object Object]', 'NaN'];
/** Messages are sentences; quoted values are shortened by the engine. */
const MAX_MESSAGE = 2000;

export function checkFindings(text, findings, palisade) {
  const problems = [];
  if (!Array.isArray(findings)) return [`findings are not an array: ${typeof findings}`];
  const lines = new palisade.LineIndex(text);
  const templated = text.includes('{{');
  const validPosition = (p) => p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0
    && p.line < lines.lineCount && lines.lineStarts[p.line] + p.character <= lines.lineEnd(p.line);
  const validRange = (r) => r && validPosition(r.start) && validPosition(r.end) && lines.offsetAt(r.start) <= lines.offsetAt(r.end);
  for (const f of findings) {
    const where = `${f?.ruleId} ${JSON.stringify(f?.range)}`;
    if (typeof f.ruleId !== 'string' || !f.ruleId) problems.push(`a finding without a rule id: ${JSON.stringify(f).slice(0, 200)}`);
    if (f.ruleId === 'internal-error') problems.push(`internal error: ${f.message}`);
    if (!SEVERITIES.has(f.severity)) problems.push(`${where}: severity ${f.severity}`);
    if (typeof f.message !== 'string' || !f.message.trim()) problems.push(`${where}: empty message`);
    else if (ARTIFACTS.some((a) => f.message.includes(a) && !text.includes(a)) || (!templated && PLACEHOLDER.test(f.message))) {
      problems.push(`${where}: message with an unfilled value: ${f.message.slice(0, 200)}`);
    }
    else if (f.message.length > MAX_MESSAGE) problems.push(`${where}: a message of ${f.message.length} characters floods the Problems panel`);
    if (!validRange(f.range)) problems.push(`${where}: range outside the document`);
    for (const r of f.related ?? []) {
      if (!r.fileName && !validRange(r.range)) problems.push(`${where}: related range outside the document`);
      if (typeof r.message !== 'string') problems.push(`${where}: related information without a message`);
    }
    for (const fix of f.fixes ?? []) {
      if (!FIX_KINDS.has(fix.kind)) problems.push(`${where}: fix kind ${fix.kind}`);
      if (typeof fix.title !== 'string' || !fix.title) problems.push(`${where}: fix without a title`);
      if (!Array.isArray(fix.edits) || (!fix.edits.length && !fix.files?.length)) problems.push(`${where}: fix "${fix.title}" changes nothing`);
      const spans = [];
      for (const e of fix.edits ?? []) {
        if (!validRange(e.range)) problems.push(`${where}: fix "${fix.title}" edits outside the document ${JSON.stringify(e.range)}`);
        else spans.push([lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)]);
        if (typeof e.newText !== 'string') problems.push(`${where}: fix "${fix.title}" edit without text`);
      }
      spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let i = 1; i < spans.length; i++) {
        if (spans[i][0] < spans[i - 1][1]) problems.push(`${where}: fix "${fix.title}" has overlapping edits`);
      }
    }
  }
  return problems;
}
