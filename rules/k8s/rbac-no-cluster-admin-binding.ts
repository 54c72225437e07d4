import { bindingOf, describeSubject, isBroadSubject } from '../core/rbac.js';
import { k8sRule } from '../core/rule.js';
import type { Severity } from '../core/types.js';
import { RBAC_REFERENCES } from '../templates/rbac-permission.js';

/** Built-in ClusterRoles a binding should not hand out lightly, and how much they give. */
const POWERFUL: Record<string, { base: Severity; broad: Severity; what: string }> = {
  'cluster-admin': { base: 'warning', broad: 'error', what: 'full control of the cluster' },
  admin: { base: 'info', broad: 'warning', what: 'full control of a namespace, RBAC included' },
  edit: { base: 'info', broad: 'warning', what: 'write access to workloads and Secrets of a namespace' },
};

export default k8sRule<'binding'>({
  meta: {
    id: 'k8s/rbac-no-cluster-admin-binding',
    stage: 'access',
    severity: 'warning',
    title: 'Bind cluster-admin only where it is required',
    rationale: '`cluster-admin` is superuser access: every resource, every verb, every namespace. Each binding of it is a standing credential an attacker can take over. Bound to a namespace\'s `default` ServiceAccount, to `system:serviceaccounts` or to `system:authenticated`, it hands the cluster to every pod or every logged-in identity (reported as an error). The built-in `admin` and `edit` roles are reported as info (warning for broad subjects).',
    remediation: 'Write a Role or ClusterRole with the permissions the subject needs and bind that instead:\n\n```yaml\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: deployment-manager\n```\n\nKeep `cluster-admin` for break-glass identities.',
    references: RBAC_REFERENCES,
    equivalents: {
      cis: ['5.1.1'], 'kube-linter': ['cluster-admin-role-binding'],
      polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole'], trivy: ['KSV-0111'],
      kubescape: ['C-0035', 'C-0185'], nsa: ['C-0035'],
    },
    profiles: ['cis', 'nsa'],
    fix: 'none',
    messages: { binding: '{{binding}} grants the built-in `{{role}}` ClusterRole ({{what}}) to {{subjects}}{{broad}}.' },
    examples: {
      invalid: 'kind: ClusterRoleBinding\nroleRef:\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: shop',
      valid: 'kind: ClusterRoleBinding\nroleRef:\n  kind: ClusterRole\n  name: deployment-manager',
    },
  },
  check(ctx) {
    const binding = bindingOf(ctx.object);
    if (!binding) return;
    const name = ctx.object.name;
    // Kubernetes' own bindings (cluster-admin → system:masters and the system:* controllers)
    if (name === 'cluster-admin' || name?.startsWith('system:')) return;
    const ref = binding.roleRef;
    if (ref.kind !== 'ClusterRole' || !ref.name || !ref.nameNode) return;
    const power = POWERFUL[ref.name];
    if (!power) return;
    const broad = binding.subjects.filter(isBroadSubject);
    const subjects = binding.subjects.length ? binding.subjects.slice(0, 3).map(describeSubject).join(', ') + (binding.subjects.length > 3 ? ` and ${binding.subjects.length - 3} more` : '') : 'no subject yet';
    ctx.report({
      messageId: 'binding',
      data: {
        binding: ctx.object.resource,
        role: ref.name,
        what: ref.name === 'cluster-admin' && ctx.object.kind === 'RoleBinding' ? 'full control of this namespace' : power.what,
        subjects,
        broad: broad.length ? `; ${broad.map(describeSubject).join(', ')} ${broad.length === 1 ? 'is' : 'are'} not one identity but every workload or user in scope` : '',
      },
      span: ctx.doc.span(ref.nameNode),
      severity: broad.length ? power.broad : power.base,
      related: broad.filter((s) => s.nameNode).map((s) => ({ span: ctx.doc.span(s.nameNode!), message: 'broad subject' })),
    });
  },
});
