// Per-finding severities, options and partial-document behaviour of the Access (RULES.md §3) and best-practice
// (§7.1) Kubernetes rules: what the fixture harness does not pin (it checks ranges and fixes, not severities).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../support/fixtures.mjs';
import { allRulesConfig, fixAll, lintText } from '../support/engine.mjs';

const fixture = (rule, file) => path.join(fixturesDir, 'k8s', rule, file);

/** Severities of one rule's findings on a fixture, in document order, with the flagged text. */
function severities(ruleId, file, configText) {
  const name = fixture(ruleId.slice(4), file);
  const text = fs.readFileSync(name, 'utf8');
  const lines = text.split('\n');
  return lintText(text, name, allRulesConfig(configText))
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.severity} ${lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`);
}

function lintWith(text, ruleId, configText, fileName = 'manifest.yaml') {
  return lintText(text, fileName, allRulesConfig(configText)).filter((f) => f.ruleId === ruleId);
}

const SEVERITIES = [
  ['k8s/rbac-no-wildcards', 'invalid-wildcards.yaml', ['error "*"', 'warning "*"', 'warning "*"', 'warning "*"', 'info "*"']],
  ['k8s/rbac-no-secret-read', 'invalid-secret-access.yaml', ['error "secrets"', 'warning secrets', 'warning "*"', 'info "secrets"']],
  ['k8s/rbac-no-impersonate', 'invalid-impersonate.yaml', ['error "impersonate"', 'error "*"', 'warning "impersonate"']],
  ['k8s/rbac-no-pod-exec-attach', 'invalid-exec.yaml', ['warning "pods/exec"', 'warning "*/attach"', 'info "pods/portforward"']],
  ['k8s/rbac-no-network-control', 'invalid-network.yaml', ['info "services"', 'info "networkpolicies"', 'warning "services/status"']],
  ['k8s/rbac-sensitive-resource-write', 'invalid-configmaps.yaml', ['info "configmaps"', 'info "pods/log"', 'error "configmaps"', 'error "configmaps"']],
  ['k8s/rbac-no-cluster-admin-binding', 'invalid-bindings.yaml', ['warning cluster-admin', 'error cluster-admin', 'info "edit"']],
  ['k8s/rbac-no-anonymous-binding', 'invalid-anonymous.yaml', ['error system:anonymous', 'error system:unauthenticated', 'warning "system:authenticated"']],
  ['k8s/no-deprecated-service-account-field', 'invalid-conflict.yaml', ['warning serviceAccount']],
  ['k8s/no-exposed-service-type', 'invalid-types.yaml', ['info NodePort', 'warning "LoadBalancer"', 'info LoadBalancer']],
  ['k8s/network-policy-no-allow-all', 'invalid-open.yaml', ['warning {}', 'warning namespaceSelector', 'warning 0.0.0.0/0', 'warning to', 'info spec', 'warning {}', 'warning namespaceSelector', 'warning "::/0"']],
  ['k8s/ingress-nginx-no-snippets', 'invalid-snippets.yaml', [
    'warning nginx.ingress.kubernetes.io/configuration-snippet',
    `error "location /lua { content_by_lua_block { ngx.say('hi') } }"`,
    'error "http://auth.example.com/verify;}location /x{"',
    `error 'location /x { alias /var/run/secrets/; }'`,
  ]],
  ['k8s/require-resource-limits', 'invalid-missing.yaml', ['warning app', 'info limits']],
  ['k8s/pdb-allows-disruption', 'invalid-budgets.yaml', ['warning 0', 'warning 100%', 'info spec', 'warning spec', 'warning 3', 'warning 2']],
];

describe('k8s/ per-finding severities', () => {
  for (const [ruleId, file, expected] of SEVERITIES) {
    test(`${ruleId}: severities on ${file}`, () => {
      assert.deepEqual(severities(ruleId, file), expected);
    });
  }

  test('k8s/rbac-no-secret-read: a configured severity overrides the per-finding choice', () => {
    const config = 'rules:\n  k8s/rbac-no-secret-read: warning\n';
    assert.deepEqual(severities('k8s/rbac-no-secret-read', 'invalid-secret-access.yaml', config),
      ['warning "secrets"', 'warning secrets', 'warning "*"', 'warning "secrets"']);
  });
});

const ROLE = (name, rule) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
rules:
${rule}`;

describe('k8s/ RBAC matching (RULES.md §3.0)', () => {
  test('k8s/rbac-no-secret-read: the core group is "", another group with a `secrets` resource is not matched', () => {
    assert.equal(lintWith(ROLE('r', '  - apiGroups: ["example.com"]\n    resources: ["secrets"]\n    verbs: ["get"]\n'), 'k8s/rbac-no-secret-read').length, 0);
    assert.equal(lintWith(ROLE('r', '  - apiGroups: ["*"]\n    resources: ["secrets"]\n    verbs: ["get"]\n'), 'k8s/rbac-no-secret-read').length, 1);
  });

  test('k8s/rbac-no-pod-exec-attach: `*/exec` matches, `pods/*` does not', () => {
    assert.equal(lintWith(ROLE('r', '  - apiGroups: [""]\n    resources: ["*/exec"]\n    verbs: ["create"]\n'), 'k8s/rbac-no-pod-exec-attach').length, 1);
    assert.equal(lintWith(ROLE('r', '  - apiGroups: [""]\n    resources: ["pods/*"]\n    verbs: ["create"]\n'), 'k8s/rbac-no-pod-exec-attach').length, 0);
  });

  test('k8s/rbac-no-escalate-bind: templated verbs are not judged', () => {
    const text = ROLE('r', '  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles"]\n    verbs: ["{{ .Values.verb }}"]\n');
    assert.equal(lintWith(text, 'k8s/rbac-no-escalate-bind', undefined, 'chart/templates/role.yaml').length, 0);
  });

  test('k8s/rbac-no-escalate-bind: one finding per rule entry, even when several items match', () => {
    const text = ROLE('r', '  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles", "clusterroles"]\n    verbs: ["bind", "escalate"]\n');
    assert.equal(lintWith(text, 'k8s/rbac-no-escalate-bind').length, 1);
  });

  test('k8s/rbac-no-secret-read: a Role named like a bootstrap ClusterRole is still judged', () => {
    const text = ROLE('r', '').replace('kind: ClusterRole', 'kind: Role').replace('name: r', 'name: admin\n  namespace: shop')
      + '  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["list"]\n';
    assert.equal(lintWith(text, 'k8s/rbac-no-secret-read').length, 1);
  });
});

describe('k8s/ options', () => {
  const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    app.kubernetes.io/instance: other
spec:
  containers:
    - name: app
      image: shop/web:1.4
      resources:
        limits: {memory: 256Mi}
`;

  test('k8s/require-resource-limits: ignoreCpuLimit only asks for memory', () => {
    assert.equal(lintWith(POD, 'k8s/require-resource-limits').length, 1);
    assert.equal(lintWith(POD, 'k8s/require-resource-limits', 'rules:\n  k8s/require-resource-limits:\n    options:\n      ignoreCpuLimit: true\n').length, 0);
  });

  test('k8s/metadata-consistency: instanceMatchesName compares the instance label with the name', () => {
    assert.equal(lintWith(POD, 'k8s/metadata-consistency').length, 0);
    const findings = lintWith(POD, 'k8s/metadata-consistency', 'rules:\n  k8s/metadata-consistency:\n    options:\n      instanceMatchesName: true\n');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /differs from its name "p"/);
  });

  test('k8s/no-exposed-service-type: forbiddenServiceTypes decides which types are reported', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n';
    assert.equal(lintWith(svc, 'k8s/no-exposed-service-type').length, 1);
    assert.equal(lintWith(svc, 'k8s/no-exposed-service-type', 'rules:\n  k8s/no-exposed-service-type:\n    options:\n      forbiddenServiceTypes: [LoadBalancer]\n').length, 0);
  });

  test('k8s/spread-replicas: minReplicas raises the threshold', () => {
    const text = fs.readFileSync(fixture('spread-replicas', 'invalid-spread.yaml'), 'utf8');
    assert.equal(lintWith(text, 'k8s/spread-replicas').length, 1);
    assert.equal(lintWith(text, 'k8s/spread-replicas', 'rules:\n  k8s/spread-replicas:\n    options:\n      minReplicas: 4\n').length, 0);
  });
});

describe('k8s/ partial documents and fixes', () => {
  const HELM = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      {{- with .Values.podSecurity }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
      containers:
        - name: app
          image: "{{ .Values.image }}"
`;
  for (const id of ['k8s/no-automount-service-account-token', 'k8s/no-default-service-account', 'k8s/require-resource-requests',
    'k8s/require-resource-limits', 'k8s/require-liveness-probe', 'k8s/require-readiness-probe', 'k8s/image-pull-policy-always']) {
    test(`${id}: no "missing field" finding in a Helm template`, () => {
      assert.deepEqual(lintWith(HELM, id, undefined, 'chart/templates/deployment.yaml'), []);
      // the same manifest rendered is reported: the silence above comes from the partial document
      const rendered = HELM.replace(/^\s*\{\{-.*\n/gm, '').replace(/\{\{[^}]*\}\}/g, 'web');
      assert.ok(lintWith(rendered, id).length >= 1, 'reported once rendered');
    });
  }

  test('k8s/image-pull-policy-always: a container in a flow sequence is fixed in flow style', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: app, image: "shop:1.4"}]\n';
    const { text: fixed, applied } = fixAll(text, 'pod.yaml', allRulesConfig(), 'k8s/image-pull-policy-always');
    assert.equal(applied, 1);
    assert.equal(fixed, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: app, image: "shop:1.4", imagePullPolicy: Always}]\n');
  });

  test('k8s/no-automount-service-account-token: the ServiceAccount of the same file is named in related information', () => {
    const text = fs.readFileSync(fixture('no-automount-service-account-token', 'invalid-service-account.yaml'), 'utf8');
    const [first] = lintWith(text, 'k8s/no-automount-service-account-token');
    assert.equal(first.related?.[0]?.message, 'the ServiceAccount turns automounting on');
    assert.equal(first.related[0].range.start.line, 6);
    assert.equal(first.fixes[0].kind, 'suggestion');
  });

  test('k8s/no-deprecated-service-account-field: the rename is a safe fix', () => {
    const text = fs.readFileSync(fixture('no-deprecated-service-account-field', 'invalid-alias.yaml'), 'utf8');
    const kinds = lintWith(text, 'k8s/no-deprecated-service-account-field').flatMap((f) => f.fixes.map((x) => x.kind));
    assert.deepEqual([...new Set(kinds)], ['safe']);
  });
});

