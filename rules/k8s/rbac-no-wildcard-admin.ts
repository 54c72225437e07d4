import { everyVerbItem, isAdminEntry, isNarrowed, wildcardItem } from '../core/rbac.js';
import { rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-wildcard-admin',
  severity: 'error',
  title: 'Roles must not grant every verb on every resource',
  rationale: 'An entry with `apiGroups: ["*"]`, `resources: ["*"]` and `verbs: ["*"]` is full administrator access: in a ClusterRole it is `cluster-admin` (every Secret, every node proxy, the power to grant any other permission); in a Role it is complete control of the namespace, Secrets and service-account tokens included. It also silently covers every resource type installed later. `nonResourceURLs: ["*"]` with `verbs: ["*"]` likewise opens every API path outside the resource model. An entry listing every standard verb (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`) is read as `*`: it is the same power under a longer name.\n\nA binding is judged through the role it refers to when that role is in view (the same file; the workspace once it is indexed), so a user-created binding to a role that is exempt by name (`system:*`) but grants everything is caught on its `roleRef.name`; the severity stays error. Bindings to a ClusterRole granting everything are `cluster-admin` under another name and are reported by `k8s/rbac-no-cluster-admin-binding`; a RoleBinding cannot grant non-resource URLs, so it is not reported for them. Bindings Kubernetes or the platform manages (`system:*`, `cluster-admin`, GKE\'s `gce:podsecuritypolicy:calico-sa`) are not judged; a role bound only by such bindings still is, since its content is the manifest author\'s.',
  remediation: 'List the API groups, resources and verbs the subject actually needs:\n\n```yaml\nrules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch", "update", "patch"]\n```\n\nIf full access is truly intended, bind the built-in `cluster-admin` role to a narrowly chosen subject instead of cloning it.',
  equivalents: {
    cis: ['5.1.1', '5.1.3'], trivy: ['KSV-0044', 'KSV-0046', 'KSV-0112'],
    polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole'],
    kubescape: ['C-0185', 'C-0187'],
  },
  profiles: ['cis'],
  judgesFullWildcard: true,
  message: '{{role}} {{entry}} grants every verb on {{what}}: {{consequence}}.{{narrowed}}',
  examples: {
    invalid: 'kind: ClusterRole\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]',
    valid: 'kind: ClusterRole\nrules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list"]',
  },
  throughBindings: {
    message: '{{binding}} gives {{subjects}} {{role}}, whose {{entry}} grants every verb on {{what}}: {{consequence}}.{{narrowed}}{{reach}}',
    leaves(binding, role, rule) {
      // a ClusterRole granting everything is k8s/rbac-no-cluster-admin-binding's finding on the same token
      if (isAdminEntry(rule)) return role.kind === 'ClusterRole' && !isNarrowed(rule);
      // non-resource URLs are cluster-wide: only a ClusterRoleBinding grants them
      return binding.object.kind === 'RoleBinding';
    },
  },
  inspect(rule) {
    // `*`, or every standard verb spelled out: the same power under a longer name
    const verb = everyVerbItem(rule);
    if (!verb) return undefined;
    const cluster = rule.role.kind === 'ClusterRole';
    const group = wildcardItem(rule.apiGroups);
    const resource = wildcardItem(rule.resources);
    if (group && resource) {
      return {
        anchor: resource,
        severity: 'error',
        data: {
          what: 'every resource of every API group',
          consequence: cluster ? 'this is cluster-admin under another name' : 'full control of the namespace, Secrets and tokens included',
        },
        related: [{ item: verb, message: verb.value === '*' ? '`*` verbs' : 'every verb' }, { item: group, message: '`*` API groups' }],
      };
    }
    const url = wildcardItem(rule.nonResourceURLs);
    if (url && verb.value === '*') {
      return {
        anchor: url,
        severity: 'error',
        data: { what: 'every non-resource URL', consequence: 'every API path outside the resource model is open, including debugging endpoints' },
        related: [{ item: verb, message: '`*` verbs' }],
      };
    }
    return undefined;
  },
});
