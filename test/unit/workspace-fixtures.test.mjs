// The harness of cross-file rules: each case under test/fixtures/workspace/<lang>/<rule>/<case>/ is a small workspace.
// Every file's findings must sit exactly at its markers, the workspace scan and the editor must agree, related
// information must point into the case, and fixes that create files must silence the finding once applied.
// Add a case by adding a folder.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readMarkers } from '../support/fixtures.mjs';
import { palisade } from '../support/engine.mjs';
import { caseTexts, runWorkspace, workspaceCases } from '../support/workspace-fixtures.mjs';

const position = (p) => `${p.line + 1}:${p.character}`;
const located = (f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character}-${f.range.end.line === f.range.start.line ? '' : f.range.end.line + 1 + ':'}${f.range.end.character}`;

const byRule = new Map();
for (const c of workspaceCases()) {
  if (!byRule.has(c.ruleId)) byRule.set(c.ruleId, []);
  byRule.get(c.ruleId).push(c);
}

for (const [ruleId, cases] of byRule) {
  describe(`workspace ${ruleId}`, () => {
    for (const c of cases) {
      const texts = caseTexts(c);
      const markersOf = (name) => readMarkers(texts[name]);
      test(`${c.name}: findings exactly at the markers, in every file`, () => {
        const { results } = runWorkspace(texts, c.config);
        let total = 0;
        for (const [name, { scan }] of results) {
          const markers = markersOf(name);
          const ids = new Set([ruleId, ...markers.map((m) => m.ruleId)]);
          const actual = scan.filter((f) => ids.has(f.ruleId)).map(located).sort();
          const expected = markers.map((m) => `${m.ruleId} ${m.line + 1}:${m.start}-${m.end}`).sort();
          assert.deepEqual(actual, expected, `findings of ${name}`);
          total += scan.filter((f) => f.ruleId === ruleId).length;
          for (const f of scan.filter((x) => x.ruleId === ruleId)) {
            assert.ok(f.message.length > 10 && !/\{\{/.test(f.message), `a full message: ${f.message}`);
          }
        }
        if (c.kind === 'invalid') assert.ok(total > 0, `an invalid case needs at least one ${ruleId} marker`);
        else assert.equal(total, 0);
      });

      test(`${c.name}: the editor (each file against the complete index) agrees with the workspace scan`, () => {
        const { results } = runWorkspace(texts, c.config);
        for (const [name, { scan, editor }] of results) assert.deepEqual(editor, scan, name);
      });

      if (c.kind !== 'invalid') continue;

      test(`${c.name}: related information points into the workspace`, () => {
        const { results } = runWorkspace(texts, c.config);
        for (const [name, { scan }] of results) {
          for (const f of scan.filter((x) => x.ruleId === ruleId)) {
            for (const r of f.related ?? []) {
              const target = r.fileName ?? name;
              assert.ok(target in texts, `${located(f)} in ${name}: related file ${target} is part of the case`);
              const lines = texts[target].split(/\r?\n/);
              assert.ok(r.range.start.line < lines.length && r.range.start.character <= lines[r.range.start.line].length, `related ${position(r.range.start)} lies in ${target}`);
              assert.ok(r.message.length > 5);
            }
          }
        }
      });

      test(`${c.name}: fixes apply, parse, and silence the findings`, () => {
        let current = { ...texts };
        const initial = countOf(runWorkspace(current, c.config).results, ruleId);
        for (let round = 0; round < 20; round++) {
          const { results } = runWorkspace(current, c.config);
          const target = [...results].flatMap(([name, r]) => r.scan.filter((f) => f.ruleId === ruleId && f.fixes?.length).map((f) => [name, f]))[0];
          if (!target) break;
          const [name, finding] = target;
          const fix = finding.fixes[0];
          const next = { ...current };
          if (fix.edits.length) next[name] = palisade.applyEdits(next[name], fix.edits);
          for (const change of fix.files ?? []) {
            if (change.append) {
              // lines added at the end of the file (the file created when absent), as the editor does
              assert.equal(change.edits.length, 1);
              const edit = change.fileName in next ? palisade.appendLinesEdit(next[change.fileName], change.edits[0].newText) : undefined;
              assert.ok(!(change.fileName in next) || edit, `"${fix.title}" adds something to ${change.fileName}`);
              next[change.fileName] = edit ? palisade.applyEdits(next[change.fileName], [edit]) : change.edits[0].newText;
            } else if (change.create) {
              assert.ok(!(change.fileName in next), `${change.fileName} is a new file`);
              assert.equal(change.edits.length, 1);
              next[change.fileName] = change.edits[0].newText;
            } else {
              assert.ok(change.fileName in next, `${change.fileName} exists`);
              next[change.fileName] = palisade.applyEdits(next[change.fileName], change.edits);
            }
          }
          const after = runWorkspace(next, c.config).results;
          for (const [file, r] of after) {
            assert.deepEqual(r.scan.filter((f) => f.ruleId === 'parse-error').map(located), [], `${file} parses after "${fix.title}"`);
          }
          assert.ok(countOf(after, ruleId) < countOf(results, ruleId), `"${fix.title}" removes a finding`);
          current = next;
        }
        assert.ok(countOf(runWorkspace(current, c.config).results, ruleId) <= initial);
      });
    }
  });
}

function countOf(results, ruleId) {
  let n = 0;
  for (const r of results.values()) n += r.scan.filter((f) => f.ruleId === ruleId).length;
  return n;
}
