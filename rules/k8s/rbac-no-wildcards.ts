import { codeList, grantOf, isAdminEntry, targets, wildcardItem, type RbacItem } from '../core/rbac.js';
import { rbacRule } from '../templates/rbac-permission.js';

/** Resources whose wildcard verbs make the finding an error (the list Trivy KSV-0045 uses). */
const SENSITIVE = [
  ...targets([''], 'secrets', 'pods', 'replicationcontrollers', 'users', 'groups'),
  ...targets(['apps', 'extensions'], 'deployments', 'daemonsets', 'statefulsets', 'replicasets'),
  ...targets(['batch'], 'jobs', 'cronjobs'),
  ...targets(['rbac.authorization.k8s.io'], 'roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'),
];

export default rbacRule({
  id: 'k8s/rbac-no-wildcards',
  severity: 'warning',
  title: 'Roles should not use wildcards',
  rationale: 'A `*` in `verbs`, `resources`, `apiGroups` or `nonResourceURLs` grants more than anyone reviewed: every verb (including `escalate`, `bind`, `impersonate` and `deletecollection`), every resource type and subresource, and also everything added to the API later by upgrades and CRDs. A wildcard verb on workloads, Secrets or RBAC objects is a direct path to cluster takeover, so it is reported as an error.',
  remediation: 'Replace each `*` with the explicit items the subject needs:\n\n```yaml\n- apiGroups: [""]\n  resources: ["configmaps"]\n  verbs: ["get", "list", "watch"]\n```',
  equivalents: {
    cis: ['5.1.3'], 'kube-linter': ['wildcard-in-rules'], checkov: ['CKV_K8S_49'], trivy: ['KSV-0045', 'KSV-0046'],
    kubescape: ['C-0187'],
  },
  profiles: ['cis'],
  message: '{{role}} {{entry}} uses `*` in {{fields}}, which grants more than was reviewed, including whatever the API adds later{{sensitive}}.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["get"]',
    valid: 'rules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get"]',
  },
  inspect(rule) {
    // the all-wildcard entry (or `*` groups and resources with every verb listed) is k8s/rbac-no-wildcard-admin's finding
    if (isAdminEntry(rule) || (wildcardItem(rule.nonResourceURLs) && wildcardItem(rule.verbs))) return undefined;
    const found: [string, RbacItem][] = [];
    for (const field of ['verbs', 'resources', 'apiGroups', 'nonResourceURLs'] as const) {
      const item = wildcardItem(rule[field]);
      if (item) found.push([field, item]);
    }
    if (!found.length) return undefined;
    const sensitive = grantOf(rule, SENSITIVE, ['*']);
    return {
      anchor: found[0][1],
      severity: sensitive ? 'error' : 'warning',
      data: {
        fields: codeList(found.map(([f]) => f)),
        sensitive: sensitive ? `; every verb applies to sensitive resources (${codeList(sensitive.resources)})` : '',
      },
      related: found.slice(1).map(([f, item]) => ({ item, message: `\`*\` in \`${f}\`` })),
    };
  },
});
