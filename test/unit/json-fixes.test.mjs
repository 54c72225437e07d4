// Fixes on JSON manifests: what a rule writes as YAML text is written as its JSON equivalent, read the way Kubernetes
// reads YAML (1.1), so that the file stays JSON and means what the fix says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importSource } from '../support/cli.mjs';
import { allRulesConfig, palisade } from '../support/engine.mjs';

test('YAML values become their JSON equivalents', async () => {
  const { jsonOfYamlText } = await importSource('rules/core/yaml-edit.ts');
  const cases = [
    ['Always', '"Always"'],
    ['false', 'false'],
    ['65532', '65532'],
    ['0644', '420'],
    ['yes', 'true'],
    ['~', 'null'],
    ['2024-01-01', '"2024-01-01"'],
    ["'it''s'", '"it\'s"'],
    ['"a\\tb"', '"a\\tb"'],
    ['--profiling=false', '"--profiling=false"'],
    ['[ALL]', '["ALL"]'],
    ['{name: tmp, emptyDir: {}}', '{"name": "tmp", "emptyDir": {}}'],
    ['name: x\nvalue: "1"', '{"name": "x", "value": "1"}'],
  ];
  for (const [yaml, json] of cases) assert.equal(jsonOfYamlText(yaml), json, yaml);
});

test('a fix on a .json manifest keeps it JSON; the same fix on a flow mapping in a YAML file writes YAML', () => {
  const json = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {"containers": [{"name": "c", "image": "nginx:1.27.0", "securityContext": {"privileged": true}}]}\n}\n';
  const config = allRulesConfig();
  const findings = palisade.lint({ text: json, fileName: 'pod.json' }, config);
  const fix = findings.find((f) => f.ruleId === 'k8s/no-privileged')?.fixes?.[0];
  assert.ok(fix, 'k8s/no-privileged offers a fix');
  const fixed = palisade.applyEdits(json, fix.edits);
  assert.equal(JSON.parse(fixed).spec.containers[0].securityContext.privileged, false);
  const pull = findings.flatMap((f) => f.fixes ?? []).find((x) => /imagePullPolicy/.test(x.title));
  assert.ok(pull, 'a fix that adds a key');
  assert.equal(JSON.parse(palisade.applyEdits(json, pull.edits)).spec.containers[0].imagePullPolicy, 'Always');

  const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - {name: c, image: "nginx:1.27.0", securityContext: {privileged: true}}\n';
  const yamlPull = palisade.lint({ text: yaml, fileName: 'pod.yaml' }, config).flatMap((f) => f.fixes ?? []).find((x) => /imagePullPolicy/.test(x.title));
  assert.ok(yamlPull);
  const fixedYaml = palisade.applyEdits(yaml, yamlPull.edits);
  assert.match(fixedYaml, /\n {6}imagePullPolicy: Always\n/);
  assert.doesNotMatch(fixedYaml, /"imagePullPolicy"/);
});
