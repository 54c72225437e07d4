// Zero noise on files that are not Kubernetes manifests, or only part of one. On the shared benchmark corpus:
//  - GitHub workflows, compose files, Helm values.yaml and Chart.yaml, and kustomization files get no finding at all
//    (every rule on, and with the default rule set);
//  - Helm templates get no syntax-error finding (and no internal error);
//  - a Kustomize patch named by a kustomization (`patches:`, `patchesStrategicMerge:`) gets no "required field
//    missing" finding once the workspace marks it as a partial manifest, while a real problem in it is still reported.
// The corpus comes from ../shared/bench/make-corpus.mjs; without it the corpus tests are skipped with a message and
// the patch tests run on patches written here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { palisade } from '../support/engine.mjs';
import { fixturesDir } from '../support/fixtures.mjs';
import { corpus, corpusUnavailable } from '../fuzz/support/seeds.mjs';

const presets = {
  all: palisade.resolveConfig({ extends: ['all'] }, palisade.builtinRules),
  recommended: palisade.resolveConfig(undefined, palisade.builtinRules),
};
const QUIET = ['github-actions', 'docker-compose', 'helm-values', 'helm-chart', 'kustomization'];

const theCorpus = corpus();
const skip = theCorpus ? false : corpusUnavailable();

function filesOf(category) {
  return theCorpus.files.filter((f) => f.category === category);
}

function describe(findings) {
  return findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character} ${f.message.slice(0, 100)}`);
}

for (const category of QUIET) {
  test(`corpus: ${category} files get no finding`, { skip }, () => {
    const files = filesOf(category);
    assert.ok(files.length > 0, `the corpus has ${category} files`);
    const noisy = {};
    for (const f of files) {
      const text = fs.readFileSync(f.absolutePath, 'utf8');
      for (const [name, config] of Object.entries(presets)) {
        const findings = palisade.lint({ text, fileName: f.path }, config);
        if (findings.length) noisy[`${f.path} (${name})`] = describe(findings);
      }
    }
    assert.deepEqual(noisy, {}, `${Object.keys(noisy).length} of ${files.length} ${category} files have findings`);
  });
}

test('corpus: Helm templates get no syntax error and no internal error', { skip }, () => {
  const files = filesOf('helm-template');
  assert.ok(files.length > 0, 'the corpus has Helm templates');
  const noisy = {};
  let findings = 0;
  for (const f of files) {
    const all = palisade.lint({ text: fs.readFileSync(f.absolutePath, 'utf8'), fileName: f.path }, presets.all);
    findings += all.length;
    const bad = all.filter((x) => x.ruleId === 'parse-error' || x.ruleId === 'internal-error');
    if (bad.length) noisy[f.path] = describe(bad);
  }
  assert.deepEqual(noisy, {});
  // the templates are analysed (their security problems are reported), not silenced wholesale
  assert.ok(findings > 0, 'Helm templates still get their security findings');
});

// ---------------------------------------------------------------------------------------------------------------------
// Kustomize patches

const PATCHES = {
  replicas: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 3\n',
  resources: [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: app', 'spec:', '  template:', '    spec:', '      containers:',
    '        - name: app', '          resources:', '            limits:', '              cpu: 500m', '              memory: 256Mi', '',
  ].join('\n'),
  env: [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: app', 'spec:', '  template:', '    spec:', '      containers:',
    '        - name: app', '          env:', '            - name: LOG_LEVEL', '              value: debug', '',
  ].join('\n'),
  probe: [
    'apiVersion: apps/v1', 'kind: StatefulSet', 'metadata:', '  name: db', 'spec:', '  template:', '    spec:', '      containers:',
    '        - name: db', '          readinessProbe:', '            tcpSocket:', '              port: 5432', '',
  ].join('\n'),
};

/** The patch files a kustomization names, relative to the workspace (the reader the server and the CLI use). */
function patchesOf(kustomizationPath, text) {
  return palisade.kustomizePatchFiles(kustomizationPath, text);
}

/** A workspace that knows which files kustomizations use as patches (what the workspace index is told). */
function workspaceMarking(partials) {
  const index = new palisade.WorkspaceIndex([], { complete: true });
  for (const p of partials) index.setPartialManifest(p, true);
  return index;
}

function kustomizePatches() {
  if (theCorpus) {
    const out = [];
    for (const k of filesOf('kustomization')) out.push(...patchesOf(k.path, fs.readFileSync(k.absolutePath, 'utf8')));
    if (out.length) return out;
  }
  return patchesOf('k8s/overlays/prod/kustomization.yaml', 'resources: [../../base]\npatches:\n  - path: patch-replicas.yaml\npatchesStrategicMerge:\n  - patch-resources.yaml\n');
}

test('a Kustomize patch gets no "required field missing" finding', () => {
  const files = kustomizePatches();
  assert.ok(files.length > 0, 'kustomizations name patch files');
  const workspace = workspaceMarking(files);
  const noisy = {};
  let unmarked = 0;
  for (const name of files) {
    for (const [kind, text] of Object.entries(PATCHES)) {
      for (const [preset, config] of Object.entries(presets)) {
        const findings = palisade.lint({ text, fileName: name }, config, workspace);
        if (findings.length) noisy[`${name} as a ${kind} patch (${preset})`] = describe(findings);
      }
      // the same text, not known to be a patch, is a workload missing most of its security settings
      unmarked += palisade.lint({ text, fileName: name }, presets.all).length;
    }
  }
  assert.deepEqual(noisy, {});
  assert.ok(unmarked > files.length * 10, `without the workspace, the same patches get findings for absent fields (${unmarked})`);
});

test('a Kustomize patch still gets the findings of what it sets', () => {
  const [fileName] = kustomizePatches();
  const text = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: app', 'spec:', '  template:', '    spec:', '      hostPID: true',
    '      containers:', '        - name: app', '          securityContext:', '            privileged: true', '',
  ].join('\n');
  const ids = palisade.lint({ text, fileName }, presets.recommended, workspaceMarking([fileName])).map((f) => f.ruleId).sort();
  assert.deepEqual(ids, ['k8s/no-host-pid', 'k8s/no-privileged']);
});

test('the fixture overlay: the patches its kustomization names are quiet on absent fields, the same text elsewhere is not', () => {
  const root = path.join(fixturesDir, 'workspace', 'kustomize', 'overlay');
  const kustomization = 'overlays/prod/kustomization.yaml';
  const named = patchesOf(kustomization, fs.readFileSync(path.join(root, kustomization), 'utf8'));
  assert.deepEqual(named.sort(), ['overlays/prod/patch-replicas.yaml', 'overlays/prod/patch-security.yaml']);
  const workspace = workspaceMarking(named);
  const ids = (name) => [...new Set(palisade.lint({ text: fs.readFileSync(path.join(root, name), 'utf8'), fileName: name }, presets.all, workspace).map((f) => f.ruleId))].sort();
  assert.deepEqual(ids('overlays/prod/patch-security.yaml'), ['k8s/no-privileged']);
  assert.deepEqual(ids('overlays/prod/patch-replicas.yaml'), []);
  const unmarked = ids('overlays/prod/not-a-patch.yaml');
  assert.ok(unmarked.includes('k8s/no-privileged') && unmarked.length > 3, `a workload that is not a patch gets the absent-field findings: ${unmarked}`);
});
