// --fix: safe fixes only, applied in rounds until stable, never leaving a file that does not parse, written atomically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { deployment, importSource, makeWorkspace, onlyRulesConfig, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';
import { fixtureFolders } from '../support/fixtures.mjs';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x:1\n';

/** A finding with one fix replacing [start, end) of line `line` by `newText`. */
function finding(line, start, end, newText, kind = 'safe', ruleId = 'test/rule') {
  const range = { start: { line, character: start }, end: { line, character: end } };
  return { ruleId, severity: 'warning', message: 'm', range, fixes: [{ title: 't', kind, edits: [{ range, newText }] }] };
}

test('safe fixes: non-overlapping ones go in together, overlapping ones wait a round, suggestions never', async () => {
  const { applySafeFixes } = await importSource('cli/safe-fixes.ts');
  const lint = (text) => {
    const out = [];
    const i = text.indexOf('aaaa');
    if (i >= 0) out.push(finding(0, i, i + 4, 'AAAA'), finding(0, i + 2, i + 4, 'zz'));
    const j = text.indexOf('bb');
    if (j >= 0) out.push(finding(0, j, j + 2, 'BB'));
    const k = text.indexOf('cc');
    if (k >= 0) out.push(finding(0, k, k + 2, 'CC', 'suggestion'));
    return out;
  };
  const text = 'aaaa bb cc';
  const outcome = applySafeFixes(text, lint(text), lint);
  assert.equal(outcome.text, 'AAAA BB cc', 'the overlapping fix was dropped once its region was rewritten; the suggestion was not applied');
  assert.equal(outcome.applied, 2);
  assert.deepEqual(outcome.findings.map((f) => f.fixes[0].kind), ['suggestion'], 'the findings are those of the final text');
});

test('safe fixes: a fix that reveals another is followed, at most 10 rounds', async () => {
  const { applySafeFixes, MAX_FIX_ROUNDS } = await importSource('cli/safe-fixes.ts');
  const chain = (text) => (text.includes('a') ? [finding(0, text.indexOf('a'), text.indexOf('a') + 1, 'b')]
    : text.includes('b') ? [finding(0, text.indexOf('b'), text.indexOf('b') + 1, 'c')] : []);
  assert.deepEqual(applySafeFixes('a', chain('a'), chain), { text: 'c', findings: [], applied: 2 });
  const endless = (text) => [finding(0, text.length, text.length, 'x')];
  const outcome = applySafeFixes('', endless(''), endless);
  assert.equal(MAX_FIX_ROUNDS, 10);
  assert.equal(outcome.text, 'x'.repeat(10));
  assert.equal(outcome.applied, 10);
});

test('safe fixes: a result that no longer parses is thrown away', async () => {
  const { applySafeFixes } = await importSource('cli/safe-fixes.ts');
  const config = palisade.resolveConfig({ extends: ['all'] }, palisade.builtinRules);
  // a (deliberately wrong) safe fix on top of the real engine: it breaks the YAML
  const lint = (text) => [...palisade.lint({ text, fileName: 'pod.yaml' }, config), ...(text.includes('kind: Pod') ? [finding(1, 6, 9, '[Pod')] : [])];
  const before = lint(POD);
  assert.ok(!before.some((f) => f.ruleId === 'parse-error'));
  const outcome = applySafeFixes(POD, before, lint);
  assert.equal(outcome.text, POD);
  assert.equal(outcome.applied, 0);
  assert.ok(palisade.lint({ text: POD.replace('kind: Pod', 'kind: [Pod'), fileName: 'pod.yaml' }, config).some((f) => f.ruleId === 'parse-error'), 'the fix really breaks the file');
});

test('atomic writes keep the mode, write through symbolic links and leave no temporary file', async (t) => {
  const { writeFileAtomically } = await importSource('cli/write-file.ts');
  const ws = makeWorkspace({ 'real/file.yaml': 'old\n' });
  t.after(ws.dispose);
  fs.chmodSync(ws.path('real/file.yaml'), 0o640);
  fs.symlinkSync('real/file.yaml', ws.path('link.yaml'));
  writeFileAtomically(ws.path('link.yaml'), 'new\n');
  assert.ok(fs.lstatSync(ws.path('link.yaml')).isSymbolicLink(), 'the link is still a link');
  assert.equal(ws.read('real/file.yaml'), 'new\n');
  assert.equal(fs.statSync(ws.path('real/file.yaml')).mode & 0o777, 0o640);
  assert.deepEqual(fs.readdirSync(ws.path('real')), ['file.yaml']);
});

test('--fix leaves files alone when no finding has a safe fix', (t) => {
  const text = deployment('web', ['hostPID: true']);
  const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': onlyRulesConfig(['k8s/no-host-pid'], palisade.builtinRules), 'deploy.yaml': text });
  t.after(ws.dispose);
  const mtime = fs.statSync(ws.path('deploy.yaml')).mtimeMs;
  const r = runCli(['scan', '--fix', '--format', 'json'], { cwd: ws.dir });
  assert.equal(r.code, 1, 'the suggestion-only finding remains and fails the scan');
  assert.equal(JSON.parse(r.stdout).summary.fixesApplied, 0);
  assert.equal(ws.read('deploy.yaml'), text);
  assert.equal(fs.statSync(ws.path('deploy.yaml')).mtimeMs, mtime);
});

// End to end with every rule that has safe fixes, on its own fixtures: --fix must silence the rule, keep the file
// parseable, match the golden when the golden was made from safe fixes, and change nothing when run again.
const safeRules = new Set(palisade.builtinRules.filter((r) => r.meta.fix === 'safe').map((r) => r.meta.id));
const safeCases = fixtureFolders()
  .filter((f) => safeRules.has(f.ruleId) && !f.config)
  .flatMap((f) => f.files.filter((x) => x.kind === 'invalid').map((file) => ({ ruleId: f.ruleId, file })));

test('--fix applies the safe fixes of every rule that has them', { skip: !safeCases.length && 'no rule with safe fixes yet' }, (t) => {
  for (const { ruleId, file } of safeCases) {
    const name = path.basename(file.path);
    const original = fs.readFileSync(file.path, 'utf8');
    const config = onlyRulesConfig([ruleId], palisade.builtinRules);
    const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': config, [name]: original });
    t.after(ws.dispose);
    const resolved = palisade.resolveConfig(palisade.parseConfigText(config, palisade.builtinRules).config, palisade.builtinRules);
    const before = palisade.lint({ text: original, fileName: name }, resolved).filter((f) => f.ruleId === ruleId);
    const safe = before.filter((f) => f.fixes?.some((x) => x.kind === 'safe'));
    if (!safe.length) continue;
    const r = runCli(['scan', name, '--fix', '--format', 'json'], { cwd: ws.dir });
    const report = JSON.parse(r.stdout);
    assert.ok(report.summary.fixesApplied >= 1, `${ruleId} ${name}: fixes applied`);
    const fixed = ws.read(name);
    const after = palisade.lint({ text: fixed, fileName: name }, resolved);
    assert.deepEqual(after.filter((f) => f.ruleId === 'parse-error'), [], `${ruleId} ${name}: the fixed file parses`);
    assert.deepEqual(after.filter((f) => f.ruleId === ruleId && f.fixes?.some((x) => x.kind === 'safe')).map((f) => f.message), [], `${ruleId} ${name}: nothing safe left to fix`);
    assert.deepEqual(report.files[0].findings, JSON.parse(JSON.stringify(after)), 'the report shows the findings left after fixing');
    if (file.fixed && safe.length === before.length && before.every((f) => f.fixes[0].kind === 'safe')) {
      assert.equal(fixed, fs.readFileSync(file.fixed, 'utf8'), `${ruleId} ${name}: same result as the golden`);
    }
    const again = runCli(['scan', name, '--fix', '--format', 'json'], { cwd: ws.dir });
    assert.equal(JSON.parse(again.stdout).summary.fixesApplied, 0, `${ruleId} ${name}: idempotent`);
    assert.equal(ws.read(name), fixed);
    ws.write(`bom-${name}`, `\ufeff${original}`);
    runCli(['scan', `bom-${name}`, '--fix'], { cwd: ws.dir });
    assert.equal(ws.read(`bom-${name}`), `\ufeff${fixed}`, `${ruleId} ${name}: the byte-order mark is kept`);
  }
});
