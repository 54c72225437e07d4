// The workspace index and the cross-file analysis: summaries, incremental updates, edits that propagate between
// files, the incomplete workspace, scan ⇄ editor agreement, dependants after an edit, suppressions and per-file
// configuration on cross-file findings, and a performance sanity run over 6,000 summaries.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allRulesConfig, palisade } from '../support/engine.mjs';
import { runWorkspace } from '../support/workspace-fixtures.mjs';

const { WorkspaceIndex, defaultEngine, resolveConfig, builtinRules, Engine } = palisade;
const engine = defaultEngine();
const NETPOL = 'k8s/require-network-policy';

const deployment = (name, labels, namespace = 'shop', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: ${JSON.stringify(labels)}
  template:
    metadata:
      labels: ${JSON.stringify(labels)}
    spec:${extra}
      containers:
        - name: app
          image: shop/${name}:1.0
`;
const policy = (name, labels, namespace = 'shop', types = '[Ingress, Egress]') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  podSelector:
    matchLabels: ${JSON.stringify(labels)}
  policyTypes: ${types}
`;

/** Analyse files one by one into an index, as the server does while indexing; returns the index (complete). */
function indexOf(files, config = allRulesConfig()) {
  const index = new WorkspaceIndex([], { complete: false });
  for (const [fileName, text] of Object.entries(files)) index.update(engine.analyze({ text, fileName }, config, index).summary);
  index.complete = true;
  return index;
}

const ruleFindings = (findings, ruleId = NETPOL) => findings.filter((f) => f.ruleId === ruleId);

describe('workspace index', () => {
  test('summaries hold the objects with their ranges, no YAML nodes', () => {
    const { summary } = engine.analyze({ text: deployment('web', { app: 'web' }), fileName: 'web.yaml' }, allRulesConfig());
    assert.equal(summary.fileName, 'web.yaml');
    assert.equal(summary.kind, 'yaml');
    assert.equal(summary.objects.length, 1);
    const o = summary.objects[0];
    assert.deepEqual([o.kind, o.name, o.namespace, o.resource], ['Deployment', 'web', 'shop', 'Deployment/web']);
    assert.deepEqual(o.pod.labels, { app: 'web' });
    assert.deepEqual(o.pod.labelsRange, { start: { line: 10, character: 6 }, end: { line: 10, character: 12 } });
    assert.deepEqual(o.nameRange, { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } });
    assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary, 'plain data: survives a JSON round trip unchanged');
  });

  test('lookups by kind, namespace and name are sorted by file, and follow updates and removals', () => {
    const index = indexOf({
      'b.yaml': deployment('b', { app: 'b' }) + '---\n' + policy('pb', { app: 'b' }),
      'a.yaml': deployment('a', { app: 'a' }, 'other'),
    });
    assert.deepEqual(index.byKind('Deployment').map((e) => e.fileName), ['a.yaml', 'b.yaml']);
    assert.deepEqual(index.inNamespace('Deployment', 'shop').map((e) => e.object.name), ['b']);
    assert.deepEqual(index.named('NetworkPolicy', 'pb').map((e) => e.fileName), ['b.yaml']);
    const v = index.version;
    index.update(engine.analyze({ text: deployment('c', { app: 'c' }), fileName: 'b.yaml' }, allRulesConfig(), index).summary);
    assert.ok(index.version > v, 'an update changes the version');
    assert.deepEqual(index.byKind('NetworkPolicy'), [], 'the replaced summary is gone');
    assert.deepEqual(index.byKind('Deployment').map((e) => e.object.name), ['a', 'c']);
    assert.equal(index.remove('a.yaml'), true);
    assert.equal(index.remove('a.yaml'), false);
    assert.deepEqual(index.byKind('Deployment').map((e) => e.object.name), ['c']);
    assert.equal(index.size, 1);
  });

  test('an overlay replaces one file without touching the index', () => {
    const index = indexOf({ 'a.yaml': deployment('a', { app: 'a' }), 'b.yaml': policy('p', { app: 'a' }) });
    const fresh = engine.analyze({ text: policy('q', { app: 'x' }), fileName: 'b.yaml' }, allRulesConfig(), index).summary;
    const overlay = index.overlay(fresh);
    assert.deepEqual(overlay.byKind('NetworkPolicy').map((e) => e.object.name), ['q']);
    assert.deepEqual(index.byKind('NetworkPolicy').map((e) => e.object.name), ['p']);
  });

  test('any object with files() is a view: it is indexed once per version', () => {
    const summaries = [...indexOf({ 'a.yaml': deployment('a', { app: 'a' }), 'p.yaml': policy('p', { app: 'zzz' }) }).files()];
    const view = { complete: true, version: 1, files: () => summaries };
    const found = engine.lintWorkspace(view, allRulesConfig());
    assert.equal(ruleFindings(found.get('a.yaml') ?? []).length, 1);
  });

  test('.dockerignore files are summarised as patterns', () => {
    const { findings, summary } = engine.analyze({ text: '# comment\n  node_modules  \n!keep\n/abs/path/\n', fileName: 'app/.dockerignore' }, allRulesConfig());
    assert.deepEqual(findings, []);
    assert.deepEqual(summary.dockerignore.map((p) => [p.pattern, p.negated, p.line]), [['node_modules', false, 1], ['keep', true, 2], ['abs/path', false, 3]]);
  });
});

describe('cross-file findings', () => {
  const config = allRulesConfig();

  test('a NetworkPolicy added in another file clears the finding; removing it brings it back', () => {
    const web = deployment('web', { app: 'web' });
    const index = indexOf({ 'web.yaml': web, 'db.yaml': policy('db', { app: 'db' }) });
    const lintWeb = () => ruleFindings(engine.analyze({ text: web, fileName: 'web.yaml' }, config, index).findings);
    assert.equal(lintWeb().length, 1);
    const added = engine.analyze({ text: policy('web', { app: 'web' }), fileName: 'netpol/web.yaml' }, config, index);
    index.update(added.summary);
    assert.deepEqual(lintWeb(), []);
    index.remove('netpol/web.yaml');
    assert.equal(lintWeb().length, 1);
  });

  test('the file being edited is seen as it is now, even before the index learns of it', () => {
    const before = deployment('web', { app: 'web' }) + '---\n' + policy('p', { app: 'nope' });
    const after = deployment('web', { app: 'web' }) + '---\n' + policy('p', { app: 'web' });
    const index = indexOf({ 'web.yaml': before });
    assert.equal(ruleFindings(engine.analyze({ text: before, fileName: 'web.yaml' }, config, index).findings).length, 1);
    assert.deepEqual(ruleFindings(engine.analyze({ text: after, fileName: 'web.yaml' }, config, index).findings), []);
  });

  test('findings carry related information into the other file', () => {
    const index = indexOf({ 'web.yaml': deployment('web', { app: 'web' }), 'p.yaml': policy('p', { app: 'web' }, 'shop', '[Ingress]') });
    const [f] = ruleFindings(engine.analyze({ text: deployment('web', { app: 'web' }), fileName: 'web.yaml' }, config, index).findings);
    assert.match(f.message, /egress/);
    assert.deepEqual(f.related.map((r) => [r.fileName, r.range.start.line]), [['p.yaml', 6]]);
  });

  test('quiet while the workspace is incomplete, and the summary says the cross-file part was deferred', () => {
    const index = indexOf({ 'db.yaml': policy('db', { app: 'db' }) });
    index.complete = false;
    const { findings, summary } = engine.analyze({ text: deployment('web', { app: 'web' }), fileName: 'web.yaml' }, config, index);
    assert.deepEqual(ruleFindings(findings), []);
    assert.equal(summary.workspaceDeferred, true);
    assert.equal(engine.lintWorkspace(index, config).size, 0);
    // the same file without any workspace is its own workspace: no policy, the rule waits for one
    assert.deepEqual(ruleFindings(engine.lint({ text: deployment('web', { app: 'web' }), fileName: 'web.yaml' }, config)), []);
  });

  test('a workspace scan (deferred analysis + lintWorkspace) equals the editor\'s per-file results', () => {
    const texts = syntheticWorkspace(60, 7);
    const { results } = runWorkspace(texts);
    let crossFile = 0;
    for (const [name, { scan, editor }] of results) {
      assert.deepEqual(editor, scan, name);
      crossFile += scan.filter((f) => builtinRules.find((r) => r.meta.id === f.ruleId)?.checkWorkspace).length;
    }
    assert.ok(crossFile > 20, `the synthetic workspace exercises the cross-file rules (${crossFile} findings)`);
  });

  test('after an edit, recomputing the dependants gives what a full recomputation gives', () => {
    const texts = syntheticWorkspace(50, 11);
    const index = indexOf(texts, config);
    let full = engine.lintWorkspace(index, config);
    const random = seeded(5);
    for (let round = 0; round < 40; round++) {
      const names = Object.keys(texts);
      const name = round % 7 === 6 ? `new-${round}.yaml` : names[Math.floor(random() * names.length)];
      const before = index.file(name);
      const removing = round % 9 === 8 && before;
      let after;
      if (removing) {
        index.remove(name);
        delete texts[name];
      } else {
        texts[name] = syntheticFile(random, round);
        after = engine.analyze({ text: texts[name], fileName: name }, config, index).summary;
        index.update(after);
      }
      const affected = index.dependantsOf(before, after);
      const partial = engine.lintWorkspace(index, config, affected);
      const next = engine.lintWorkspace(index, config);
      // naming every file takes the per-file path through the rules; naming none, the whole-index one: the same findings
      assert.deepEqual(engine.lintWorkspace(index, config, Object.keys(texts)), next, `round ${round}: every file named`);
      for (const file of new Set([...full.keys(), ...next.keys()])) {
        if (!index.file(file)) continue;
        const expected = next.get(file) ?? [];
        const actual = affected.has(file) ? partial.get(file) ?? [] : full.get(file) ?? [];
        assert.deepEqual(actual, expected, `round ${round}: ${file} after editing ${name}`);
      }
      full = next;
    }
  });

  test('suppressions of the file a cross-file finding lands in apply, and unused ones are reported once', () => {
    const cfg = allRulesConfig('suppressions: {reportUnused: true}');
    const web = deployment('web', { app: 'web' }).replace('    metadata:\n      labels:', '    metadata:\n      # palisade-ignore k8s/require-network-policy -- isolated by the mesh\n      labels:');
    const api = '# palisade-ignore-file k8s/require-network-policy, k8s/require-pdb -- nothing to suppress here\n' + deployment('api', { app: 'api' }) + '---\n' + policy('api', { app: 'api' });
    const { results } = runWorkspace({ 'web.yaml': web, 'api.yaml': api, 'db.yaml': policy('db', { app: 'db' }) }, 'suppressions: {reportUnused: true}');
    const webFindings = results.get('web.yaml').scan;
    assert.deepEqual(ruleFindings(webFindings), [], 'the comment suppresses the cross-file finding');
    assert.deepEqual(webFindings.filter((f) => f.ruleId === 'unused-suppression'), [], 'a used suppression is not reported');
    const unused = results.get('api.yaml').scan.filter((f) => f.ruleId === 'unused-suppression');
    assert.equal(unused.length, 1, 'reported once');
    assert.match(unused[0].message, /k8s\/require-network-policy/);
    assert.match(unused[0].message, /k8s\/require-pdb/, 'k8s/require-pdb had nothing to match either');
    for (const [name, r] of results) assert.deepEqual(r.editor, r.scan, name);
    // the first pass alone does not call it unused: the cross-file findings were still to come
    const index = new WorkspaceIndex([], { complete: false });
    const pass1 = engine.analyze({ text: api, fileName: 'api.yaml' }, cfg, index).findings;
    assert.deepEqual(pass1.filter((f) => f.ruleId === 'unused-suppression'), []);
  });

  test('annotation suppressions cover cross-file findings on their object', () => {
    const web = deployment('web', { app: 'web' }).replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    palisade.io/ignore: "k8s/require-network-policy: mesh"\n');
    const { results } = runWorkspace({ 'web.yaml': web, 'db.yaml': policy('db', { app: 'db' }) });
    assert.deepEqual(ruleFindings(results.get('web.yaml').scan), []);
  });

  test('each file is judged with its own configuration', () => {
    const texts = { 'a/web.yaml': deployment('web', { app: 'web' }), 'b/api.yaml': deployment('api', { app: 'api' }) };
    const index = indexOf(texts);
    const strict = resolveConfig({ extends: ['all'], rules: { [NETPOL]: { options: { assumeCompleteWorkspace: true } } } }, builtinRules);
    const off = resolveConfig({ extends: ['all'], rules: { [NETPOL]: 'off' } }, builtinRules);
    const found = engine.lintWorkspace(index, (f) => (f.startsWith('a/') ? strict : off));
    assert.equal(ruleFindings(found.get('a/web.yaml') ?? []).length, 1, 'a/ assumes a complete workspace');
    assert.deepEqual(ruleFindings(found.get('b/api.yaml') ?? []), [], 'b/ has the rule off');
    assert.equal(ruleFindings(engine.analyze({ text: texts['a/web.yaml'], fileName: 'a/web.yaml' }, strict, index).findings).length, 1);
  });

  test('"missing" findings are dropped in partial files (Helm templates)', () => {
    const chart = deployment('web', { app: 'web' }).replace('name: web\n', 'name: {{ .Release.Name }}-web\n');
    const { results } = runWorkspace({ 'chart/templates/web.yaml': chart, 'db.yaml': policy('db', { app: 'db' }) });
    assert.deepEqual(ruleFindings(results.get('chart/templates/web.yaml').scan), []);
  });

  test('a cross-file rule that throws becomes an internal error, and the other rules still report', () => {
    const broken = {
      language: 'kubernetes',
      meta: { ...builtinRules.find((r) => r.meta.id === NETPOL).meta, id: 'k8s/broken-cross-file' },
      checkWorkspace() { throw new Error('boom'); },
    };
    const registry = [...builtinRules, broken];
    const local = new Engine({ registry });
    const cfg = resolveConfig({ extends: ['all'] }, registry);
    const texts = { 'web.yaml': deployment('web', { app: 'web' }), 'db.yaml': policy('db', { app: 'db' }) };
    const index = new WorkspaceIndex([], { complete: true });
    for (const [fileName, text] of Object.entries(texts)) index.update(local.analyze({ text, fileName }, cfg, index).summary);
    const findings = local.analyze({ text: texts['web.yaml'], fileName: 'web.yaml' }, cfg, index).findings;
    assert.ok(findings.some((f) => f.ruleId === 'internal-error' && /k8s\/broken-cross-file/.test(f.message)));
    assert.equal(ruleFindings(findings).length, 1);
    const all = local.lintWorkspace(index, cfg);
    assert.equal([...all.values()].flat().filter((f) => f.ruleId === 'internal-error').length, 1);
  });

  test('.dockerignore patterns as the builder reads them', () => {
    const cases = [
      ['secrets', 'secrets/app.key', true],
      ['secrets/', 'secrets', true],
      ['*.key', 'app.key', true],
      ['*.key', 'sub/app.key', false],
      ['**/*.key', 'sub/deep/app.key', true],
      ['docs/**', 'docs/a/b.md', true],
      ['/build', 'build/out.js', true],
      ['config\n!config/app.yaml', 'config/app.yaml', false],
      ['config\n!config/app.yaml', 'config/dev.yaml', true],
      ['*\n!src', 'src/main.go', false],
      ['temp?', 'temp1/x', true],
      ['[a-c]at', 'bat', true],
      ['[a-c]at', 'rat', false],
    ];
    for (const [ignore, source, ignored] of cases) {
      const { results } = runWorkspace({ 'ctx/.dockerignore': ignore + '\n', 'ctx/Dockerfile': `FROM alpine:3.21\nCOPY ${source} /dest\n` });
      const found = results.get('ctx/Dockerfile').scan.filter((f) => f.ruleId === 'docker/copy-ignored-file');
      assert.equal(found.length, ignored ? 1 : 0, `${JSON.stringify(ignore)} vs ${source}`);
    }
  });

  test('performance sanity: 6,000 summaries, one edit, its dependants recomputed', (t) => {
    const summaries = [];
    for (let i = 0; i < 6000; i++) summaries.push(syntheticSummary(i));
    let started = performance.now();
    const index = new WorkspaceIndex(summaries);
    const built = performance.now() - started;
    started = performance.now();
    const full = engine.lintWorkspace(index, config);
    const scanned = performance.now() - started;
    // edit: the policy of namespace ns-3 now selects nothing
    const before = index.file('f3.yaml');
    const after = JSON.parse(JSON.stringify(before));
    after.objects[1].networkPolicy.podSelector.requirements[0].values = ['nothing'];
    started = performance.now();
    index.update(after);
    const affected = index.dependantsOf(before, after);
    const updated = engine.lintWorkspace(index, config, affected);
    const edited = performance.now() - started;
    t.diagnostic(`index ${built.toFixed(0)} ms, full cross-file run ${scanned.toFixed(0)} ms, edit → ${affected.size} dependants recomputed in ${edited.toFixed(0)} ms`);
    assert.ok(affected.size < 6000 / 10, 'an edit in one namespace touches that namespace only');
    assert.equal(ruleFindings(full.get('f3.yaml') ?? []).length, 0);
    assert.equal(ruleFindings(updated.get('f3.yaml') ?? []).length, 1, 'the dependant workload lost its policy');
    assert.deepEqual(updated.get('f13.yaml'), engine.lintWorkspace(index, config).get('f13.yaml'));
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Synthetic workspaces

function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function syntheticWorkspace(count, seed) {
  const random = seeded(seed);
  const out = {};
  for (let i = 0; i < count; i++) out[`${i % 4 === 0 ? 'apps/' : ''}file-${i}.yaml`] = syntheticFile(random, i);
  out['ctx/.dockerignore'] = 'secrets\n';
  out['ctx/Dockerfile'] = 'FROM alpine:3.21\nCOPY secrets/key /k\nCOPY app /app\n';
  return out;
}

/** One file of random objects from a small vocabulary, so that names, labels and namespaces collide often. */
function syntheticFile(random, i) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const ns = pick(['shop', 'data', 'ops', undefined]);
  const app = pick(['web', 'api', 'db', 'cache']);
  const nsLine = ns ? `  namespace: ${ns}\n` : '';
  const docs = [];
  const n = 1 + Math.floor(random() * 3);
  for (let d = 0; d < n; d++) {
    switch (Math.floor(random() * 12)) {
      case 0: docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n${nsLine}spec:\n  replicas: ${pick([1, 3])}\n  selector:\n    matchLabels: {app: ${app}}\n  template:\n    metadata:\n      labels: {app: ${app}}\n    spec:\n      serviceAccountName: ${pick(['web', 'api', 'default', 'ghost'])}\n      containers:\n        - name: app\n          image: x/${app}:1\n          envFrom:\n            - configMapRef: {name: ${pick(['web', 'api', 'cfg'])}}\n`); break;
      case 1: docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-${i}-${d}\n${nsLine}spec:\n  podSelector:\n    matchLabels: {app: ${pick(['web', 'api', 'db', 'cache', 'none'])}}\n  policyTypes: ${pick(['[Ingress]', '[Ingress, Egress]'])}\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: ${app}}}\n`); break;
      case 2: docs.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${pick(['web', 'api'])}\n${nsLine}automountServiceAccountToken: ${pick(['true', 'false'])}\n`); break;
      case 3: docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n${nsLine}  labels: {app: ${app}}\nspec:\n  selector: {app: ${pick(['web', 'api', 'db', 'cache', 'nope'])}}\n  ports: [{port: 80}]\n`); break;
      case 4: docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${pick(['web', 'api', 'cfg'])}\n${nsLine}data: {k: v}\n`); break;
      case 5: docs.push(`apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: hpa-${i}-${d}\n${nsLine}spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${pick(['web', 'api', 'gone'])}}\n  maxReplicas: 4\n`); break;
      case 6: docs.push(`apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: pdb-${i}-${d}\n${nsLine}spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: ${app}}\n`); break;
      case 7: docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb-${i}-${d}\n${nsLine}roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${pick(['Role', 'ClusterRole'])}, name: ${pick(['reader', 'writer', 'view'])}}\nsubjects:\n  - {kind: ServiceAccount, name: web}\n`); break;
      case 8: docs.push(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${pick(['web', 'cfg'])}\n${nsLine}stringData: {k: v}\n`); break;
      case 9: docs.push(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ing-${i}-${d}\n${nsLine}spec:\n  defaultBackend:\n    service: {name: ${pick(['web', 'api', 'gone'])}, port: {number: 80}}\n`); break;
      case 10: docs.push(`apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${app}\n${nsLine}spec:\n  replicas: 2\n  serviceName: ${pick(['web', 'db'])}\n  template:\n    metadata:\n      labels: {app: ${app}}\n    spec:\n      containers:\n        - name: app\n          image: x/${app}:1\n          env:\n            - name: K\n              valueFrom:\n                secretKeyRef: {name: ${pick(['web', 'cfg'])}, key: ${pick(['k', 'x'])}}\n`); break;
      default: docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${pick(['shop', 'data', 'ops'])}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${pick(['reader', 'writer'])}\n${nsLine}rules: []\n`); break;
    }
  }
  return docs.join('---\n');
}

/** A summary made directly (no parsing): a workload and a policy selecting it, in one of 600 namespaces. */
function syntheticSummary(i) {
  const r = (line) => ({ start: { line, character: 2 }, end: { line, character: 8 } });
  const ns = `ns-${i % 600}`;
  const app = `app-${i}`;
  return {
    fileName: `f${i}.yaml`, kind: 'yaml', suppressions: [],
    objects: [
      {
        apiVersion: 'apps/v1', kind: 'Deployment', name: app, namespace: ns, resource: `Deployment/${app}`, labels: {}, nameRange: r(3),
        replicas: { state: 'number', value: 2, range: r(6), specRange: r(5) },
        selector: { requirements: [{ key: 'app', operator: 'In', values: [app] }], opaque: false, range: r(7) },
        pod: {
          labels: { app }, labelsOpaque: false, labelsRange: r(10), specRange: r(11),
          serviceAccount: { name: 'default', templated: false }, projectedToken: false, tokenMounts: [], refs: [],
          automount: { value: false, range: r(12) },
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: `np-${i}`, namespace: ns, resource: `NetworkPolicy/np-${i}`, labels: {}, nameRange: r(20),
        networkPolicy: {
          podSelector: { requirements: [{ key: 'app', operator: 'In', values: [app] }], opaque: false, range: r(22) },
          types: ['Ingress', 'Egress'], typesOpaque: false, ingressRules: 0, egressRules: 0, peers: [],
        },
      },
    ],
  };
}

