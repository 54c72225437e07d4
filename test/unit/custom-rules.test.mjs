// Custom rules (`customRules` in .palisade.yaml): JSON Schema checks on objects, pod specs and containers, anchored at
// the offending YAML node; trust gating, screening of catastrophic patterns, bounded evaluation, explanations.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { palisade } from '../support/engine.mjs';

const { Engine, LintSession, resolveConfig, compileCustomRule, compileCustomRules, explainCustomRule } = palisade;

/** Only custom rules run: an engine without built-in rules. */
const engine = new Engine({ registry: [] });

function lint(customRules, text, { config = {}, resolve, session, fileName = 'manifests/app.yaml' } = {}) {
  const resolved = resolveConfig({ ...config, customRules }, [], resolve);
  return engine.lint({ text, fileName }, resolved, undefined, session);
}

/** `[ruleId, "text under the range", line]` for each finding (single-line ranges). */
function anchors(text, findings) {
  const lines = text.split('\n');
  return findings.map((f) => {
    assert.equal(f.range.start.line, f.range.end.line, `single-line range for ${f.message}`);
    return [f.ruleId, lines[f.range.start.line].slice(f.range.start.character, f.range.end.character), f.range.start.line];
  });
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 1
  template:
    spec:
      dnsPolicy: Default
      initContainers:
        - name: migrate
          image: registry.corp.example/migrate:1.0
      containers:
        - name: app
          image: nginx:1.27
          resources: {limits: {memory: 1Gi}}
      ephemeralContainers:
        - name: debug
          image: busybox:1.36
`;

const TEAM_LABEL = {
  id: 'acme/team-label',
  severity: 'error',
  title: 'Workloads carry a team label',
  message: 'Every workload needs a "team" label so that alerts reach an owner.',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  target: 'object',
  schema: { type: 'object', required: ['metadata'], properties: { metadata: { required: ['labels'], properties: { labels: { required: ['team'] } } } } },
};

describe('custom rules: targets and anchors', () => {
  test('object: a missing property is anchored at the key holding the object that lacks it', () => {
    const findings = lint([TEAM_LABEL], DEPLOYMENT);
    assert.deepEqual(anchors(DEPLOYMENT, findings), [['acme/team-label', 'labels', 4]]);
    const [f] = findings;
    assert.equal(f.severity, 'error');
    assert.equal(f.resource, 'Deployment/web');
    assert.match(f.message, /^Workloads carry a team label: metadata\.labels: missing "team"\. Every workload needs a "team" label/);
  });

  test('object: a property missing on the object itself is anchored at its kind', () => {
    const text = 'apiVersion: apps/v1\nkind: StatefulSet\nspec: {}\n';
    assert.deepEqual(anchors(text, lint([TEAM_LABEL], text)), [['acme/team-label', 'StatefulSet', 1]]);
  });

  test('kinds filter', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    assert.deepEqual(lint([TEAM_LABEL], text), []);
    assert.equal(lint([{ ...TEAM_LABEL, kinds: undefined }], text).length, 1, 'without kinds every kind is checked');
  });

  test('podSpec: each pod spec; wrong values at the value, missing ones at the key holding the pod spec', () => {
    const rule = {
      id: 'acme/pod', title: 'Pods follow the platform defaults', target: 'podSpec',
      schema: { required: ['securityContext'], properties: { dnsPolicy: { enum: ['ClusterFirst'] } } },
    };
    const findings = lint([rule], DEPLOYMENT);
    assert.deepEqual(anchors(DEPLOYMENT, findings), [['acme/pod', 'spec', 9], ['acme/pod', 'Default', 10]]);
    assert.match(findings[0].message, /the pod spec: missing "securityContext"/);
    assert.match(findings[1].message, /dnsPolicy must be one of "ClusterFirst"/);
    assert.equal(findings[0].severity, 'warning', 'default severity');
    assert.deepEqual(lint([rule], 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {}\n'), [], 'no pod spec, nothing to check');
  });

  test('container: each init, regular and ephemeral container, anchored at its name', () => {
    const rule = { id: 'acme/limits', title: 'Containers declare limits', target: 'container', schema: { required: ['resources'] } };
    const findings = lint([rule], DEPLOYMENT);
    assert.deepEqual(anchors(DEPLOYMENT, findings), [['acme/limits', 'migrate', 12], ['acme/limits', 'debug', 19]]);
    assert.equal(findings[0].message, 'Containers declare limits: init container "migrate": missing "resources".');
    assert.match(findings[1].message, /ephemeral container "debug"/);
  });

  test('container: invalid values, patterns and unexpected keys', () => {
    const rule = {
      id: 'acme/images', title: 'Images come from the mirror', target: 'container',
      schema: {
        properties: {
          image: { type: 'string', pattern: '^registry\\.corp\\.example/' },
          resources: { properties: { limits: { additionalProperties: false, properties: { cpu: {} } } } },
        },
      },
    };
    const findings = lint([rule], DEPLOYMENT);
    assert.deepEqual(anchors(DEPLOYMENT, findings), [['acme/images', 'nginx:1.27', 16], ['acme/images', 'memory', 17], ['acme/images', 'busybox:1.36', 20]]);
    assert.match(findings[0].message, /container "app": image must match \^registry/);
    assert.match(findings[1].message, /resources\.limits: "memory" is not allowed/);
  });

  test('anyOf/oneOf: one finding for the combinator, not one per branch', () => {
    const rule = { id: 'acme/replicas', title: 'Replicas are 2 or 3', schema: { properties: { spec: { properties: { replicas: { anyOf: [{ const: 2 }, { const: 3 }] } } } } } };
    const findings = lint([rule], DEPLOYMENT);
    assert.deepEqual(anchors(DEPLOYMENT, findings), [['acme/replicas', '1', 7]]);
  });

  test('merge keys and aliases are resolved as the API server sees them', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: &base {team: payments}\ndata:\n  <<: {mode: fast}\n  copy: x\n';
    const rule = { id: 'acme/mode', title: 'Mode is safe', schema: { properties: { data: { properties: { mode: { const: 'safe' } } } } } };
    assert.deepEqual(anchors(text, lint([rule], text)), [['acme/mode', 'fast', 6]]);
    const label = { ...TEAM_LABEL, kinds: undefined };
    assert.deepEqual(lint([label], text), [], 'the anchored labels are read');
  });

  test('a "__proto__" key in a manifest is data, not a prototype', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  __proto__: {polluted: "yes"}\n';
    const rule = { id: 'acme/keys', title: 'No proto', schema: { properties: { data: { propertyNames: { not: { const: '__proto__' } } } } } };
    const findings = lint([rule], text);
    assert.deepEqual(anchors(text, findings), [['acme/keys', '__proto__', 4]]);
    assert.equal({}.polluted, undefined);
  });

  test('missing-field findings are dropped in Helm templates; wrong values still reported', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    app: web\nspec:\n  replicas: 0\n';
    const rules = [TEAM_LABEL, { id: 'acme/replicas', title: 'At least one replica', schema: { properties: { spec: { properties: { replicas: { minimum: 1 } } } } } }];
    assert.deepEqual(anchors(text, lint(rules, text, { fileName: 'chart/templates/deploy.yaml' })), [['acme/replicas', '0', 7]]);
    assert.equal(lint(rules, text.replace('{{ .Release.Name }}', 'web'), { fileName: 'plain.yaml' }).length, 2, 'both outside a chart');
  });
});

describe('custom rules: configuration', () => {
  test('rules entries turn a custom rule off or change its severity', () => {
    assert.equal(lint([TEAM_LABEL], DEPLOYMENT, { config: { rules: { 'acme/team-label': 'info' } } })[0].severity, 'info');
    assert.equal(lint([TEAM_LABEL], DEPLOYMENT, { config: { rules: { 'acme/team-label': { severity: 'warning' } } } })[0].severity, 'warning');
    assert.deepEqual(lint([TEAM_LABEL], DEPLOYMENT, { config: { rules: { 'acme/team-label': 'off' } } }), []);
  });

  test('per-path overrides reach custom rules', () => {
    const config = { customRules: [TEAM_LABEL], overrides: [{ files: ['legacy/**'], rules: { 'acme/team-label': 'off' } }] };
    const resolver = new palisade.ConfigResolver(config, []);
    assert.equal(engine.lint({ text: DEPLOYMENT, fileName: 'legacy/a.yaml' }, resolver.forFile('legacy/a.yaml')).length, 0);
    assert.equal(engine.lint({ text: DEPLOYMENT, fileName: 'app/a.yaml' }, resolver.forFile('app/a.yaml')).length, 1);
  });

  test('a custom finding can be suppressed like any other', () => {
    const text = DEPLOYMENT.replace('  labels:\n', '  # palisade-ignore acme/team-label -- owned by the platform team\n  labels:\n');
    assert.deepEqual(lint([TEAM_LABEL], text), []);
  });

  test('custom rules are compiled once per configuration', () => {
    const defs = [TEAM_LABEL, { id: 'acme/x', title: 'x', schema: {} }];
    assert.equal(compileCustomRules(defs), compileCustomRules(structuredClone(defs)), 'same content, same compiled rules');
    const a = resolveConfig({ customRules: defs }, []);
    const b = resolveConfig({ customRules: structuredClone(defs) }, []);
    assert.equal(a.customRules[0].validate, b.customRules[0].validate);
    assert.equal(a.key, b.key);
    assert.notEqual(resolveConfig({ customRules: [{ ...TEAM_LABEL, severity: 'info' }] }, []).key, a.key, 'the key changes with the rules');
  });

  test('invalid and duplicate definitions are skipped, the others run', () => {
    const defs = [{ id: 'k8s/sneaky', title: 'x', schema: {} }, { id: 'acme/bad', title: 'x', schema: { type: 'objekt' } }, TEAM_LABEL, { ...TEAM_LABEL, title: 'dup' }];
    const resolved = resolveConfig({ customRules: defs }, []);
    assert.deepEqual(resolved.customRules.map((r) => [r.id, r.definition.title]), [['acme/team-label', TEAM_LABEL.title]]);
  });
});

describe('custom rules: trust', () => {
  test('custom rules run only when the workspace is trusted (default: trusted)', () => {
    assert.equal(lint([TEAM_LABEL], DEPLOYMENT).length, 1);
    assert.equal(lint([TEAM_LABEL], DEPLOYMENT, { resolve: { trusted: true } }).length, 1);
    const untrusted = resolveConfig({ customRules: [TEAM_LABEL] }, [], { trusted: false });
    assert.deepEqual(untrusted.customRules, []);
    assert.equal(untrusted.blockedCustomRules, 1);
    assert.deepEqual(engine.lint({ text: DEPLOYMENT, fileName: 'a.yaml' }, untrusted), []);
  });
  test('built-in rules still run in an untrusted workspace', () => {
    const hostPid = palisade.builtinRules.filter((r) => r.meta.id === 'k8s/no-host-pid');
    const resolved = resolveConfig({ customRules: [TEAM_LABEL] }, hostPid, { trusted: false });
    const text = DEPLOYMENT.replace('      dnsPolicy: Default\n', '      hostPID: true\n');
    assert.deepEqual(new Engine({ registry: hostPid }).lint({ text, fileName: 'a.yaml' }, resolved).map((f) => f.ruleId), ['k8s/no-host-pid']);
  });
});

describe('custom rules: safety', () => {
  test('catastrophic patterns are rejected before compilation, with the place and the reason', () => {
    const cases = [
      [{ properties: { name: { pattern: '^(a+)+$' } } }, ['schema', 'properties', 'name', 'pattern'], /nests the repetition/],
      [{ items: [{ pattern: '(a|a)*' }] }, ['schema', 'items', 0, 'pattern'], /alternatives/],
      [{ patternProperties: { '(x*)*': {} } }, ['schema', 'patternProperties', '(x*)*'], /empty string/],
      [{ definitions: { s: { pattern: '(\\w)\\1' } } }, ['schema', 'definitions', 's', 'pattern'], /back-reference/],
      [{ not: { anyOf: [{ pattern: '(\\w+\\s?)*$' }] } }, ['schema', 'not', 'anyOf', 0, 'pattern'], /nests the repetition/],
    ];
    for (const [schema, path, reason] of cases) {
      const r = compileCustomRule({ id: 'acme/x', title: 'x', schema });
      assert.equal(r.rule, undefined, JSON.stringify(schema));
      assert.deepEqual(r.path, path);
      assert.match(r.error, reason);
    }
    for (const safe of ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', '^\\d+(,\\d+)*$', '^team-[a-z]{2,10}$']) {
      assert.ok(compileCustomRule({ id: 'acme/x', title: 'x', schema: { pattern: safe } }).rule, safe);
    }
  });

  test('a rejected rule never runs, even when the configuration did not go through the validator', () => {
    const slow = { id: 'acme/slow', title: 'slow', target: 'container', schema: { properties: { image: { pattern: '^(a+)+$' } } } };
    const text = DEPLOYMENT.replace('nginx:1.27', `${'a'.repeat(40)}!`);
    const resolved = resolveConfig({ customRules: [slow, TEAM_LABEL] }, []);
    assert.deepEqual(resolved.customRules.map((r) => r.id), ['acme/team-label']);
    assert.equal(engine.lint({ text, fileName: 'a.yaml' }, resolved).length, 1);
  });

  test('schemas beyond the size and depth limits are refused', () => {
    const deep = JSON.parse(`${'{"not":'.repeat(80)}{}${'}'.repeat(80)}`);
    assert.match(compileCustomRule({ id: 'acme/deep', title: 'x', schema: deep }).error, /nested deeper/);
    const big = { enum: Array.from({ length: 20000 }, (_, i) => `value-${i}`) };
    assert.match(compileCustomRule({ id: 'acme/big', title: 'x', schema: big }).error, /larger than/);
  });

  test('the evaluation budget: on overrun, one info finding and no custom findings', () => {
    const text = Array.from({ length: 20 }, (_, i) => DEPLOYMENT.replace('name: web', `name: web-${i}`)).join('---\n');
    const ok = lint([TEAM_LABEL], text);
    assert.equal(ok.length, 20);
    const skipped = lint([TEAM_LABEL], text, { resolve: { customRuleBudget: 200 } });
    assert.deepEqual(skipped.map((f) => [f.ruleId, f.severity]), [['custom-rules-skipped', 'info']]);
    assert.match(skipped[0].message, /Custom rules skipped: too complex/);
    assert.match(palisade.explain('custom-rules-skipped'), /budget/);
  });

  test('the budget gives the same answer with and without an incremental session', () => {
    const docs = Array.from({ length: 6 }, (_, i) => DEPLOYMENT.replace('name: web', `name: web-${i}`));
    const text = docs.join('---\n');
    const full = lint([TEAM_LABEL], text).length;
    assert.equal(full, 6);
    // a budget that fits exactly the six documents
    let budget = 1;
    while (lint([TEAM_LABEL], text, { resolve: { customRuleBudget: budget } })[0]?.ruleId === 'custom-rules-skipped') budget *= 2;
    const session = new LintSession();
    const opts = { resolve: { customRuleBudget: budget }, session };
    assert.equal(lint([TEAM_LABEL], text, opts).length, 6);
    const edited = docs.map((d, i) => (i === 3 ? d.replace('app: web', 'app: web\n    tier: front') : d)).join('---\n');
    const incremental = lint([TEAM_LABEL], edited, opts);
    assert.deepEqual(incremental, lint([TEAM_LABEL], edited, { resolve: { customRuleBudget: budget } }));
    assert.equal(session.lastParsedChunks, 1, 'only the edited document was re-parsed');
  });

  test('documents above the alias limit are skipped, quickly', () => {
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'data:', '  a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`  ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const text = bomb.join('\n') + '\n';
    const started = process.hrtime.bigint();
    const findings = lint([{ ...TEAM_LABEL, kinds: undefined }], text);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.deepEqual(findings.map((f) => f.ruleId), ['custom-rules-skipped']);
    assert.match(findings[0].message, /too large|alias/);
    assert.ok(ms < 2000, `took ${ms} ms`);
  });
});

describe('custom rules: explanations', () => {
  test('explainCustomRule: title, message, severity, target, kinds, schema, suppression', () => {
    const md = explainCustomRule({ ...TEAM_LABEL, remediation: 'Add `team: <name>` under `metadata.labels`.' });
    assert.match(md, /^## acme\/team-label\n\n\*\*Workloads carry a team label\*\*/);
    assert.match(md, /Severity: error/);
    assert.match(md, /Checks each object of Deployment, StatefulSet, DaemonSet/);
    assert.match(md, /Every workload needs a "team" label/);
    assert.match(md, /### How to fix\n\nAdd `team: <name>`/);
    assert.match(md, /"required": \[\n\s+"metadata"/);
    assert.match(md, /# palisade-ignore acme\/team-label -- <reason>/);
  });
  test('explain(id, config) finds custom rules of the configuration', () => {
    const config = { customRules: [TEAM_LABEL] };
    assert.match(palisade.explain('acme/team-label', config), /Workloads carry a team label/);
    assert.match(palisade.explain('acme/team-label', resolveConfig(config, [])), /Workloads carry a team label/);
    assert.equal(palisade.explain('acme/team-label'), undefined);
  });
});
