// The fixture harness: every rule's valid and invalid files, exact ranges from the inline markers, `.fixed` goldens,
// idempotent fixes, and the fixed file clean for that rule. Add a case by adding a file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixtureFolders, readMarkers } from '../support/fixtures.mjs';
import { allRulesConfig, fixAll, lintText, palisade } from '../support/engine.mjs';

const reparse = (text, fileName) => {
  const findings = palisade.lint({ text, fileName }, allRulesConfig());
  return findings.filter((f) => f.ruleId === 'parse-error' || f.ruleId === 'internal-error');
};

for (const folder of fixtureFolders()) {
  describe(folder.ruleId, () => {
    const config = allRulesConfig(folder.config);
    for (const file of folder.files) {
      const text = fs.readFileSync(file.path, 'utf8');
      // a fixture under templates/ is linted with that path, as Helm detection depends on it
      const fileName = file.path;
      if (file.kind === 'valid') {
        test(`${file.name}: no finding`, () => {
          const findings = lintText(text, fileName, config).filter((f) => f.ruleId === folder.ruleId);
          assert.deepEqual(findings.map(describeFinding), []);
        });
        continue;
      }
      test(`${file.name}: findings exactly at the markers`, () => {
        const markers = readMarkers(text);
        assert.ok(markers.some((m) => m.ruleId === folder.ruleId), `an invalid fixture needs at least one ${folder.ruleId} marker`);
        const ids = new Set([folder.ruleId, ...markers.map((m) => m.ruleId)]);
        const findings = lintText(text, fileName, config).filter((f) => ids.has(f.ruleId));
        const actual = findings
          .map((f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character}-${f.range.end.line === f.range.start.line ? '' : f.range.end.line + 1 + ':'}${f.range.end.character}`)
          .sort();
        const expected = markers
          .map((m) => `${m.ruleId} ${m.line + 1}:${m.start}-${m.end}`)
          .sort();
        assert.deepEqual(actual, expected);
        for (const f of findings) {
          assert.ok(f.message.length > 10, 'message is a sentence');
          // a template expression of a Helm chart shows as {{…}}; a placeholder left unfilled has a name
          assert.doesNotMatch(f.message.replaceAll('{{…}}', ''), /\{\{/, 'message has no unfilled placeholder');
        }
      });
      const fixable = lintText(text, fileName, config).some((f) => f.ruleId === folder.ruleId && f.fixes?.some((fx) => fx.edits.length));
      if (fixable || file.fixed) {
        test(`${file.name}: fixes match the golden, re-parse, and silence the rule`, () => {
          assert.ok(file.fixed, `fixes are offered: add the golden ${file.name.replace(/\.([^.]+)$/, '.fixed.$1')}`);
          const golden = fs.readFileSync(file.fixed, 'utf8');
          const { text: fixed, applied } = fixAll(text, fileName, config, folder.ruleId);
          assert.ok(applied > 0, 'at least one fix applied');
          assert.equal(fixed, golden);
          assert.deepEqual(reparse(fixed, fileName), [], 'the fixed file parses');
          const left = lintText(fixed, fileName, config).filter((f) => f.ruleId === folder.ruleId);
          assert.deepEqual(left.map(describeFinding), [], 'the rule is silent on the fixed file');
          const again = fixAll(fixed, fileName, config, folder.ruleId);
          assert.equal(again.applied, 0, 'fixing again changes nothing');
        });
      }
    }
  });
}

function describeFinding(f) {
  return `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character} ${f.message}`;
}
