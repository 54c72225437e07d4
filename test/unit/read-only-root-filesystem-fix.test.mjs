// k8s/read-only-root-filesystem fixes on flow-style and JSON containers: both actions are offered, their edits do not
// overlap, a JSON file stays JSON, and the second action really mounts an emptyDir at /tmp.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { allRulesConfig, palisade } from '../support/engine.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');
const RULE = 'k8s/read-only-root-filesystem';
const TMP_TITLE = /emptyDir at \/tmp/;

const JSON_POD = JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { template: { spec: {
    volumes: [{ name: 'tmp', configMap: { name: 'cfg' } }],
    containers: [
      { name: 'app', image: 'nginx:1.27' },
      { name: 'side', image: 'busybox:1.36', volumeMounts: [{ name: 'tmp', mountPath: '/etc/cfg' }], securityContext: { readOnlyRootFilesystem: false } },
      { name: 'empty', image: 'busybox:1.36', securityContext: {} },
    ],
  } } },
}, null, 2);

const FLOW_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: app, image: nginx:1.27}, {name: b, image: x:1, volumeMounts: []}]}\n';

function fixesOf(text, fileName) {
  return palisade.lint({ text, fileName }, allRulesConfig()).filter((f) => f.ruleId === RULE);
}

function podSpec(doc) {
  return doc.kind === 'Pod' ? doc.spec : doc.spec.template.spec;
}

function checkTmpMounted(doc, containerIndex) {
  const spec = podSpec(doc);
  const c = spec.containers[containerIndex];
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  const mount = c.volumeMounts.find((m) => m.mountPath === '/tmp');
  assert.ok(mount, 'a mount at /tmp');
  const volume = spec.volumes.find((v) => v.name === mount.name);
  assert.deepEqual(volume?.emptyDir, {}, `the mounted volume ${mount.name} is an emptyDir`);
}

describe(`${RULE} fixes on flow and JSON containers`, () => {
  test('JSON: every container gets both actions, and each result is JSON', () => {
    const findings = fixesOf(JSON_POD, 'deploy.json');
    assert.equal(findings.length, 3);
    findings.forEach((f, i) => {
      assert.equal(f.fixes.length, 2, `both actions for container ${i}: ${f.fixes.map((x) => x.title)}`);
      for (const fix of f.fixes) {
        const out = palisade.applyEdits(JSON_POD, fix.edits);
        assert.ok(out !== undefined, `${fix.title}: edits do not overlap`);
        const doc = JSON.parse(out);
        if (TMP_TITLE.test(fix.title)) checkTmpMounted(doc, i);
        else assert.equal(podSpec(doc).containers[i].securityContext.readOnlyRootFilesystem, true);
      }
    });
    // the `tmp` name is taken by a configMap volume: the emptyDir gets another name
    const doc = JSON.parse(palisade.applyEdits(JSON_POD, findings[0].fixes.find((x) => TMP_TITLE.test(x.title)).edits));
    assert.deepEqual(podSpec(doc).volumes.map((v) => v.name), ['tmp', 'tmp-2']);
  });

  test('a JSON-style document in a .yaml file is written in JSON style too', () => {
    const [f] = fixesOf(JSON_POD, 'deploy.yaml');
    for (const fix of f.fixes) JSON.parse(palisade.applyEdits(JSON_POD, fix.edits));
  });

  test('flow YAML: both actions, the structure they build is the intended one', () => {
    const findings = fixesOf(FLOW_POD, 'pod.yaml');
    assert.equal(findings.length, 2);
    findings.forEach((f, i) => {
      const tmp = f.fixes.find((x) => TMP_TITLE.test(x.title));
      assert.ok(tmp, `the emptyDir action is offered for container ${i}`);
      const out = palisade.applyEdits(FLOW_POD, tmp.edits);
      const doc = YAML.parseDocument(out);
      assert.deepEqual(doc.errors, []);
      checkTmpMounted(doc.toJS(), i);
      // fixed once, the rule is quiet on that container
      const left = fixesOf(out, 'pod.yaml').filter((x) => x.range.start.line === f.range.start.line && x.range.start.character === f.range.start.character);
      assert.deepEqual(left, []);
    });
  });
});
