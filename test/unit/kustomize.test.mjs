// The kustomization reader (rules/core/kustomize.ts): which files a kustomization uses as patches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { palisade } from '../support/engine.mjs';

const { kustomizePatchPaths, kustomizePatchFiles, isKustomizationFileName } = palisade;

test('kustomization file names', () => {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization', 'a/b/kustomization.yaml', 'C:\\x\\Kustomization']) {
    assert.equal(isKustomizationFileName(name), true, name);
  }
  for (const name of ['kustomization.json', 'Kustomization.yaml', 'my-kustomization.yaml', 'kustomization.yaml/x.yaml']) {
    assert.equal(isKustomizationFileName(name), false, name);
  }
});

test('patchesStrategicMerge paths, not inline patches', () => {
  const text = [
    'patchesStrategicMerge:',
    '  - patch-a.yaml',
    '  - ./sub/patch-b.yml',
    '  - |-',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    '    metadata: {name: web}',
    '  - "apiVersion: v1\\nkind: ConfigMap"',
    '  - {apiVersion: v1, kind: ConfigMap}',
    '',
  ].join('\n');
  assert.deepEqual(kustomizePatchPaths(text), ['patch-a.yaml', 'sub/patch-b.yml']);
});

test('patches and patchesJson6902 entries with a path; inline patches and remote paths left out', () => {
  const text = [
    'resources: [../../base]',
    'patches:',
    '  - path: cpu.yaml',
    '    target: {kind: Deployment}',
    '  - patch: |-',
    '      - op: replace',
    '        path: /spec/replicas',
    '        value: 3',
    '  - path: https://example.com/patch.yaml',
    '  - legacy.yaml',
    'patchesJson6902:',
    '  - target: {group: apps, version: v1, kind: Deployment, name: web}',
    '    path: ../shared/json-patch.yaml',
    '  - path: cpu.yaml',
    '',
  ].join('\n');
  assert.deepEqual(kustomizePatchPaths(text), ['cpu.yaml', 'legacy.yaml', '../shared/json-patch.yaml']);
});

test('paths resolved next to the kustomization, with / separators', () => {
  const text = 'patchesStrategicMerge:\n  - mem.yaml\npatches:\n  - path: ../patches/cpu.yaml\n';
  assert.deepEqual(kustomizePatchFiles('/repo/overlays/prod/kustomization.yaml', text), ['/repo/overlays/prod/mem.yaml', '/repo/overlays/patches/cpu.yaml']);
  assert.deepEqual(kustomizePatchFiles('overlays\\prod\\Kustomization', text), ['overlays/prod/mem.yaml', 'overlays/patches/cpu.yaml']);
  assert.deepEqual(kustomizePatchFiles('C:/repo/k/kustomization.yml', text), ['C:/repo/k/mem.yaml', 'C:/repo/patches/cpu.yaml']);
  assert.deepEqual(kustomizePatchFiles('/repo/deployment.yaml', text), [], 'only kustomization files name patches');
});

test('bad input names nothing and never throws', () => {
  const bad = [
    '', 'patches: [', '- a\n- b\n', 'patches: 3', 'patches: {path: x.yaml}', 'patchesStrategicMerge: [[a.yaml]]',
    'a: &a [*a]\npatches: *a', '\u0000\u0001', 'patches:\n  - path: 12\n  - path: null\n  - path: ""\n', 'x'.repeat(2 * 1024 * 1024),
    `patches: ${'['.repeat(5000)}`,
  ];
  for (const text of bad) assert.deepEqual(kustomizePatchPaths(text), [], JSON.stringify(text.slice(0, 40)));
  assert.deepEqual(kustomizePatchPaths(undefined), []);
});
