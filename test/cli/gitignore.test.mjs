// .gitignore in the CLI's folder walk: what the root and nested .gitignore files ignore is not scanned; a file named
// on the command line is scanned even when ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeWorkspace, runCli } from '../support/cli.mjs';

const PRIVILEGED = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x:1\n      securityContext:\n        privileged: true\n';

function scannedFiles(args, cwd) {
  const r = runCli(['scan', '--format', 'json', '--fail-on', 'never', ...args], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).files.map((f) => f.path).sort();
}

test('ignored folders and files are not scanned; nested .gitignore files and negations apply', (t) => {
  const ws = makeWorkspace({
    '.gitignore': '# build output\ngenerated/\n*.local.yaml\n',
    'k8s/app.yaml': PRIVILEGED,
    'k8s/dev.local.yaml': PRIVILEGED,
    'generated/out.yaml': PRIVILEGED,
    'charts/.gitignore': 'rendered/*\n!rendered/keep.yaml\n',
    'charts/rendered/a.yaml': PRIVILEGED,
    'charts/rendered/keep.yaml': PRIVILEGED,
    'charts/values.yaml': 'replicas: 1\n',
  });
  t.after(ws.dispose);
  assert.deepEqual(scannedFiles(['.'], ws.dir), ['charts/rendered/keep.yaml', 'charts/values.yaml', 'k8s/app.yaml']);
  // the same from a sub-folder: only the .gitignore files inside the scanned folder count
  assert.deepEqual(scannedFiles(['charts'], ws.dir), ['charts/rendered/keep.yaml', 'charts/values.yaml']);
  assert.deepEqual(scannedFiles(['generated'], ws.dir), ['generated/out.yaml']);
});

test('a file named explicitly is scanned even when ignored', (t) => {
  const ws = makeWorkspace({ '.gitignore': 'generated/\n*.local.yaml\n', 'generated/out.yaml': PRIVILEGED, 'dev.local.yaml': PRIVILEGED });
  t.after(ws.dispose);
  assert.deepEqual(scannedFiles(['generated/out.yaml', 'dev.local.yaml'], ws.dir), ['dev.local.yaml', 'generated/out.yaml']);
  assert.deepEqual(scannedFiles(['.'], ws.dir), []);
});

test('--no-gitignore scans what .gitignore files ignore; hidden folders and node_modules stay out', (t) => {
  const ws = makeWorkspace({
    '.gitignore': 'rendered/\n*.local.yaml\n',
    'k8s/app.yaml': PRIVILEGED,
    'k8s/dev.local.yaml': PRIVILEGED,
    'rendered/all.yaml': PRIVILEGED,
    'node_modules/x/pod.yaml': PRIVILEGED,
    '.cache/pod.yaml': PRIVILEGED,
  });
  t.after(ws.dispose);
  assert.deepEqual(scannedFiles(['.'], ws.dir), ['k8s/app.yaml']);
  assert.deepEqual(scannedFiles(['.', '--no-gitignore'], ws.dir), ['k8s/app.yaml', 'k8s/dev.local.yaml', 'rendered/all.yaml']);
  const r = runCli(['rules', '--no-gitignore'], { cwd: ws.dir });
  assert.equal(r.code, 2, 'an option of "palisade scan" only');
  assert.match(r.stderr, /--no-gitignore is an option of "palisade scan"/);
});
