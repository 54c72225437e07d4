// Baselines: `--write-baseline` records today's findings, `--baseline` reports only new ones. Fingerprints must
// survive whitespace and unrelated edits and change when the finding's own line changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { deployment, importSource, makeWorkspace, onlyRulesConfig, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';

const RULES = ['k8s/no-host-pid', 'k8s/no-privileged', 'docker/no-root-user', 'docker/no-secrets-in-arg-env'];
const CONFIG = onlyRulesConfig(RULES, palisade.builtinRules);
const HOST_PID = deployment('web', ['hostPID: true']);
const DOCKERFILE = 'FROM alpine:3.20\nENV API_TOKEN=abc\nUSER root\n';
const BASELINE = '.palisade-baseline.json';

function repo(t, files) {
  const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': CONFIG, 'k8s/deploy.yaml': HOST_PID, 'Dockerfile': DOCKERFILE, ...files });
  t.after(ws.dispose);
  return ws;
}

function findingsOf(ws, args = ['--baseline', BASELINE], cwd = ws.dir) {
  const r = runCli(['scan', '--format', 'json', ...args], { cwd });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout), findings: JSON.parse(r.stdout).files.flatMap((f) => f.findings.map((x) => ({ path: f.path, ...x }))) };
}

test('--write-baseline records every finding (reviewable, sorted) and exits 0; --baseline then reports nothing', (t) => {
  const ws = repo(t);
  const w = runCli(['scan', '--write-baseline', BASELINE], { cwd: ws.dir });
  assert.equal(w.code, 0, 'recording is not a failure');
  assert.match(w.stderr, /recorded 3 findings in \.palisade-baseline\.json/);
  const doc = JSON.parse(ws.read(BASELINE));
  assert.equal(doc.version, 1);
  assert.equal(doc.recipe, 'palisade-baseline/v1');
  assert.deepEqual(doc.findings.map((f) => [f.path, f.ruleId]), [
    ['Dockerfile', 'docker/no-root-user'], ['Dockerfile', 'docker/no-secrets-in-arg-env'], ['k8s/deploy.yaml', 'k8s/no-host-pid'],
  ]);
  for (const f of doc.findings) assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
  assert.equal(doc.findings.find((f) => f.ruleId === 'k8s/no-host-pid').resource, 'Deployment/web');
  const again = findingsOf(ws);
  assert.equal(again.code, 0);
  assert.equal(again.findings.length, 0);
  assert.equal(again.report.summary.baselined, 3);
  assert.match(again.stderr, /3 findings in the baseline \.palisade-baseline\.json not reported/);
  // the same file again gives the same bytes: a refreshed baseline only diffs where findings changed
  const before = ws.read(BASELINE);
  runCli(['scan', '--write-baseline', BASELINE], { cwd: ws.dir });
  assert.equal(ws.read(BASELINE), before);
});

test('a new finding is reported (exit 1) while the baselined ones stay quiet', (t) => {
  const ws = repo(t);
  runCli(['scan', '--write-baseline', BASELINE], { cwd: ws.dir });
  ws.write('k8s/new.yaml', deployment('api', ['hostPID: true']));
  ws.write('k8s/deploy.yaml', HOST_PID.replace('          image:', '          securityContext:\n            privileged: true\n          image:'));
  const r = findingsOf(ws);
  assert.equal(r.code, 1);
  assert.deepEqual(r.findings.map((f) => [f.path, f.ruleId]).sort(), [['k8s/deploy.yaml', 'k8s/no-privileged'], ['k8s/new.yaml', 'k8s/no-host-pid']]);
  assert.equal(r.report.summary.baselined, 3);
});

test('fingerprints survive whitespace and unrelated edits', (t) => {
  const ws = repo(t);
  runCli(['scan', '--write-baseline', BASELINE], { cwd: ws.dir });
  // lines added above, a comment, another document before it, trailing spaces, re-spacing the finding's own line
  ws.write('k8s/deploy.yaml', [
    '# owned by the web team',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    'data:',
    '  mode: fast',
    '---',
    HOST_PID.replace('hostPID: true', 'hostPID:   true   ').replace('  selector:', '  replicas: 3\n  selector:'),
  ].join('\n'));
  ws.write('Dockerfile', '# syntax=docker/dockerfile:1\n\nFROM alpine:3.20\nLABEL team=web\n\nENV  API_TOKEN=abc\nUSER   root\n');
  const r = findingsOf(ws);
  assert.deepEqual(r.findings, [], 'nothing new');
  assert.equal(r.report.summary.baselined, 3);
  assert.doesNotMatch(r.stderr, /no longer occur/);
});

test('re-indenting a whole manifest keeps its fingerprints', (t) => {
  const ws = repo(t);
  runCli(['scan', '--write-baseline', BASELINE], { cwd: ws.dir });
  // a List wrapping the Deployment: every line moves right by four columns
  ws.write('k8s/deploy.yaml', 'apiVersion: v1\nkind: List\nitems:\n' + HOST_PID.trimEnd().split('\n').map((l, i) => (i === 0 ? '  - ' : '    ') + l).join('\n') + '\n');
  const r = findingsOf(ws);
  assert.equal(r.findings.length, 0, JSON.stringify(r.findings));
});

test('a change of the finding itself, of its resource or of its file makes it new', (t) => {
  const ws = repo(t);
  runCli(['scan', '--write-baseline', BASELINE], { cwd: ws.dir });
  ws.write('Dockerfile', DOCKERFILE.replace('API_TOKEN=abc', 'API_TOKEN=def'));
  ws.write('k8s/deploy.yaml', HOST_PID.replace(/web/g, 'shop'));
  const r = findingsOf(ws);
  assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['docker/no-secrets-in-arg-env', 'k8s/no-host-pid']);
  assert.match(r.stderr, /2 baselined findings no longer occur: refresh the baseline/);
  fs.renameSync(ws.path('Dockerfile'), ws.path('Containerfile'));
  const moved = findingsOf(ws);
  assert.ok(moved.findings.some((f) => f.path === 'Containerfile' && f.ruleId === 'docker/no-root-user'), 'a moved file is a new file');
});

test('identical findings count: the baseline accepts as many as it recorded', (t) => {
  const pod = (n) => ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:',
    ...Array.from({ length: n }, (_, i) => [`    - name: c${i}`, '      image: registry.example.com/a:1.0.0', '      securityContext:', '        privileged: true']).flat(), ''].join('\n');
  const ws = repo(t, { 'pod.yaml': pod(2) });
  runCli(['scan', '--write-baseline', BASELINE], { cwd: ws.dir });
  assert.equal(JSON.parse(ws.read(BASELINE)).findings.filter((f) => f.path === 'pod.yaml').length, 2);
  ws.write('pod.yaml', pod(3));
  const r = findingsOf(ws);
  assert.equal(r.findings.length, 1, 'the third privileged container is new');
  assert.equal(r.findings[0].ruleId, 'k8s/no-privileged');
});

test('paths are relative to the baseline file: the same baseline works from any working directory', (t) => {
  const ws = repo(t);
  fs.mkdirSync(ws.path('ci'));
  runCli(['scan', '..', '--write-baseline', `../${BASELINE}`], { cwd: ws.path('ci') });
  assert.deepEqual(JSON.parse(ws.read(BASELINE)).findings.map((f) => f.path).sort(), ['Dockerfile', 'Dockerfile', 'k8s/deploy.yaml']);
  assert.equal(findingsOf(ws).findings.length, 0, 'from the root');
  assert.equal(findingsOf(ws, ['.', '--baseline', `../${BASELINE}`], ws.path('k8s')).findings.length, 0, 'from a sub-folder');
  const partial = runCli(['scan', 'k8s', '--baseline', BASELINE], { cwd: ws.dir });
  assert.doesNotMatch(partial.stderr, /no longer occur/, 'files outside the scan are not "gone"');
});

test('a missing, malformed or foreign baseline is a usage error (exit 2) that says what to do', (t) => {
  const ws = repo(t);
  const missing = runCli(['scan', '--baseline', BASELINE], { cwd: ws.dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /No baseline at \.palisade-baseline\.json.*--write-baseline/);
  for (const [content, message] of [
    ['{ not json', /not valid JSON/],
    ['[]', /not a Palisade baseline/],
    [JSON.stringify({ version: 1, recipe: 'palisade-baseline/v0', findings: [] }), /palisade-baseline\/v0/],
    [JSON.stringify({ version: 1, recipe: 'palisade-baseline/v1', findings: [{ ruleId: 'x' }] }), /without a "fingerprint"/],
  ]) {
    ws.write(BASELINE, content);
    const r = runCli(['scan', '--baseline', BASELINE], { cwd: ws.dir });
    assert.equal(r.code, 2, content);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
  assert.equal(runCli(['rules', '--baseline', BASELINE]).code, 2, '--baseline belongs to scan');
});

test('fingerprint recipe: whitespace-blind snippet of the start line; rule, path and resource matter', async () => {
  const { normalisedSnippet, findingFingerprint, BaselineSet } = await importSource('rules/core/fingerprint.ts');
  const { LineIndex } = await importSource('rules/core/text.ts');
  const at = (line) => ({ range: { start: { line, character: 0 }, end: { line, character: 1 } } });
  const lines = new LineIndex('a: 1\n   hostPID:\ttrue  \r\nz');
  assert.equal(normalisedSnippet(lines, at(1)), 'hostPID:true');
  assert.equal(normalisedSnippet(lines, at(9)), '', 'a line past the end is empty, not an error');
  const base = { ruleId: 'k8s/no-host-pid', path: 'a.yaml', resource: 'Pod/a', snippet: 'hostPID:true' };
  const fp = findingFingerprint(base);
  assert.equal(findingFingerprint({ ...base }), fp, 'deterministic');
  for (const change of [{ ruleId: 'k8s/no-host-ipc' }, { path: 'b.yaml' }, { resource: 'Pod/b' }, { snippet: 'hostPID:false' }]) {
    assert.notEqual(findingFingerprint({ ...base, ...change }), fp, JSON.stringify(change));
  }
  const set = new BaselineSet(['x', 'x', 'y']);
  assert.equal(set.size, 3);
  assert.deepEqual(set.match(['x', 'y', 'x', 'x', 'z']), [true, true, true, false, false]);
  assert.deepEqual(set.match(['x']), [true], 'each file is matched on its own');
});
