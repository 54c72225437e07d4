// Kustomize patches in the CLI: a folder scan reads the kustomizations among the scanned files (and `Kustomization`
// files in the scanned folders) and treats the files they name as patches as partial manifests: no "required field
// missing" finding on them, while what they set is still checked. Fixture: test/fixtures/workspace/kustomize/overlay.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fixturesDir } from '../support/fixtures.mjs';
import { makeWorkspace, runCli } from '../support/cli.mjs';

const FIXTURE = path.join(fixturesDir, 'workspace', 'kustomize', 'overlay');
const PROD = 'overlays/prod';

/** Rule ids per reported file of a JSON scan. */
function scan(args, cwd) {
  const r = runCli(['scan', '--format', 'json', '--fail-on', 'never', ...args], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return Object.fromEntries(JSON.parse(r.stdout).files.map((f) => [f.path, [...new Set(f.findings.map((x) => x.ruleId))].sort()]));
}

test('a folder scan: the patches get only the findings of what they set', () => {
  const files = scan(['.'], FIXTURE);
  assert.deepEqual(files[`${PROD}/patch-security.yaml`], ['k8s/no-privileged']);
  assert.deepEqual(files[`${PROD}/patch-replicas.yaml`] ?? [], []);
  const other = files[`${PROD}/not-a-patch.yaml`];
  assert.ok(other.includes('k8s/no-privileged') && other.includes('k8s/run-as-non-root'), `the same text named by no kustomization: ${other}`);
  // the base is a complete workload: its absent fields are reported
  assert.ok(files['base/deployment.yaml'].includes('k8s/run-as-non-root'));
});

test('the overlay folder alone, and the patch named together with its kustomization, behave the same', () => {
  const prod = path.join(FIXTURE, PROD);
  assert.deepEqual(scan(['.'], prod)['patch-security.yaml'], ['k8s/no-privileged']);
  assert.deepEqual(scan(['kustomization.yaml', 'patch-security.yaml'], prod)['patch-security.yaml'], ['k8s/no-privileged']);
  // without its kustomization in the scan the file is judged as a whole workload
  assert.ok(scan(['patch-security.yaml'], prod)['patch-security.yaml'].includes('k8s/run-as-non-root'));
});

test('a `Kustomization` file (no extension) in a scanned folder names patches too', (t) => {
  const patch = fs.readFileSync(path.join(FIXTURE, PROD, 'patch-security.yaml'), 'utf8');
  const ws = makeWorkspace({ 'app/Kustomization': 'resources: [../base]\npatches:\n  - path: patch.yaml\n', 'app/patch.yaml': patch, 'app/copy.yaml': patch });
  t.after(ws.dispose);
  const files = scan(['.'], ws.dir);
  assert.deepEqual(files['app/patch.yaml'], ['k8s/no-privileged']);
  assert.ok(files['app/copy.yaml'].includes('k8s/run-as-non-root'));
});

test('a broken kustomization names no patch and does not stop the scan', (t) => {
  const patch = fs.readFileSync(path.join(FIXTURE, PROD, 'patch-security.yaml'), 'utf8');
  const ws = makeWorkspace({ 'k/kustomization.yaml': 'patches: [\n  - path: patch.yaml\n', 'k/patch.yaml': patch });
  t.after(ws.dispose);
  const files = scan(['.'], ws.dir);
  assert.ok(files['k/patch.yaml'].includes('k8s/run-as-non-root'));
});
