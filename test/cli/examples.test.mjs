// The examples/ workspace behind `npm run scan`: findings where the examples are bad, none where they are good,
// nothing on YAML that is not Kubernetes, its .palisade.yaml applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.mjs';
import { root } from '../support/fixtures.mjs';

const scan = (...args) => runCli(['scan', ...args], { cwd: root });

test('npm run scan: examples are scanned with findings and exit 0 under --fail-on never', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.match(pkg.scripts.scan, /dist\/cli\.js scan examples --fail-on never/);
  const r = scan('examples', '--fail-on', 'never');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^examples\/k8s\/worker\.yaml:\d+:\d+ {2}error {4}.+\[k8s\/no-host-pid\]$/m);
  assert.match(r.stdout, /^examples\/services\/worker\/Dockerfile:\d+:\d+ {2}error {4}.+\[docker\/no-root-user\]$/m);
  assert.match(r.stdout, /\d+ problems \(.*\) in \d+ of \d+ files\./);
  assert.equal(scan('examples').code, 1, 'the same scan fails CI by default');
});

test('the examples configuration applies: exclude globs, severity overrides, suppressions', () => {
  const report = JSON.parse(scan('examples', '--format', 'json', '--fail-on', 'never').stdout);
  const paths = report.files.map((f) => f.path);
  assert.ok(!paths.some((p) => p.startsWith('examples/generated/')), 'generated/ is excluded');
  assert.ok(!paths.some((p) => p.includes('/.github/')), 'hidden folders are not walked');
  assert.ok(paths.includes('examples/compose.yaml'));
  const findings = report.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path })));
  const secretRead = findings.filter((f) => f.ruleId === 'k8s/rbac-no-secret-read');
  assert.ok(secretRead.length > 0 && secretRead.every((f) => f.severity === 'error'), 'k8s/rbac-no-secret-read raised to error');
  assert.deepEqual(findings.filter((f) => f.path === 'examples/k8s/platform.yaml' && f.ruleId === 'k8s/no-host-pid'), [], 'the suppressed hostPID');
  const platform = fs.readFileSync(path.join(root, 'examples/k8s/platform.yaml'), 'utf8');
  assert.match(platform, /palisade-ignore k8s\/no-host-pid -- .+\n\s+hostPID: true/, 'there is something to suppress');
});

test('the good examples have no error, the bad ones several', () => {
  const report = JSON.parse(scan('examples', '--format', 'json', '--fail-on', 'never').stdout);
  const errors = (p) => report.files.find((f) => f.path === p).findings.filter((f) => f.severity === 'error');
  assert.deepEqual(errors('examples/services/api/Dockerfile'), []);
  assert.deepEqual(errors('examples/k8s/api.yaml'), []);
  assert.ok(errors('examples/k8s/worker.yaml').length >= 1);
  assert.ok(errors('examples/services/worker/Dockerfile').length >= 1);
  assert.ok(errors('examples/k8s/rbac.yaml').length >= 1);
});

test('the compose file and the GitHub workflow produce nothing, even with every rule on', () => {
  const r = scan('examples/compose.yaml', 'examples/.github/workflows/ci.yaml', '--preset', 'all', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.summary.filesScanned, 2);
  assert.equal(report.summary.findings, 0);
});
