// Fix safety, as a property of every fix Palisade offers: on every fixture, example and benchmark-corpus file, apply
// each fix of each finding on its own, and fix-all (the CLI's and the server's), then check that
//  - the edits are inside the file, do not overlap, and change nothing outside their ranges (the result equals an
//    independent application of the same edits);
//  - the result re-parses: no new YAML syntax error, the same number of YAML documents; for a Dockerfile, every
//    instruction the edits do not touch is still there, unchanged;
//  - the fixed rule is silent on that node: the same finding (rule, message) is not reported again where it was;
//  - comments stay: every comment of the original is still in the result;
//  - fix-all converges: running it again changes nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, test } from 'node:test';
import { importSource } from '../support/cli.mjs';
import { allRulesConfig, palisade } from '../support/engine.mjs';
import { fixtureFolders, root } from '../support/fixtures.mjs';
import { corpus, corpusUnavailable, exampleFiles } from '../fuzz/support/seeds.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

/** Offsets of the start of every line, with the line breaks LSP knows (`\r\n`, `\n`, `\r`). Independent of LineIndex. */
function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  return starts;
}

function offsetOf(starts, text, p) {
  const start = starts[p.line];
  assert.ok(start !== undefined, `line ${p.line} exists`);
  const next = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
  let end = next;
  if (end > start && text[end - 1] === '\n') end--;
  if (end > start && text[end - 1] === '\r') end--;
  assert.ok(start + p.character <= end, `character ${p.character} is on line ${p.line}`);
  return start + p.character;
}

/** The edits as offsets, checked to be inside the text and not to overlap; sorted. */
function spansOf(text, edits) {
  const starts = lineStarts(text);
  const spans = edits.map((e, i) => ({ start: offsetOf(starts, text, e.range.start), end: offsetOf(starts, text, e.range.end), text: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  for (const s of spans) assert.ok(s.start <= s.end, 'an edit starts before it ends');
  for (let k = 1; k < spans.length; k++) assert.ok(spans[k].start >= spans[k - 1].end, 'edits do not overlap');
  return spans;
}

function splice(text, spans) {
  let out = '';
  let pos = 0;
  for (const s of spans) {
    out += text.slice(pos, s.start) + s.text;
    pos = s.end;
  }
  return out + text.slice(pos);
}

/** Where an offset of the original is after the edits (inside an edited range: where the edit starts). */
function mapOffset(offset, spans) {
  let shift = 0;
  for (const s of spans) {
    if (s.end <= offset && !(s.start === s.end && s.start === offset)) shift += s.text.length - (s.end - s.start);
    else if (s.start <= offset && offset < s.end) return s.start + shift;
  }
  return offset + shift;
}

/** Comments of a text: YAML `#` comments (outside quotes), Dockerfile comment lines. */
function commentsOf(text, dockerfile) {
  const out = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (dockerfile) {
      if (/^\s*#/.test(line)) out.push(line.trim());
      continue;
    }
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = '';
      } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(line[i - 1]))) quote = c;
      else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
        out.push(line.slice(i).trimEnd());
        break;
      }
    }
  }
  return out;
}

function missingComments(before, after, dockerfile) {
  const left = new Map();
  for (const c of commentsOf(after, dockerfile)) left.set(c, (left.get(c) ?? 0) + 1);
  const missing = [];
  for (const c of commentsOf(before, dockerfile)) {
    const n = left.get(c) ?? 0;
    if (n > 0) left.set(c, n - 1);
    else missing.push(c);
  }
  return missing;
}

function yamlShape(text) {
  const docs = YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [...docs];
  return { documents: list.length, errors: list.reduce((n, d) => n + d.errors.length, 0) };
}

function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function instructionsOf(text) {
  const model = new palisade.DockerfileModel(text, new palisade.LineIndex(text));
  return model.instructions.map((i) => ({ start: i.span.start, end: i.span.end, text: text.slice(i.span.start, i.span.end) }));
}

/** What must hold for `fixed`, the result of edits `spans` on `text` (or of a fix-all when spans is undefined). */
function checkResult({ text, fixed, spans, fileName, lint, before }) {
  const problems = [];
  const dockerfile = palisade.fileKindOf(fileName) === 'dockerfile';
  const after = lint(fixed);
  const count = (list, id) => list.filter((f) => f.ruleId === id).length;
  if (count(after, 'parse-error') > count(before, 'parse-error')) problems.push(`new syntax error: ${after.find((f) => f.ruleId === 'parse-error').message}`);
  if (count(after, 'internal-error')) problems.push(`internal error: ${after.find((f) => f.ruleId === 'internal-error').message}`);
  if (dockerfile) {
    const kept = instructionsOf(fixed).map((i) => i.text);
    for (const ins of instructionsOf(text)) {
      const touched = spans ? spans.some((s) => s.start <= ins.end && ins.start <= s.end) : false;
      if (!touched && spans && !kept.includes(ins.text)) problems.push(`instruction lost or changed: ${ins.text.slice(0, 80)}`);
    }
  } else {
    const a = yamlShape(text);
    const b = yamlShape(fixed);
    if (b.errors > a.errors) problems.push(`the YAML no longer parses (${b.errors} errors, ${a.errors} before)`);
    if (b.documents !== a.documents) problems.push(`${a.documents} YAML documents became ${b.documents}`);
  }
  if (/\.json$/i.test(fileName) && isJson(text) && !isJson(fixed)) problems.push('the file is no longer valid JSON');
  const lost = missingComments(text, fixed, dockerfile);
  if (lost.length) problems.push(`comments lost: ${lost.slice(0, 3).map((c) => JSON.stringify(c)).join(', ')}`);
  return { problems, after };
}

let cliFixAll;
let serverFixAll;

/** Every check for one file; returns the problems found, each naming the finding and fix. */
function checkFile(text, fileName, config) {
  const problems = [];
  const findings = palisade.lint({ text, fileName }, config);
  // one editing session per file: a fixed text differs from the original in one YAML document, the others are reused
  const session = new palisade.LintSession();
  const lint = (t) => palisade.defaultEngine().lint({ text: t, fileName }, config, undefined, session);
  const starts = lineStarts(text);
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      const label = `${f.ruleId} at ${f.range.start.line + 1}:${f.range.start.character}, fix "${fix.title}"`;
      let spans;
      try {
        spans = spansOf(text, fix.edits);
      } catch (e) {
        problems.push(`${label}: ${e.message}`);
        continue;
      }
      const fixed = palisade.applyEdits(text, fix.edits);
      if (fixed !== splice(text, spans)) {
        problems.push(`${label}: the result differs from the edits applied alone (text outside the edits changed)`);
        continue;
      }
      if (fixed === text && !fix.files?.length) problems.push(`${label}: changes nothing`);
      const { problems: found, after } = checkResult({ text, fixed, spans, fileName, lint, before: findings });
      problems.push(...found.map((p) => `${label}: ${p}`));
      const at = mapOffset(offsetOf(starts, text, f.range.start), spans);
      const fixedStarts = lineStarts(fixed);
      // a fix that also creates or edits other files silences the rule only once those exist (workspace rules)
      const again = !fix.files?.length && after.find((g) => g.ruleId === f.ruleId && g.message === f.message && offsetOf(fixedStarts, fixed, g.range.start) === at);
      if (again) problems.push(`${label}: the rule still reports it (${again.message.slice(0, 120)})`);
    }
  }
  if (findings.some((f) => f.fixes?.some((x) => x.kind === 'safe'))) {
    for (const [name, fixAll] of [['CLI --fix', (t) => cliFixAll(t, lint(t), lint).text], ['server fix-all', (t) => serverFixAll(t, lint).text]]) {
      const fixed = fixAll(text);
      const { problems: found } = checkResult({ text, fixed, spans: undefined, fileName, lint, before: findings });
      problems.push(...found.map((p) => `${name}: ${p}`));
      if (fixAll(fixed) !== fixed) problems.push(`${name}: does not converge (a second run changes the file again)`);
    }
  }
  return problems;
}

function report(failures) {
  const lines = failures.slice(0, 30).map(({ file, problems }) => `- ${file}\n    ${problems.slice(0, 4).join('\n    ')}`);
  if (failures.length > 30) lines.push(`… and ${failures.length - 30} more files`);
  return `${failures.length} files with unsafe fixes:\n${lines.join('\n')}`;
}

before(async () => {
  // the fix-all implementations of the CLI and the server, from their sources
  cliFixAll = (await importSource('cli/safe-fixes.ts')).applySafeFixes;
  serverFixAll = (await importSource('server/fix-all.ts')).fixAllSafe;
  assert.equal(typeof cliFixAll, 'function');
  assert.equal(typeof serverFixAll, 'function');
});

test('every fix of every fixture is safe', () => {
  const failures = [];
  let fixes = 0;
  for (const folder of fixtureFolders()) {
    const config = allRulesConfig(folder.config);
    for (const file of folder.files) {
      const text = fs.readFileSync(file.path, 'utf8');
      const problems = checkFile(text, file.path, config);
      fixes += palisade.lint({ text, fileName: file.path }, config).reduce((n, f) => n + (f.fixes?.length ?? 0), 0);
      if (problems.length) failures.push({ file: path.relative(root, file.path), problems });
    }
  }
  assert.ok(fixes > 100, `the fixtures offer fixes (${fixes})`);
  assert.deepEqual(failures, [], report(failures));
});

test('every fix keeps a JSON manifest JSON: each Kubernetes fixture document written as JSON, every fix applied', () => {
  // Kubernetes reads JSON manifests too; a fix written in YAML syntax would leave a .json file that JSON tools reject
  const failures = [];
  let fixes = 0;
  for (const folder of fixtureFolders()) {
    const config = allRulesConfig(folder.config);
    for (const file of folder.files) {
      if (palisade.fileKindOf(file.path) !== 'yaml' || /\.json$/i.test(file.path)) continue;
      const docs = YAML.parseAllDocuments(fs.readFileSync(file.path, 'utf8'), { version: '1.1' });
      const list = Array.isArray(docs) ? docs : [...docs];
      list.forEach((doc, i) => {
        if (doc.errors.length) return;
        const object = doc.toJS();
        if (!object || typeof object !== 'object' || !object.apiVersion || !object.kind) return;
        const fileName = file.path.replace(/\.ya?ml$/i, `.${i}.json`);
        const text = JSON.stringify(object, null, 2) + '\n';
        fixes += palisade.lint({ text, fileName }, config).reduce((n, f) => n + (f.fixes?.filter((x) => x.edits.length).length ?? 0), 0);
        const problems = checkFile(text, fileName, config);
        if (problems.length) failures.push({ file: path.relative(root, fileName), problems });
      });
    }
  }
  assert.ok(fixes > 100, `the JSON documents offer fixes (${fixes})`);
  assert.deepEqual(failures, [], report(failures));
});

test('every fix on the examples and the benchmark corpus is safe', (t) => {
  const files = exampleFiles().map((f) => ({ file: f, fileName: path.relative(root, f) }));
  const c = corpus();
  if (c) files.push(...c.files.map((f) => ({ file: f.absolutePath, fileName: f.path })));
  else t.diagnostic(corpusUnavailable());
  const config = allRulesConfig();
  const failures = [];
  for (const { file, fileName } of files) {
    const problems = checkFile(fs.readFileSync(file, 'utf8'), fileName, config);
    if (problems.length) failures.push({ file: fileName, problems });
  }
  assert.deepEqual(failures, [], report(failures));
});

test('the checks catch what they are for', () => {
  // a fix that drops a comment, breaks the YAML, or changes text outside its ranges is reported
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x # keep\n';
  assert.deepEqual(missingComments(text, text.replace(' # keep', ''), false), ['# keep']);
  assert.ok(yamlShape('a: [\n').errors > 0);
  const spans = spansOf(text, [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 9 } }, newText: 'y' }]);
  assert.equal(splice(text, spans), text.replace('name: x', 'name: y'));
  assert.equal(mapOffset(text.indexOf('# keep'), [{ start: 0, end: 0, text: 'ab' }]), text.indexOf('# keep') + 2);
  assert.throws(() => spansOf(text, [{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, newText: '' }]));
});
