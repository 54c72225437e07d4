// SARIF 2.1.0 output: what GitHub code scanning, the SARIF viewers and the conformance scorer read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployment, makeWorkspace, onlyRulesConfig, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';
import { root } from '../support/fixtures.mjs';

const HOST_PID = deployment('web', ['hostPID: true']);
const RULES = ['k8s/no-host-pid', 'docker/no-root-user'];
const CONFIG_TEXT = onlyRulesConfig(RULES, palisade.builtinRules);
const CONFIG = palisade.resolveConfig(palisade.parseConfigText(CONFIG_TEXT, palisade.builtinRules).config, palisade.builtinRules);

function sarifOf(args, cwd) {
  const r = runCli(['scan', '--format', 'sarif', ...args], { cwd });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return JSON.parse(r.stdout);
}

function workspace(t, files) {
  const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': CONFIG_TEXT, ...files });
  t.after(ws.dispose);
  return ws;
}

test('the log: version 2.1.0, one run, UTF-16 columns, %SRCROOT% at the working directory', (t) => {
  const ws = workspace(t, { 'deploy.yaml': HOST_PID });
  const log = sarifOf([], ws.dir);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(ws.dir + '/').href);
  const driver = run.tool.driver;
  assert.equal(driver.name, 'Palisade');
  assert.equal(driver.version, JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  assert.match(driver.informationUri, /^https:\/\//);
});

test('rule descriptors carry the explanation, defaults and GitHub security metadata', (t) => {
  const ws = makeWorkspace({ '.git/HEAD': '', 'deploy.yaml': HOST_PID });
  t.after(ws.dispose);
  const rules = sarifOf(['--preset', 'all'], ws.dir).runs[0].tool.driver.rules;
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const id of ['parse-error', 'internal-error', 'skipped-file']) assert.ok(ids.includes(id), `${id} has a descriptor`);
  for (const rule of palisade.builtinRules) {
    const d = rules.find((r) => r.id === rule.meta.id);
    assert.ok(d, `${rule.meta.id} is described under --preset all`);
    assert.match(d.name, /^[A-Za-z0-9]+$/);
    assert.equal(d.shortDescription.text, rule.meta.title);
    assert.ok(d.fullDescription.text.length > 20);
    assert.equal(d.help.markdown, palisade.explainRule(rule));
    assert.ok(d.help.text.length > 20 && !d.help.text.includes('**'), 'help.text is plain text');
    assert.match(d.helpUri, new RegExp(`^https://.+/docs/rules/${rule.meta.id}\\.md$`));
    assert.equal(d.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note' }[rule.meta.severity]);
    const security = (rule.meta.category ?? 'security') === 'security';
    assert.equal(d.properties.tags.includes('security'), security);
    if (security && rule.meta.severity !== 'info') assert.match(d.properties['security-severity'], /^\d+\.\d$/);
    else assert.equal(d.properties['security-severity'], undefined);
  }
});

test('results: rule, level, message, relative URI and a 1-based region equal to the engine range', (t) => {
  const ws = workspace(t, { 'k8s/deploy.yaml': HOST_PID, 'Dockerfile': 'FROM alpine:3.20\nUSER root\n' });
  const run = sarifOf([], ws.dir).runs[0];
  const rules = run.tool.driver.rules;
  assert.equal(run.results.length, 2);
  const engine = {
    'Dockerfile': palisade.lint({ text: 'FROM alpine:3.20\nUSER root\n', fileName: 'Dockerfile' }, CONFIG)[0],
    'k8s/deploy.yaml': palisade.lint({ text: HOST_PID, fileName: 'k8s/deploy.yaml' }, CONFIG)[0],
  };
  for (const result of run.results) {
    assert.equal(rules[result.ruleIndex].id, result.ruleId);
    assert.equal(result.level, 'error');
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    const f = engine[loc.artifactLocation.uri];
    assert.ok(f, `uri ${loc.artifactLocation.uri} is relative with forward slashes`);
    assert.equal(result.ruleId, f.ruleId);
    assert.equal(result.message.text, f.message);
    assert.deepEqual(loc.region, {
      startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1,
      endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1,
    });
  }
});

test('columns count UTF-16 code units (a character outside the BMP counts two)', (t) => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {"🚀ü": 1, hostPID: true, containers: [{name: c, image: "x:1"}]}\n';
  const ws = workspace(t, { 'pod.yaml': pod });
  const result = sarifOf([], ws.dir).runs[0].results.find((r) => r.ruleId === 'k8s/no-host-pid');
  const line = pod.split('\n')[3];
  assert.equal(result.locations[0].physicalLocation.region.startColumn, line.indexOf('true') + 1);
  assert.equal(line.indexOf('true'), [...line.slice(0, line.indexOf('true'))].length + 1, 'the prefix holds one surrogate pair');
});

test('fixes become SARIF fixes with deleted regions and inserted content', (t) => {
  const ws = workspace(t, { 'deploy.yaml': HOST_PID });
  const result = sarifOf([], ws.dir).runs[0].results[0];
  const fix = palisade.lint({ text: HOST_PID, fileName: 'deploy.yaml' }, CONFIG)[0].fixes[0];
  assert.equal(result.fixes.length, 1);
  assert.equal(result.fixes[0].description.text, fix.title);
  const change = result.fixes[0].artifactChanges[0];
  assert.equal(change.artifactLocation.uri, 'deploy.yaml');
  assert.deepEqual(change.replacements, fix.edits.map((e) => ({
    deletedRegion: { startLine: e.range.start.line + 1, startColumn: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1 },
    insertedContent: { text: e.newText },
  })));
});

test('fingerprints are unique per result and survive lines inserted above', (t) => {
  const two = `${HOST_PID}---\n${deployment('api', ['hostPID: true'])}`;
  const ws = workspace(t, { 'deploy.yaml': two });
  const before = sarifOf([], ws.dir).runs[0].results.map((r) => r.partialFingerprints['palisadeFindingHash/v1']);
  assert.equal(before.length, 2);
  assert.equal(new Set(before).size, 2);
  ws.write('deploy.yaml', `# owned by the shop team\n# reviewed 2024\n${two}`);
  const after = sarifOf([], ws.dir).runs[0].results;
  assert.deepEqual(after.map((r) => r.partialFingerprints['palisadeFindingHash/v1']), before);
  assert.equal(after[0].locations[0].physicalLocation.region.startLine, 16, 'while the region moved');
});

test('paths with spaces are URI-encoded; files outside the working directory get file: URIs', (t) => {
  const ws = workspace(t, { 'my manifests/deploy #1.yaml': HOST_PID });
  const inside = sarifOf([], ws.dir).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
  assert.equal(inside.uri, 'my%20manifests/deploy%20%231.yaml');
  const outside = sarifOf([ws.path('my manifests')], path.join(root, 'test')).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
  assert.equal(outside.uriBaseId, undefined);
  assert.equal(outside.uri, pathToFileURL(ws.path('my manifests/deploy #1.yaml')).href);
});

const scorer = path.join(root, '..', 'shared', 'conformance', 'score.mjs');

test('the conformance scorer attributes every result to its file', { skip: !fs.existsSync(scorer) && 'no ../shared/conformance here' }, async (t) => {
  const { sarifFindings } = await import(pathToFileURL(scorer).href);
  const ws = workspace(t, { 'a/deploy.yaml': HOST_PID, 'b c/Dockerfile': 'FROM alpine:3.20\nUSER 0\n' });
  const found = sarifFindings(sarifOf(['--preset', 'all'], ws.dir), ws.dir);
  const mine = found.filter((f) => RULES.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.file}`).sort();
  assert.deepEqual(mine, [`docker/no-root-user ${ws.path('b c/Dockerfile')}`, `k8s/no-host-pid ${ws.path('a/deploy.yaml')}`]);
});

test('a fix that creates another file lists that file among its artifact changes', (t) => {
  const fixture = path.join(root, 'test', 'fixtures', 'k8s', 'require-network-policy', 'invalid-unselected.yaml');
  if (!fs.existsSync(fixture)) return t.skip('no k8s/require-network-policy fixture');
  const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': onlyRulesConfig(['k8s/require-network-policy'], palisade.builtinRules), 'app.yaml': fs.readFileSync(fixture, 'utf8') });
  t.after(ws.dispose);
  const results = sarifOf(['app.yaml'], ws.dir).runs[0].results.filter((r) => r.ruleId === 'k8s/require-network-policy');
  const changes = results.flatMap((r) => (r.fixes ?? []).flatMap((f) => f.artifactChanges));
  const created = changes.filter((c) => c.artifactLocation.uri !== 'app.yaml');
  assert.ok(created.length >= 1, 'a change outside the finding\'s file');
  for (const c of created) {
    assert.equal(c.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!fs.existsSync(ws.path(decodeURIComponent(c.artifactLocation.uri))), 'proposed, not written');
    assert.deepEqual(c.replacements[0].deletedRegion, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    assert.match(c.replacements[0].insertedContent.text, /kind: NetworkPolicy/);
  }
});

test('lines a fix adds to an existing .dockerignore are inserted after its last line, without the lines it holds', (t) => {
  const ws = makeWorkspace({
    '.git/HEAD': '',
    '.palisade.yaml': onlyRulesConfig(['docker/no-secret-files-in-image'], palisade.builtinRules),
    'Dockerfile': 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json .npmrc ./\nCOPY . .\nUSER node\n',
    // no newline at the end, and one of the lines a fix would add is there already
    '.dockerignore': 'node_modules\n.git',
  });
  t.after(ws.dispose);
  const results = sarifOf(['Dockerfile'], ws.dir).runs[0].results.filter((r) => r.ruleId === 'docker/no-secret-files-in-image');
  const changes = results.flatMap((r) => (r.fixes ?? []).flatMap((f) => f.artifactChanges))
    .filter((c) => c.artifactLocation.uri === '.dockerignore');
  assert.ok(changes.length >= 1, 'a fix adds lines to .dockerignore');
  for (const c of changes) {
    const [replacement] = c.replacements;
    // after `.git` on line 2 (1-based), column 5: the end of the file
    assert.deepEqual(replacement.deletedRegion, { startLine: 2, startColumn: 5, endLine: 2, endColumn: 5 });
    assert.match(replacement.insertedContent.text, /^\n/, 'the missing line break first');
    assert.doesNotMatch(replacement.insertedContent.text, /^\.git$/m, 'a line the file holds is not added again');
  }
  const npmrc = changes.find((c) => /^\n\.npmrc\n$/.test(c.replacements[0].insertedContent.text));
  assert.ok(npmrc, JSON.stringify(changes.map((c) => c.replacements[0].insertedContent.text)));
});
