// palisade scan: exit codes, the text and JSON reports, file discovery and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { deployment, makeWorkspace, onlyRulesConfig, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';

const HOST_PID = deployment('web', ['hostPID: true']);
const CLEAN = deployment('web');
const ROOT_DOCKERFILE = 'FROM alpine:3.20\nRUN echo hi\nUSER root\n';

/** The two rules these tests rely on; every other rule is off, so new rules do not move the expectations. */
const RULES = ['k8s/no-host-pid', 'docker/no-root-user'];

/** A workspace with a `.git` folder (no configuration from outside applies) and a config enabling only RULES. */
function repo(files, rules = RULES) {
  const ws = makeWorkspace({ '.palisade.yaml': onlyRulesConfig(rules, palisade.builtinRules), ...files });
  fs.mkdirSync(ws.path('.git'));
  return ws;
}

const CONFIG = palisade.resolveConfig(palisade.parseConfigText(onlyRulesConfig(RULES, palisade.builtinRules), palisade.builtinRules).config, palisade.builtinRules);

test('a clean workspace exits 0 and says so', (t) => {
  const ws = repo({ 'deploy.yaml': CLEAN, 'Dockerfile': 'FROM alpine:3.20\nUSER 65532\n' });
  t.after(ws.dispose);
  const r = runCli(['scan', '.'], { cwd: ws.dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No problems found in 3 files\./, 'the two files and .palisade.yaml');
});

test('findings at or above --fail-on decide the exit code', (t) => {
  const ws = repo({ 'deploy.yaml': HOST_PID });
  t.after(ws.dispose);
  const scan = (...args) => runCli(['scan', ...args], { cwd: ws.dir }).code;
  assert.equal(scan(), 1, 'an error fails by default (paths default to .)');
  assert.equal(scan('--fail-on', 'never'), 0);
  assert.equal(scan('--rule', 'k8s/no-host-pid=warning'), 0, 'a warning does not fail --fail-on error');
  assert.equal(scan('--rule', 'k8s/no-host-pid=warning', '--fail-on', 'warning'), 1);
  assert.equal(scan('--rule', 'k8s/no-host-pid=info', '--fail-on', 'warning'), 0);
  assert.equal(scan('--rule', 'k8s/no-host-pid=info', '--fail-on', 'info'), 1);
  assert.equal(scan('--rule', 'k8s/no-host-pid=off'), 0);
});

test('text report: path:line:col (1-based), severity, message, [rule-id], grouped per file, then a summary', (t) => {
  const ws = repo({ 'b/deploy.yaml': HOST_PID, 'a/Dockerfile': ROOT_DOCKERFILE });
  t.after(ws.dispose);
  const r = runCli(['scan'], { cwd: ws.dir });
  assert.equal(r.code, 1);
  const line = (file, text) => {
    const [f] = palisade.lint({ text, fileName: file }, CONFIG);
    return `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity.padEnd(7)}  ${f.message}  [${f.ruleId}]`;
  };
  assert.match(line('a/Dockerfile', ROOT_DOCKERFILE), /^a\/Dockerfile:3:6  error {4}.+  \[docker\/no-root-user\]$/);
  assert.equal(r.stdout, [
    line('a/Dockerfile', ROOT_DOCKERFILE),
    '',
    line('b/deploy.yaml', HOST_PID),
    '',
    '2 problems (2 errors) in 2 of 3 files.',
    '',
  ].join('\n'));
  assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
});

test('json report: {version, files: [{path, findings}], summary} with the engine\'s own findings', (t) => {
  const ws = repo({ 'deploy.yaml': HOST_PID, 'clean.yaml': CLEAN, 'notes.txt': 'hostPID: true' });
  t.after(ws.dispose);
  const r = runCli(['scan', '--format', 'json'], { cwd: ws.dir });
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout);
  assert.equal(typeof report.version, 'string');
  assert.deepEqual(report.files.map((f) => f.path), ['.palisade.yaml', 'clean.yaml', 'deploy.yaml'], 'only YAML/JSON and Dockerfiles are read');
  report.files.shift();
  assert.deepEqual(report.files[0].findings, []);
  const expected = palisade.lint({ text: HOST_PID, fileName: 'deploy.yaml' }, CONFIG);
  assert.deepEqual(report.files[1].findings, JSON.parse(JSON.stringify(expected)), '0-based LSP ranges and fixes as the engine gives them');
  assert.deepEqual(report.summary, {
    filesScanned: 3, filesWithFindings: 1, findings: expected.length, errors: 1, warnings: 0, infos: 0, fixable: 0, fixesApplied: 0, filesFixed: 0,
  });
});

test('--output writes the report to a file and nothing to stdout', (t) => {
  const ws = repo({ 'deploy.yaml': HOST_PID });
  t.after(ws.dispose);
  const r = runCli(['scan', '--format', 'json', '--output', 'out/report.json'], { cwd: ws.dir });
  assert.equal(r.code, 2, 'a folder that does not exist is a usage error');
  fs.mkdirSync(ws.path('out'));
  const ok = runCli(['scan', 'deploy.yaml', '--format', 'json', '--output', 'out/report.json'], { cwd: ws.dir });
  assert.equal(ok.code, 1);
  assert.equal(ok.stdout, '');
  assert.equal(JSON.parse(ws.read('out/report.json')).summary.errors, 1);
});

test('discovery: recursive, skips node_modules and hidden folders, reads only Dockerfiles and YAML/JSON', (t) => {
  const ws = repo({
    'k8s/deep/er/deploy.yml': HOST_PID,
    'k8s/manifest.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostPID: true, containers: [{ name: 'c', image: 'x:1' }] } }, null, 2),
    'images/Dockerfile': ROOT_DOCKERFILE,
    'images/web.Dockerfile': ROOT_DOCKERFILE,
    'images/Containerfile': ROOT_DOCKERFILE,
    'images/Dockerfile.prod': ROOT_DOCKERFILE,
    'node_modules/pkg/deploy.yaml': HOST_PID,
    '.cache/deploy.yaml': HOST_PID,
    '.hidden.yaml': CLEAN,
    'README.md': 'hostPID: true',
    'script.sh': 'USER root',
  });
  t.after(ws.dispose);
  const r = runCli(['scan', '--format', 'json'], { cwd: ws.dir });
  const paths = JSON.parse(r.stdout).files.map((f) => f.path);
  assert.deepEqual(paths.sort(), [
    '.hidden.yaml', '.palisade.yaml', 'images/Containerfile', 'images/Dockerfile', 'images/Dockerfile.prod', 'images/web.Dockerfile',
    'k8s/deep/er/deploy.yml', 'k8s/manifest.json',
  ]);
  const json = JSON.parse(r.stdout).files.find((f) => f.path === 'k8s/manifest.json');
  assert.deepEqual(json.findings.map((f) => f.ruleId), ['k8s/no-host-pid'], 'JSON manifests are linted');
});

test('discovery: explicit files and folders, each file once, hidden folders when named', (t) => {
  const ws = repo({ 'a/one.yaml': HOST_PID, 'a/b/two.yaml': HOST_PID, '.config/three.yaml': HOST_PID });
  t.after(ws.dispose);
  const r = runCli(['scan', 'a', 'a/b', 'a/one.yaml', '.config', '--format', 'json'], { cwd: ws.dir });
  assert.deepEqual(JSON.parse(r.stdout).files.map((f) => f.path), ['a/one.yaml', 'a/b/two.yaml', '.config/three.yaml']);
});

test('a path that does not exist is a usage error', (t) => {
  const ws = repo({ 'a.yaml': CLEAN });
  t.after(ws.dispose);
  const r = runCli(['scan', 'a.yaml', 'missing'], { cwd: ws.dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /No such file or folder: missing/);
});

test('non-Kubernetes YAML and JSON (workflow, compose, Helm values, package.json) yield nothing', (t) => {
  // every rule on: nothing may fire on YAML that is not Kubernetes
  const ws = makeWorkspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'workflow.yaml': 'name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hostPID\n',
    'compose.yaml': 'services:\n  web:\n    image: nginx:latest\n    privileged: true\n    pid: host\n',
    'values.yaml': 'image:\n  tag: latest\nsecurityContext:\n  privileged: true\nhostPID: true\n',
    'package.json': '{"name": "x", "version": "1.0.0"}',
    'broken-values.yaml': 'a: [1, 2\nb: {\n',
  });
  t.after(ws.dispose);
  const r = runCli(['scan', '--format', 'json', '--preset', 'all'], { cwd: ws.dir });
  assert.equal(r.code, 0);
  const report = JSON.parse(r.stdout);
  assert.equal(report.summary.filesScanned, 5);
  assert.equal(report.summary.findings, 0);
});

test('a YAML syntax error is a parse-error finding that fails the scan (exit 1, not 2); the other documents still report', (t) => {
  const broken = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: broken', 'spec:', '  containers: [', '---', HOST_PID].join('\n');
  const ws = repo({ 'broken.yaml': broken });
  t.after(ws.dispose);
  const r = runCli(['scan', '--format', 'json'], { cwd: ws.dir });
  assert.equal(r.code, 1);
  const ids = JSON.parse(r.stdout).files.find((f) => f.path === 'broken.yaml').findings.map((f) => f.ruleId);
  assert.ok(ids.includes('parse-error'), ids.join());
  assert.ok(ids.includes('k8s/no-host-pid'), ids.join());
});

test('bad input becomes a skipped-file info finding: over 5 MB, binary, invalid UTF-8', (t) => {
  const big = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n' + '  k: ' + 'x'.repeat(5 * 1024 * 1024) + '\n';
  const ws = repo({
    'big.yaml': big,
    'binary.yaml': Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x01, 0x02, 0x0a]),
    'latin1.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'),
    'ok.yaml': HOST_PID,
  });
  t.after(ws.dispose);
  const r = runCli(['scan', '--format', 'json'], { cwd: ws.dir });
  assert.equal(r.code, 1, 'the real finding in ok.yaml still fails the scan');
  const byPath = Object.fromEntries(JSON.parse(r.stdout).files.map((f) => [f.path, f.findings]));
  for (const [file, reason] of [['big.yaml', /larger than 5 MB/], ['binary.yaml', /binary/], ['latin1.yaml', /UTF-8/]]) {
    assert.equal(byPath[file].length, 1, file);
    assert.equal(byPath[file][0].ruleId, 'skipped-file');
    assert.equal(byPath[file][0].severity, 'info');
    assert.match(byPath[file][0].message, reason);
  }
  assert.equal(runCli(['scan', 'big.yaml', 'binary.yaml', 'latin1.yaml'], { cwd: ws.dir }).code, 0, 'skipped files are info: exit 0');
});

test('unreadable entries (symlink loops, dangling links) are a note on stderr; the scan goes on', (t) => {
  const ws = repo({ 'ok.yaml': HOST_PID, 'sub/x.yaml': CLEAN });
  t.after(ws.dispose);
  fs.symlinkSync('loop.yaml', ws.path('loop.yaml'));
  fs.symlinkSync('missing-target.yaml', ws.path('dangling.yaml'));
  fs.symlinkSync('..', ws.path('sub/up'));
  const r = runCli(['scan', '--format', 'json'], { cwd: ws.dir });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /loop\.yaml: symbolic link loop/);
  assert.match(r.stderr, /dangling\.yaml: no such file or folder/);
  const paths = JSON.parse(r.stdout).files.map((f) => f.path);
  assert.deepEqual(paths, ['.palisade.yaml', 'ok.yaml', 'sub/x.yaml'], 'a link back to a folder being walked is not walked again');
});

test('a UTF-8 byte-order mark does not shift columns', (t) => {
  const ws = repo({ 'bom.yaml': '\ufeff' + HOST_PID, 'plain.yaml': HOST_PID });
  t.after(ws.dispose);
  const files = JSON.parse(runCli(['scan', 'bom.yaml', 'plain.yaml', '--format', 'json'], { cwd: ws.dir }).stdout).files;
  assert.deepEqual(files[0].findings, files[1].findings);
  assert.ok(files[0].findings.length > 0);
});

test('scanning a folder outside the working directory shows absolute paths', (t) => {
  const ws = repo({ 'deploy.yaml': HOST_PID });
  const other = makeWorkspace({});
  t.after(() => { ws.dispose(); other.dispose(); });
  const r = runCli(['scan', ws.path('deploy.yaml'), '--format', 'json'], { cwd: other.dir });
  assert.equal(JSON.parse(r.stdout).files[0].path, path.join(ws.dir, 'deploy.yaml'));
});

test('a scan on several threads reports exactly what a scan on one thread does (findings, cross-file findings, order)', () => {
  // every fixture folder at once, every rule on: hundreds of files, cross-file cases included
  const args = ['scan', 'test/fixtures', '--format', 'json', '--preset', 'all', '--fail-on', 'never'];
  const one = runCli(args, { env: { PALISADE_SCAN_THREADS: '1' } });
  const three = runCli(args, { env: { PALISADE_SCAN_THREADS: '3' } });
  assert.equal(one.code, 0, one.stderr);
  assert.equal(three.code, 0, three.stderr);
  const report = JSON.parse(one.stdout);
  assert.ok(report.summary.filesScanned > 300, `scanned ${report.summary.filesScanned} files`);
  assert.ok(report.files.some((f) => f.findings.some((x) => x.ruleId === 'k8s/require-network-policy')), 'a cross-file finding is part of the comparison');
  assert.equal(three.stdout, one.stdout);
  assert.equal(three.stderr, one.stderr);
});

test('the JSON report written from the encoded findings is byte for byte the one written from the findings as objects', () => {
  // one JSON output writes each file's findings as the analysis encoded them; next to a second format the scan turns
  // them back into objects first: both must give the same file, on fixtures with unicode, fixes and cross-file findings
  // a cross-file finding beyond ASCII: the pod reads a key its ConfigMap does not have
  const ws = makeWorkspace({
    'unicode/config.yaml': [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  namespace: shop', 'data:', '  mode: fast', '---',
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: till', '  namespace: shop', 'spec:', '  containers:', '    - name: app',
      '      image: registry.example/app:1.0', '      env:', '        - name: MODE', '          valueFrom:',
      '            configMapKeyRef:', '              name: settings', '              key: modé', '',
    ].join('\n'),
  });
  try {
    const args = ['scan', 'test/fixtures', 'examples', ws.path('unicode'), '--preset', 'all', '--fail-on', 'never'];
    const direct = runCli([...args, '--format', `json:${ws.path('direct.json')}`]);
    const objects = runCli([...args, '--format', `json:${ws.path('objects.json')}`, '--format', `text:${ws.path('report.txt')}`]);
    assert.equal(direct.code, 0, direct.stderr);
    assert.equal(objects.code, 0, objects.stderr);
    const text = fs.readFileSync(ws.path('direct.json'), 'utf8');
    const report = JSON.parse(text);
    const findings = report.files.flatMap((f) => f.findings);
    assert.ok(findings.some((f) => f.fixes?.length), 'findings with fixes are compared');
    assert.ok(findings.some((f) => /[^\x00-\x7f]/.test(f.message)), 'a message beyond ASCII is compared');
    assert.ok(report.files.some((f) => f.findings.length === 0), 'a file without findings is compared');
    // cross-file findings are put among a file's own findings in their encoded form: between two of them, and next to
    // one with the same range (the order then goes by rule id and message)
    const crossFile = new Set(['k8s/require-network-policy', 'k8s/require-pdb', 'k8s/service-account-exists', 'k8s/service-selects-pods', 'k8s/env-ref-exists']);
    const own = (x) => !crossFile.has(x.ruleId);
    const sameRange = (a, b) => JSON.stringify(a.range) === JSON.stringify(b.range);
    assert.ok(report.files.some((f) => f.findings.some((x, i, all) => !own(x) && i > 0 && own(all[i - 1]) && own(all[i + 1] ?? {}))), 'a cross-file finding between two own findings is compared');
    assert.ok(report.files.some((f) => f.findings.some((x) => !own(x) && f.findings.some((y) => own(y) && sameRange(x, y)))), 'a cross-file finding with the range of an own finding is compared');
    assert.ok(findings.some((x) => !own(x) && /[^\x00-\x7f]/.test(x.message)), 'a cross-file finding beyond ASCII is compared');
    assert.equal(text, fs.readFileSync(ws.path('objects.json'), 'utf8'));
    const fixed = runCli(['scan', ws.path('direct.json'), '--format', 'json']);
    assert.equal(fixed.code, 0, 'the report is valid JSON to the scanner too');
  } finally {
    ws.dispose();
  }
});
