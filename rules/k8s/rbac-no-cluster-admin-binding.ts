import type { K8sObject } from '../core/k8s.js';
import {
  bindingOf, bindingSeverity, describePolicyRule, describeReach, describeSubjects, isAdminEntry, isAggregated,
  isBuiltInClusterRole, isNarrowed, isPlatformBinding, policyRulesOf, rbacViewOf, reachClauses, reachRelated,
  subjectReachOf, wildcardItem, type RbacView,
} from '../core/rbac.js';
import { k8sRule, type K8sFileContext } from '../core/rule.js';
import type { Severity } from '../core/types.js';
import { RBAC_REFERENCES } from '../templates/rbac-permission.js';

type Messages = 'binding' | 'equivalent';

/** Built-in ClusterRoles a binding should not hand out lightly, and how much they give. */
const POWERFUL: Record<string, { base: Severity; broad: Severity; what: string }> = {
  'cluster-admin': { base: 'warning', broad: 'error', what: 'full control of the cluster' },
  admin: { base: 'info', broad: 'warning', what: 'full control of a namespace, RBAC included' },
  edit: { base: 'info', broad: 'warning', what: 'write access to workloads and Secrets of a namespace' },
};

export default k8sRule<Messages>({
  meta: {
    id: 'k8s/rbac-no-cluster-admin-binding',
    stage: 'access',
    severity: 'warning',
    title: 'Bind cluster-admin only where it is required',
    rationale: '`cluster-admin` is superuser access: every resource, every verb, every namespace. Each binding of it is a standing credential an attacker can take over. Bound to a namespace\'s `default` ServiceAccount, to `system:serviceaccounts` or to `system:authenticated`, it hands the cluster to every pod or every logged-in identity (reported as an error, as is a binding whose ServiceAccount a workload in view runs as). The built-in `admin` and `edit` roles are reported as info (warning for broad subjects).\n\nA custom ClusterRole with an entry granting every verb on every resource of every API group (`*`, or every standard verb listed) is `cluster-admin` under another name: when the binding\'s role is in view (the same file; the workspace once it is indexed), the binding is reported like one to `cluster-admin`, even when the role itself is exempt by name (`system:*`). Bindings Kubernetes or the platform manages (`cluster-admin`, `system:*`, GKE\'s `gce:podsecuritypolicy:calico-sa`) are not reported.',
    remediation: 'Write a Role or ClusterRole with the permissions the subject needs and bind that instead:\n\n```yaml\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: deployment-manager\n```\n\nKeep `cluster-admin` for break-glass identities.',
    references: RBAC_REFERENCES,
    equivalents: {
      cis: ['5.1.1'], 'kube-linter': ['cluster-admin-role-binding'],
      polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole'], trivy: ['KSV-0111'],
      kubescape: ['C-0035', 'C-0185'], nsa: ['C-0035'],
    },
    profiles: ['cis', 'nsa'],
    fix: 'none',
    scope: 'file',
    messages: {
      binding: '{{binding}} grants the built-in `{{role}}` ClusterRole ({{what}}) to {{subjects}}{{broad}}.',
      equivalent: '{{binding}} grants {{role}} to {{subjects}}: its {{entry}} allows every verb on every resource of every API group, `cluster-admin` under another name ({{what}}).{{reach}}',
    },
    examples: {
      invalid: 'kind: ClusterRoleBinding\nroleRef:\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: shop',
      valid: 'kind: ClusterRoleBinding\nroleRef:\n  kind: ClusterRole\n  name: deployment-manager',
    },
  },
  checkFile(ctx) {
    const view = rbacViewOf(ctx);
    for (const object of ctx.objects) checkBinding(ctx, object, view);
  },
});

function checkBinding(ctx: K8sFileContext<Messages>, object: K8sObject, view: RbacView): void {
  const binding = bindingOf(object);
  // Kubernetes' own bindings (cluster-admin → system:masters, the system:* controllers) and the platform's
  if (!binding || isPlatformBinding(object.name)) return;
  const ref = binding.roleRef;
  if (ref.kind !== 'ClusterRole' || !ref.name || !ref.nameNode) return;
  const reach = subjectReachOf(binding, view);
  const power = POWERFUL[ref.name];
  if (power) {
    ctx.report({
      messageId: 'binding',
      data: {
        binding: object.resource,
        role: ref.name,
        what: ref.name === 'cluster-admin' && object.kind === 'RoleBinding' ? 'full control of this namespace' : power.what,
        subjects: describeSubjects(binding),
        broad: reachClauses(reach).map((c) => `; ${c}`).join(''),
      },
      span: object.doc.span(ref.nameNode),
      severity: reach.broad.length || reach.workloads.length ? power.broad : power.base,
      related: reachRelated(reach, object),
    });
    return;
  }
  // a custom ClusterRole equal to cluster-admin (effective-permission mode, RULES.md §6)
  const role = view.roleOf(binding);
  if (!role || isAggregated(role) || isBuiltInClusterRole(role.kind, role.name)) return;
  const entry = policyRulesOf(role).find((r) => isAdminEntry(r) && !isNarrowed(r));
  if (!entry) return;
  ctx.report({
    messageId: 'equivalent',
    data: {
      binding: object.resource, role: role.resource, subjects: describeSubjects(binding), entry: describePolicyRule(entry),
      what: object.kind === 'RoleBinding' ? 'full control of this namespace' : 'full control of the cluster',
      reach: describeReach(reach),
    },
    span: object.doc.span(ref.nameNode),
    severity: bindingSeverity('warning', reach),
    related: [
      { span: role.doc.span((wildcardItem(entry.resources) ?? entry.resources[0]).node), message: `${role.resource} ${describePolicyRule(entry)} grants everything` },
      ...reachRelated(reach, object),
    ],
  });
}
