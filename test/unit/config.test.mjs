// `.palisade.yaml`: every problem at its exact key or value, valid parts kept, overrides and exclude per path,
// policies mapped onto the organisation-policy rules, presets combined, and the generated JSON Schema in sync.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../support/fixtures.mjs';
import { palisade } from '../support/engine.mjs';

const { parseConfigText, resolveConfig, builtinRules, configForFile, isExcluded, ConfigResolver, matchGlob, checkGlob } = palisade;

const parse = (text) => parseConfigText(text, builtinRules);

/** The problem whose span covers exactly `snippet` (the n-th occurrence of it in the text). */
function problemAt(text, problems, snippet, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(snippet, at + 1);
    assert.ok(at >= 0, `"${snippet}" occurs in the config (occurrence ${occurrence})`);
  }
  const found = problems.filter((p) => p.span.start === at && p.span.end === at + snippet.length);
  assert.equal(found.length, 1, `one problem exactly at "${snippet}" (offset ${at}); problems: ${JSON.stringify(problems.map((p) => [text.slice(p.span.start, p.span.end), p.message]))}`);
  return found[0];
}

describe('config: every problem at its exact span', () => {
  const text = [
    'extends: [recommended, strictt]',
    'rule:',
    '  k8s/no-host-pid: error',
    'rules:',
    '  k8s/no-host-pd: warning',
    '  k8s/no-host-network: warnig',
    '  k8s/no-host-ipc: {severity: error, level: 2}',
    '  k8s/replica-bounds: {severity: warning, options: {minn: 2, max: eleven}}',
    '  acme/team-lable: off',
    '  docker/no-root-user: 3',
    'overrides:',
    '  - files: ["charts/**", "dev/**/a**b.yaml"]',
    '    rules: {k8s/no-host-pid: off}',
    '  - rules: {k8s/no-host-ipc: off}',
    'policies:',
    '  trustedRegistries: registry.corp.example',
    '  requiredLabels: {team: "^(a|a)*$", owner: "(x)\\\\1"}',
    '  replicas: {min: 5, max: 3}',
    '  podSecurityLevel: strict',
    'customRules:',
    '  - id: acme/team-label',
    '    title: Workloads carry a team label',
    '    schema: {required: [metadata]}',
    '  - id: acme/team-label',
    '    title: Same id again',
    '    schema: {}',
    '  - id: k8s/my-check',
    '    title: Reserved prefix',
    '    schema: {}',
    '  - id: acme/bad-type',
    '    title: Invalid schema',
    '    schema: {properties: {replicas: {type: integr}}}',
    '  - id: acme/slow',
    '    title: Catastrophic pattern',
    '    schema: {properties: {name: {pattern: "^(a+)+$"}}}',
    '  - id: acme/slow-keys',
    '    title: Catastrophic key pattern',
    '    schema: {patternProperties: {"(x|x)*": {}}}',
    '  - id: acme/no-title',
    '    schema: {}',
    '  - id: Acme_Bad',
    '    title: Bad id',
    '    schema: {}',
    'exclude: ["vendor/**", "{unclosed", "../outside/**"]',
    'suppressions: {requireReason: yes, reportUnusual: true}',
    'targetStage: [build]',
    '',
  ].join('\n');
  const { config, problems } = parse(text);

  test('unknown top-level key, with a suggestion', () => {
    assert.match(problemAt(text, problems, 'rule').message, /Unknown key "rule".*did you mean "rules"\?/);
  });
  test('unknown preset, with a suggestion', () => {
    assert.match(problemAt(text, problems, 'strictt').message, /"strictt" is not allowed.*Did you mean "strict"\?/);
  });
  test('unknown rule id, with a suggestion (built-in and custom ids)', () => {
    assert.match(problemAt(text, problems, 'k8s/no-host-pd').message, /Unknown rule "k8s\/no-host-pd"; did you mean "k8s\/no-host-pid"\?/);
    assert.match(problemAt(text, problems, 'acme/team-lable').message, /Unknown rule "acme\/team-lable".*did you mean "acme\/team-label"\?/);
  });
  test('bad severity value, with a suggestion', () => {
    assert.match(problemAt(text, problems, 'warnig').message, /Use off, info, warning or error.*Did you mean "warning"\?/);
  });
  test('wrong type of a rule entry', () => {
    assert.match(problemAt(text, problems, '3').message, /off, info, warning or error, or a mapping/);
  });
  test('unknown key in a rule entry and in rule options (from the rule\'s options schema)', () => {
    assert.match(problemAt(text, problems, 'level').message, /Unknown key "level" in a rule entry/);
    assert.match(problemAt(text, problems, 'minn').message, /Unknown key "minn".*did you mean "min"\?/);
    assert.match(problemAt(text, problems, 'eleven').message, /"max" must be an integer, not "eleven"/);
  });
  test('bad globs, each with the reason', () => {
    assert.match(problemAt(text, problems, '"dev/**/a**b.yaml"').message, /"\*\*" must be a whole path segment/);
    assert.match(problemAt(text, problems, '"{unclosed"').message, /"\{" is not closed/);
    assert.match(problemAt(text, problems, '"../outside/**"').message, /cannot leave it/);
  });
  test('an override without files', () => {
    assert.match(problemAt(text, problems, 'rules', 2).message, /Override 2 needs "files"/);
  });
  test('wrong type and bad enum in policies', () => {
    assert.match(problemAt(text, problems, 'registry.corp.example').message, /"trustedRegistries" must be a list, not "registry\.corp\.example"/);
    assert.match(problemAt(text, problems, 'strict', 1).message, /"strict" is not allowed\. Use baseline, restricted/);
  });
  test('catastrophic regular expressions and back-references are rejected, with the reason', () => {
    assert.match(problemAt(text, problems, '"^(a|a)*$"').message, /Rejected regular expression.*alternatives that can match the same characters.*catastrophic backtracking/);
    assert.match(problemAt(text, problems, '"(x)\\\\1"').message, /back-reference/);
    assert.match(problemAt(text, problems, '"^(a+)+$"').message, /Custom rule "acme\/slow".*nests the repetition "a\+".*catastrophic backtracking/);
    assert.match(problemAt(text, problems, '"(x|x)*"').message, /Custom rule "acme\/slow-keys".*alternatives/);
  });
  test('replica bounds in the wrong order', () => {
    const p = problems.find((x) => /"max" \(3\) is lower than "min" \(5\)/.test(x.message));
    assert.ok(p, 'reported');
    assert.equal(text.slice(p.span.start, p.span.end), '3', 'at the max value');
    assert.equal(text.slice(p.span.start - 5, p.span.end), 'max: 3');
  });
  test('duplicate custom rule id, at the second id', () => {
    assert.match(problemAt(text, problems, 'acme/team-label', 1).message, /Duplicate custom rule id "acme\/team-label"/);
  });
  test('custom rule id with a reserved prefix', () => {
    assert.match(problemAt(text, problems, 'k8s/my-check').message, /reserved prefix "k8s\/".*"acme\/my-check"/);
    assert.equal(problems.filter((p) => p.message.includes('k8s/my-check')).length, 1, 'reported once');
  });
  test('custom rule id that is not <prefix>/<name>', () => {
    assert.match(problemAt(text, problems, 'Acme_Bad').message, /Custom rule ids look like "acme\/team-label"/);
  });
  test('invalid custom schema: the ajv compile error at the offending keyword', () => {
    assert.match(problemAt(text, problems, 'integr').message, /Custom rule "acme\/bad-type": The schema is invalid: "type" must be equal to one of the allowed values/);
  });
  test('custom rule without a title, at the rule', () => {
    const p = problems.find((x) => /Custom rule 7 needs "title"/.test(x.message));
    assert.ok(p);
    assert.equal(text.slice(p.span.start, p.span.end), 'id', 'the first key of the entry');
  });
  test('wrong types in suppressions and targetStage, unknown suppression key', () => {
    assert.match(problemAt(text, problems, 'yes').message, /"requireReason" must be true or false, not "yes"/);
    assert.match(problemAt(text, problems, 'reportUnusual').message, /Unknown key "reportUnusual".*did you mean "reportUnused"\?/);
    assert.match(problemAt(text, problems, '[build]').message, /"targetStage" must be a string, not a list/);
  });
  test('problems are all errors with a sentence', () => {
    for (const p of problems) {
      assert.equal(p.severity, 'error');
      assert.ok(p.message.length > 15, p.message);
      assert.ok(p.span.end > p.span.start, `non-empty span for ${p.message}`);
    }
  });
  test('whatever is valid is kept', () => {
    assert.deepEqual(config.extends, ['recommended']);
    assert.deepEqual(config.rules, { 'k8s/no-host-ipc': { severity: 'error' }, 'k8s/replica-bounds': { severity: 'warning', options: {} } });
    assert.deepEqual(config.overrides, [{ files: ['charts/**'], rules: { 'k8s/no-host-pid': 'off' } }]);
    assert.deepEqual(config.policies, { requiredLabels: {} });
    assert.deepEqual(config.customRules.map((r) => r.id), ['acme/team-label']);
    assert.deepEqual(config.exclude, ['vendor/**']);
    assert.deepEqual(config.suppressions, {});
    assert.equal(config.targetStage, undefined);
    // and the result resolves
    const resolved = resolveConfig(config, builtinRules);
    assert.equal(resolved.rules.get('k8s/no-host-ipc').severity, 'error');
    assert.equal(resolved.customRules.length, 1);
  });
});

describe('config: what is kept of a custom rule with a problem', () => {
  test('a bad kinds or target drops the rule (it would check other things); a bad severity falls back to the default', () => {
    const text = [
      'customRules:',
      '  - {id: acme/a, title: A, kinds: [Deployment, 3], schema: {}}',
      '  - {id: acme/b, title: B, target: pods, schema: {}}',
      '  - {id: acme/c, title: C, severity: fatal, schema: {}}',
      '',
    ].join('\n');
    const { config, problems } = parse(text);
    assert.match(problemAt(text, problems, '3').message, /Item 2 of "kinds" must be a string, not the number 3/);
    assert.match(problemAt(text, problems, 'pods').message, /"pods" is not allowed\. Use object, podSpec, container/);
    assert.match(problemAt(text, problems, 'fatal').message, /Use error, warning, info/);
    assert.deepEqual(config.customRules, [{ id: 'acme/c', title: 'C', schema: {} }]);
    assert.equal(resolveConfig(config, builtinRules).customRules[0].severity, 'warning');
  });
});

describe('config: documents that are not configurations', () => {
  test('YAML syntax error at its position, nothing applied', () => {
    const text = 'rules:\n  k8s/no-host-pid: [error\n';
    const { config, problems } = parse(text);
    assert.ok(problems.length >= 1);
    assert.ok(problems[0].span.start >= text.indexOf('['));
    assert.deepEqual(config, {});
  });
  test('duplicate keys are reported', () => {
    const text = 'rules: {}\nrules: {}\n';
    const { problems } = parse(text);
    assert.ok(problems.some((p) => /unique|duplicate/i.test(p.message)));
  });
  test('a root that is not a mapping', () => {
    const text = '- rules\n- extends\n';
    const { config, problems } = parse(text);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /must be a mapping/);
    assert.deepEqual(config, {});
  });
  test('an empty file is the default configuration', () => {
    assert.deepEqual(parse(''), { config: {}, problems: [] });
    assert.deepEqual(parse('# only a comment\n'), { config: {}, problems: [] });
  });
  test('the example configuration of the documentation is valid', () => {
    const text = fs.readFileSync(path.join(root, 'test', 'fixtures', 'config', 'example.palisade.yaml'), 'utf8');
    const { config, problems } = parse(text);
    assert.deepEqual(problems, []);
    assert.equal(config.customRules.length, 1);
    assert.equal(config.overrides.length, 1);
  });
  test('hostile input never throws', () => {
    const inputs = [
      '\u0000\u0001', '{{{{', 'a: &a [*a]', 'x: !!binary AAAA', 'rules: !!set {a, b}', '? [a]\n: b', 'customRules: [1, null, "x", {id: 3}]',
      'customRules:\n  - id: acme/x\n    title: x\n    schema: {$ref: "#/nope"}', 'policies: {replicas: {min: -1}}', 'exclude: [null, 3, "a"]',
      'extends: 7', 'rules: {"__proto__": {severity: error}}', 'a: &x [1]\nb: [*x, *x, *x, *x]\n'.repeat(10),
      `customRules:\n  - id: acme/deep\n    title: deep\n    schema: ${'{not: '.repeat(80)}{}${'}'.repeat(80)}\n`,
    ];
    for (const text of inputs) {
      const r = parse(text);
      assert.ok(Array.isArray(r.problems), text);
      assert.doesNotThrow(() => resolveConfig(r.config, builtinRules), text);
    }
  });
});

describe('config: globs, overrides and exclude', () => {
  test('glob syntax: **, *, ?, {a,b}, names at any depth, anchored with /', () => {
    const cases = [
      ['charts/**', 'charts/web/templates/deployment.yaml', true],
      ['charts/**', 'charts2/x.yaml', false],
      ['*.yaml', 'deep/down/x.yaml', true],
      ['*.yaml', 'x.yml', false],
      ['dev/*.y?ml', 'dev/a.yaml', true],
      ['dev/*.y?ml', 'dev/sub/a.yaml', false],
      ['{charts,dev}/**', 'dev/x.yaml', true],
      ['k8s/{base,overlays/{dev,prod}}/*.yaml', 'k8s/overlays/prod/app.yaml', true],
      ['k8s/{base,overlays/{dev,prod}}/*.yaml', 'k8s/overlays/test/app.yaml', false],
      ['a/**/b.yaml', 'a/b.yaml', true],
      ['a/**/b.yaml', 'a/x/y/b.yaml', true],
      ['vendor', 'lib/vendor/x/y.yaml', true],
      ['/vendor', 'lib/vendor/x.yaml', false],
      ['/vendor', 'vendor/x.yaml', true],
      ['./dev/**', 'dev/x.yaml', true],
      ['dev/**', './dev/x.yaml', true],
      ['dev/**', 'dev\\x.yaml', true],
      ['**', '../elsewhere/x.yaml', false],
    ];
    for (const [pattern, file, expected] of cases) assert.equal(matchGlob(pattern, file), expected, `${pattern} vs ${file}`);
    assert.equal(checkGlob('charts/**'), undefined);
    for (const bad of ['', 'a**', '{a,b', 'a}', 'a\\b', '../x', 'C:/x']) assert.ok(checkGlob(bad), `"${bad}" is rejected`);
  });

  const base = {
    extends: ['recommended'],
    rules: { 'k8s/no-host-pid': 'warning' },
    policies: { replicas: { min: 2 } },
    overrides: [
      { files: ['charts/**', 'dev/**'], rules: { 'k8s/no-host-pid': 'off' } },
      { files: ['dev/**'], rules: { 'k8s/no-host-pid': 'info' }, policies: { replicas: { min: 1 } } },
      { files: ['charts/legacy/**'], rules: { 'k8s/no-host-ipc': 'off' } },
    ],
  };

  test('configForFile merges matching overrides in order: later entries win', () => {
    assert.equal(configForFile(base, 'prod/app.yaml').rules['k8s/no-host-pid'], 'warning');
    assert.equal(configForFile(base, 'charts/web/x.yaml').rules['k8s/no-host-pid'], 'off');
    assert.equal(configForFile(base, 'dev/x.yaml').rules['k8s/no-host-pid'], 'info', 'the second entry wins over the first');
    assert.deepEqual(configForFile(base, 'dev/x.yaml').policies, { replicas: { min: 1 } });
    const legacy = configForFile(base, 'charts/legacy/a.yaml');
    assert.equal(legacy.rules['k8s/no-host-pid'], 'off');
    assert.equal(legacy.rules['k8s/no-host-ipc'], 'off');
    assert.equal(configForFile(base, 'prod/app.yaml').overrides, undefined, 'overrides are consumed');
  });

  test('the resolved configuration per file', () => {
    const resolver = new ConfigResolver(base, builtinRules);
    assert.equal(resolver.forFile('prod/app.yaml').rules.get('k8s/no-host-pid').severity, 'warning');
    assert.equal(resolver.forFile('charts/web/x.yaml').rules.has('k8s/no-host-pid'), false);
    assert.equal(resolver.forFile('dev/a.yaml').rules.get('k8s/no-host-pid').severity, 'info');
    assert.deepEqual(resolver.forFile('dev/a.yaml').rules.get('k8s/replica-bounds').options, { min: 1 });
    assert.deepEqual(resolver.forFile('prod/a.yaml').rules.get('k8s/replica-bounds').options, { min: 2 });
    assert.equal(resolver.forFile('dev/a.yaml'), resolver.forFile('dev/b/c.yaml'), 'cached per set of matching overrides');
    assert.notEqual(resolver.forFile('dev/a.yaml').key, resolver.forFile('prod/a.yaml').key);
    // findings follow
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: a, image: "a:1"}]\n';
    const hostPid = (file) => palisade.lint({ text, fileName: file }, resolver.forFile(file)).filter((f) => f.ruleId === 'k8s/no-host-pid').map((f) => f.severity);
    assert.deepEqual(hostPid('prod/pod.yaml'), ['warning']);
    assert.deepEqual(hostPid('charts/pod.yaml'), []);
    assert.deepEqual(hostPid('dev/pod.yaml'), ['info']);
  });

  test('exclude', () => {
    const config = { exclude: ['vendor/**', '*.generated.yaml', '/build'] };
    assert.equal(isExcluded(config, 'vendor/lib/x.yaml'), true);
    assert.equal(isExcluded(config, 'k8s/app.generated.yaml'), true);
    assert.equal(isExcluded(config, 'build/out.yaml'), true);
    assert.equal(isExcluded(config, 'src/build/out.yaml'), false);
    assert.equal(isExcluded(config, 'k8s/app.yaml'), false);
    assert.equal(isExcluded({}, 'anything.yaml'), false);
    assert.equal(new ConfigResolver(config, builtinRules).isExcluded('vendor/a.yaml'), true);
  });
});

describe('config: policies switch on and configure the organisation-policy rules', () => {
  const policyRules = builtinRules.filter((r) => r.meta.stage === 'policy');

  test('every policy rule is off by default; the "when configured" ones do nothing until configured', () => {
    assert.ok(policyRules.length >= 14, `policy rules: ${policyRules.map((r) => r.meta.id)}`);
    const recommended = resolveConfig({}, builtinRules);
    for (const r of policyRules) {
      assert.equal(r.meta.enabledByDefault, false, `${r.meta.id} is off by default`);
      assert.equal(recommended.rules.has(r.meta.id), false, `${r.meta.id} not in recommended`);
    }
    // switched on by `all` without any option: only the "when enabled" rules act
    const all = resolveConfig({ extends: ['all'] }, builtinRules);
    const manifest = [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  replicas: 1', '  template:', '    spec:',
      '      containers:', '        - name: web', '          image: k8s.gcr.io/nginx:1.27', '          resources: {limits: {memory: 64Gi}}',
      '---', 'apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'metadata: {name: web}', 'spec: {minReplicas: 1, maxReplicas: 100}',
      '---', 'apiVersion: v1', 'kind: Namespace', 'metadata: {name: shop}', '',
    ].join('\n');
    const policyIds = new Set(policyRules.map((r) => r.meta.id));
    const acting = new Set(palisade.lint({ text: manifest, fileName: 'all.yaml' }, all).filter((f) => policyIds.has(f.ruleId)).map((f) => f.ruleId));
    assert.deepEqual([...acting].sort(), ['k8s/namespace-pod-security-label', 'k8s/require-image-digest']);
    const dockerfile = 'FROM k8s.gcr.io/debian-base:1.0\nLABEL a=b\nUSER 65532\n';
    const dockerActing = new Set(palisade.lint({ text: dockerfile, fileName: 'Dockerfile' }, all).filter((f) => policyIds.has(f.ruleId)).map((f) => f.ruleId));
    assert.deepEqual([...dockerActing], ['docker/require-base-image-digest']);
  });

  test('each shorthand maps onto its rules with options; explicit rules entries win', () => {
    const config = {
      policies: {
        trustedRegistries: ['registry.corp.example'],
        deniedRegistries: ['docker.io'],
        allowedBaseImages: ['gcr.io/distroless/*'],
        requireImageDigests: true,
        requiredLabels: ['team'],
        requiredAnnotations: { owner: '^.+@.+$' },
        imageLabels: { 'org.opencontainers.image.source': 'url' },
        replicas: { min: 2, max: 10 },
        podSecurityLevel: 'restricted',
        runtimeClasses: ['gvisor'],
        priorityClasses: ['standard'],
        resources: { memoryLimitMax: '2Gi' },
      },
      rules: {
        'docker/trusted-registries': 'off',
        'k8s/required-labels': { severity: 'error', options: { kinds: ['Deployment'] } },
      },
    };
    const r = resolveConfig(config, builtinRules).rules;
    assert.deepEqual(r.get('k8s/trusted-registries').options, { allowedRegistries: ['registry.corp.example'], deniedRegistries: ['docker.io'] });
    assert.equal(r.get('k8s/trusted-registries').severity, 'error');
    assert.equal(r.get('k8s/trusted-registries').explicitSeverity, false);
    assert.equal(r.has('docker/trusted-registries'), false, 'explicit off wins over the policy');
    assert.deepEqual(r.get('docker/allowed-base-images').options, { allowedBaseImages: ['gcr.io/distroless/*'], applyToAllStages: false });
    assert.ok(r.has('k8s/require-image-digest') && r.has('docker/require-base-image-digest'));
    assert.deepEqual(r.get('k8s/required-labels').options, { requiredLabels: ['team'], kinds: ['Deployment'], podTemplate: false }, 'policy and rule options merge');
    assert.equal(r.get('k8s/required-labels').severity, 'error');
    assert.deepEqual(r.get('k8s/required-annotations').options.requiredAnnotations, { owner: '^.+@.+$' });
    assert.deepEqual(r.get('docker/required-labels').options.labelSchema, { 'org.opencontainers.image.source': 'url' });
    assert.deepEqual(r.get('k8s/replica-bounds').options, { min: 2, max: 10 });
    assert.deepEqual(r.get('k8s/hpa-replica-bounds').options, { min: 2, max: 10 });
    assert.equal(r.get('k8s/namespace-pod-security-label').options.requiredPodSecurityLevel, 'restricted');
    assert.deepEqual(r.get('k8s/require-runtime-class').options.allowedRuntimeClasses, ['gvisor']);
    assert.deepEqual(r.get('k8s/allowed-priority-classes').options.acceptedPriorityClassNames, ['standard']);
    assert.deepEqual(r.get('k8s/resource-bounds').options, { memoryLimitMax: '2Gi' });
  });

  test('empty shorthands switch nothing on', () => {
    const r = resolveConfig({ policies: { trustedRegistries: [], requiredAnnotations: [], requireImageDigests: false, replicas: {} } }, builtinRules).rules;
    for (const id of ['k8s/trusted-registries', 'docker/trusted-registries', 'k8s/required-annotations', 'k8s/require-image-digest', 'k8s/replica-bounds']) {
      assert.equal(r.has(id), false, id);
    }
  });

  test('the policies reach the findings, in manifests and Dockerfiles', () => {
    const { config, problems } = parse('policies:\n  trustedRegistries: [registry.corp.example]\n  deniedRegistries: [k8s.gcr.io]\n  replicas: {min: 2}\n');
    assert.deepEqual(problems, []);
    const resolved = resolveConfig(config, builtinRules);
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
    const ids = palisade.lint({ text: manifest, fileName: 'web.yaml' }, resolved).map((f) => f.ruleId);
    assert.ok(ids.includes('k8s/trusted-registries'));
    assert.ok(ids.includes('k8s/replica-bounds'));
    const denied = manifest.replace('nginx:1.27', 'k8s.gcr.io/pause:3.9');
    assert.match(palisade.lint({ text: denied, fileName: 'web.yaml' }, resolved).find((f) => f.ruleId === 'k8s/trusted-registries').message, /from a denied registry \(`k8s\.gcr\.io`\)/);
    const dockerfile = 'FROM node:22-slim\nUSER 65532\n';
    assert.ok(palisade.lint({ text: dockerfile, fileName: 'Dockerfile' }, resolved).some((f) => f.ruleId === 'docker/trusted-registries'));
    const without = resolveConfig({}, builtinRules);
    assert.equal(palisade.lint({ text: manifest, fileName: 'web.yaml' }, without).some((f) => f.ruleId === 'k8s/trusted-registries'), false);
  });

  test('namespace-pod-security-label: a pinned enforce-version is required on request (info)', () => {
    const resolved = resolveConfig({ policies: { podSecurityLevel: 'baseline' }, rules: { 'k8s/namespace-pod-security-label': { options: { requirePinnedVersion: true } } } }, builtinRules);
    const text = [
      'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: a', '  labels:', '    pod-security.kubernetes.io/enforce: restricted', '    pod-security.kubernetes.io/enforce-version: latest',
      '---', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: b', '  labels:', '    pod-security.kubernetes.io/enforce: baseline', '',
    ].join('\n');
    const findings = palisade.lint({ text, fileName: 'ns.yaml' }, resolved).filter((f) => f.ruleId === 'k8s/namespace-pod-security-label');
    assert.deepEqual(findings.map((f) => [f.severity, f.range.start.line, f.range.start.character, f.range.end.character]), [
      ['info', 6, 48, 54],
      ['info', 13, 4, 38],
    ]);
  });
});

describe('config: presets', () => {
  const idsOf = (config) => new Set(resolveConfig(config, builtinRules).rules.keys());

  test('presets combine as a union', () => {
    const baseline = idsOf({ extends: ['pss-baseline'] });
    const cis = idsOf({ extends: ['cis'] });
    const both = idsOf({ extends: ['pss-baseline', 'cis'] });
    assert.ok(baseline.size > 0 && cis.size > 0);
    assert.deepEqual([...both].sort(), [...new Set([...baseline, ...cis])].sort());
  });
  test('recommended is the default; all holds every rule', () => {
    assert.deepEqual([...idsOf({})].sort(), [...idsOf({ extends: ['recommended'] })].sort());
    assert.equal(idsOf({ extends: ['all'] }).size, builtinRules.length);
  });
  test('rules entries apply on top of the presets', () => {
    const r = resolveConfig({ extends: ['pss-baseline'], rules: { 'k8s/no-host-pid': 'info', 'k8s/no-host-ipc': 'off' } }, builtinRules).rules;
    assert.equal(r.get('k8s/no-host-pid').severity, 'info');
    assert.equal(r.has('k8s/no-host-ipc'), false);
  });
  test('a scalar extends is accepted', () => {
    const { config, problems } = parse('extends: strict\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.extends, ['strict']);
  });
});

describe('config: the JSON Schema', () => {
  const schema = palisade.configSchema(builtinRules);

  test('generated from one source: presets, every rule with its options, policies, custom rules, overrides, suppressions', () => {
    assert.deepEqual(schema.definitions.preset.enum, [...palisade.PRESETS]);
    for (const rule of builtinRules) {
      const entry = schema.definitions.rules.properties[rule.meta.id];
      assert.ok(entry, rule.meta.id);
      const options = entry.else.properties.options;
      if (rule.meta.options) assert.deepEqual(options.properties ?? {}, rule.meta.options.schema.properties ?? {}, `${rule.meta.id} options`);
    }
    for (const key of ['policies', 'customRule', 'override']) assert.ok(schema.definitions[key], key);
    assert.ok(schema.properties.suppressions.properties.requireReason);
    assert.deepEqual(palisade.configSchema(builtinRules), schema, 'deterministic');
  });
  test('schemas/palisade-config.schema.json is up to date', () => {
    const r = spawnSync(process.execPath, ['scripts/generate-config-schema.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
