import { targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-binding-write',
  severity: 'info',
  title: 'Review roles that can create or change role bindings',
  rationale: 'Writing RoleBindings and ClusterRoleBindings decides who holds which role. RBAC only lets the holder bind roles whose permissions it already has, so on its own this is bounded; combined with `bind` or `escalate` (reported by `k8s/rbac-no-escalate-bind`) it is full control, and it lets the holder hand its own powers to identities that should not have them.',
  remediation: 'Manage bindings from version control through a pipeline; remove `create`, `update` and `patch` on bindings from workload roles.',
  equivalents: { trivy: ['KSV-0051', 'KSV-0052', 'KSV-0055'] },
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: its holder can hand out the roles it holds.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings"]\n    verbs: ["create"]',
    valid: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings"]\n    verbs: ["get", "list"]',
  },
  inspect: permissionInspector([{
    resources: targets(['rbac.authorization.k8s.io'], 'rolebindings', 'clusterrolebindings'),
    verbs: ['create', 'update', 'patch'],
    severity: 'info',
  }]),
});
