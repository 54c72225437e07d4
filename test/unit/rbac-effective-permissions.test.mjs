// Effective-permission mode of the Access rules (RULES.md §3.0 "Cross-file mode", §3.3, §6): bindings judged through
// the role they refer to, severities raised by who holds the binding, related information, exemptions. The fixture
// harness pins the ranges; this file pins what it does not: severities, related locations, lookups and suppressions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../support/fixtures.mjs';
import { allRulesConfig, lintText } from '../support/engine.mjs';

const fixture = (rule, file) => path.join(fixturesDir, 'k8s', rule, file);

/** `severity flagged-text` of one rule's findings on a fixture, in document order. */
function severities(ruleId, file) {
  const name = fixture(ruleId.slice(4), file);
  const text = fs.readFileSync(name, 'utf8');
  const lines = text.split('\n');
  return lintText(text, name, allRulesConfig())
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.severity} ${lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`);
}

function lintWith(text, ruleId, fileName = 'rbac.yaml') {
  return lintText(text, fileName, allRulesConfig()).filter((f) => f.ruleId === ruleId);
}

/** The text a range covers. */
function textAt(text, range) {
  return text.split('\n')[range.start.line].slice(range.start.character, range.end.character);
}

const role = (kind, name, namespace, rule) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
rules:
${rule}`;

const binding = (kind, name, namespace, refKind, refName, subjects) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${refKind}
  name: ${refName}
subjects:
${subjects}`;

const EXEC = '  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]\n';
const USER = '  - kind: User\n    name: jane\n';

describe('k8s/rbac effective permissions: severities', () => {
  test('k8s/rbac-no-pod-exec-attach: a binding takes its role\'s severity, error for broad subjects, one step up when a workload runs as a subject', () => {
    assert.deepEqual(severities('k8s/rbac-no-pod-exec-attach', 'invalid-binding-and-role.yaml'), [
      'warning "pods/exec"', // the Role's content
      'warning debugger', // its binding to a group
      'error system:debug', // a binding to the `default` ServiceAccount
      'warning "*"', // the ClusterRole's content
      'error exec-anything', // a RoleBinding whose ServiceAccount a Deployment runs as: warning raised one step
    ]);
  });

  test('k8s/rbac-no-cluster-admin-binding: custom cluster-admin equivalents and workload subjects', () => {
    assert.deepEqual(severities('k8s/rbac-no-cluster-admin-binding', 'invalid-custom-equivalent.yaml'), [
      'warning root', 'error system:test', 'error cluster-admin',
    ]);
  });

  test('k8s/rbac-no-cluster-admin-binding: by-name findings keep their severities', () => {
    assert.deepEqual(severities('k8s/rbac-no-cluster-admin-binding', 'invalid-bindings.yaml'), [
      'warning cluster-admin', 'error cluster-admin', 'info "edit"',
    ]);
  });

  test('k8s/rbac-no-wildcard-admin: bindings to roles granting everything stay errors', () => {
    assert.deepEqual(severities('k8s/rbac-no-wildcard-admin', 'invalid-binding-to-system-role.yaml'), [
      'error system:test', 'error "*"', 'error all-urls',
    ]);
  });

  test('k8s/rbac-no-pod-exec-attach: `resourceNames` on the role lowers the binding finding one step too', () => {
    const text = role('Role', 'debug-one', 'shop', '  - apiGroups: [""]\n    resources: ["pods/exec"]\n    resourceNames: ["toolbox-0"]\n    verbs: ["create"]\n')
      + '\n---\n' + binding('RoleBinding', 'debug-one', 'shop', 'Role', 'debug-one', USER);
    const found = lintWith(text, 'k8s/rbac-no-pod-exec-attach');
    assert.deepEqual(found.map((f) => [textAt(text, f.range), f.severity]), [['"pods/exec"', 'info'], ['debug-one', 'info']]);
    assert.match(found[1].message, /resourceNames/);
  });
});

describe('k8s/rbac effective permissions: lookups', () => {
  test('k8s/rbac-no-pod-exec-attach: a binding is judged when its role is in the same file, and only then', () => {
    const bind = binding('RoleBinding', 'debuggers', 'shop', 'Role', 'debugger', USER);
    assert.equal(lintWith(bind, 'k8s/rbac-no-pod-exec-attach').length, 0);
    const both = role('Role', 'debugger', 'shop', EXEC) + '---\n' + bind;
    const found = lintWith(both, 'k8s/rbac-no-pod-exec-attach');
    assert.deepEqual(found.map((f) => textAt(both, f.range)), ['"pods/exec"', 'debugger']);
    assert.match(found[1].message, /RoleBinding\/debuggers gives User "jane" Role\/debugger, whose rules\[0\] grants `create` on `pods\/exec`/);
  });

  test('k8s/rbac-no-pod-exec-attach: a RoleBinding does not reach a Role of another namespace', () => {
    const text = role('Role', 'system:debugger', 'tools', EXEC) + '---\n' + binding('RoleBinding', 'debuggers', 'shop', 'Role', 'system:debugger', USER);
    assert.equal(lintWith(text, 'k8s/rbac-no-pod-exec-attach').length, 0);
  });

  test('k8s/rbac-no-pod-exec-attach: a RoleBinding reaches a ClusterRole', () => {
    const text = role('ClusterRole', 'system:debugger', undefined, EXEC) + '---\n' + binding('RoleBinding', 'debuggers', 'shop', 'ClusterRole', 'system:debugger', USER);
    assert.deepEqual(lintWith(text, 'k8s/rbac-no-pod-exec-attach').map((f) => textAt(text, f.range)), ['system:debugger']);
  });

  test('k8s/rbac-no-pod-exec-attach: the finding points at the role\'s offending item and at the workload running as the subject', () => {
    const name = fixture('rbac-no-pod-exec-attach', 'invalid-binding-and-role.yaml');
    const text = fs.readFileSync(name, 'utf8');
    const found = lintText(text, name, allRulesConfig()).filter((f) => f.ruleId === 'k8s/rbac-no-pod-exec-attach');
    const onBinding = found.find((f) => textAt(text, f.range) === 'exec-anything');
    assert.ok(onBinding);
    const related = onBinding.related.map((r) => [textAt(text, r.range), r.message]);
    assert.deepEqual(related, [
      ['"*"', 'ClusterRole/exec-anything rules[0] grants it'],
      ['toolbox', 'Deployment/toolbox runs as this ServiceAccount'],
    ]);
    assert.ok(onBinding.related.every((r) => r.range.start.line > 50), 'the workload\'s serviceAccountName, not the binding');
    assert.match(onBinding.message, /Deployment\/toolbox runs as ServiceAccount "toolbox"/);
    const broad = found.find((f) => textAt(text, f.range) === 'system:debug');
    assert.deepEqual(broad.related.map((r) => [textAt(text, r.range), r.message]), [['"*/attach"', 'ClusterRole/system:debug rules[0] grants it'], ['default', 'broad subject']]);
  });

  test('k8s/rbac-no-pod-exec-attach: a template expression in roleRef.name is not looked up', () => {
    const text = role('Role', 'debugger', 'shop', EXEC) + '---\n' + binding('RoleBinding', 'debuggers', 'shop', 'Role', '"{{ .Values.role }}"', USER);
    assert.deepEqual(lintWith(text, 'k8s/rbac-no-pod-exec-attach', 'chart/templates/rbac.yaml').map((f) => textAt(text, f.range)), ['"pods/exec"']);
  });
});

describe('k8s/rbac effective permissions: exemptions (RULES.md §3.0)', () => {
  test('k8s/rbac-no-pod-exec-attach: platform-managed bindings are not judged, their non-exempt role is', () => {
    for (const name of ['system:debuggers', 'gce:podsecuritypolicy:calico-sa', 'cluster-admin']) {
      const text = role('ClusterRole', 'debugger', undefined, EXEC) + '---\n' + binding('ClusterRoleBinding', name, undefined, 'ClusterRole', 'debugger', USER);
      assert.deepEqual(lintWith(text, 'k8s/rbac-no-pod-exec-attach').map((f) => textAt(text, f.range)), ['"pods/exec"'], name);
    }
  });

  test('k8s/rbac-no-pod-exec-attach: roles named system:* or gce:podsecuritypolicy:calico-sa are exempt, of either kind', () => {
    for (const [kind, name] of [['ClusterRole', 'system:debugger'], ['ClusterRole', 'gce:podsecuritypolicy:calico-sa'], ['Role', 'gce:podsecuritypolicy:calico-sa']]) {
      assert.equal(lintWith(role(kind, name, kind === 'Role' ? 'kube-system' : undefined, EXEC), 'k8s/rbac-no-pod-exec-attach').length, 0, `${kind} ${name}`);
    }
  });

  test('k8s/rbac-no-wildcard-admin: a ClusterRole granting everything is left to k8s/rbac-no-cluster-admin-binding on its bindings', () => {
    const all = '  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n';
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
      const text = role('ClusterRole', 'system:root', undefined, all) + '---\n' + binding(kind, 'root', kind === 'RoleBinding' ? 'shop' : undefined, 'ClusterRole', 'system:root', USER);
      assert.equal(lintWith(text, 'k8s/rbac-no-wildcard-admin').length, 0, kind);
      assert.deepEqual(lintWith(text, 'k8s/rbac-no-cluster-admin-binding').map((f) => textAt(text, f.range)), ['system:root'], kind);
    }
  });

  test('k8s/rbac-no-wildcards: an entry with `*` groups and resources and every verb listed is k8s/rbac-no-wildcard-admin\'s', () => {
    const text = role('ClusterRole', 'ops', undefined, '  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]\n');
    assert.equal(lintWith(text, 'k8s/rbac-no-wildcards').length, 0);
    assert.equal(lintWith(text, 'k8s/rbac-no-wildcard-admin').length, 1);
    const fewer = text.replace(', "delete"', '');
    assert.equal(lintWith(fewer, 'k8s/rbac-no-wildcards').length, 1);
    assert.equal(lintWith(fewer, 'k8s/rbac-no-wildcard-admin').length, 0);
  });
});

describe('k8s/rbac effective permissions: suppressions', () => {
  test('k8s/rbac-no-pod-exec-attach: Polaris\' binding exemption annotation silences the binding finding only', () => {
    const bind = binding('RoleBinding', 'debuggers', 'shop', 'Role', 'debugger', USER)
      .replace('  namespace: shop\nroleRef', '  namespace: shop\n  annotations:\n    polaris.fairwinds.com/rolebindingRolePodExecAttach-exempt: "true"\nroleRef');
    const text = role('Role', 'debugger', 'shop', EXEC) + '---\n' + bind;
    assert.deepEqual(lintWith(text, 'k8s/rbac-no-pod-exec-attach').map((f) => textAt(text, f.range)), ['"pods/exec"']);
  });
});
