import { targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-token-create',
  severity: 'warning',
  title: 'Roles should not create service-account tokens',
  rationale: '`create` on `serviceaccounts/token` issues a fresh token for any ServiceAccount in scope, so its holder can act as the most privileged account of the namespace (or of the cluster for a ClusterRole) without touching a pod.',
  remediation: 'Remove `serviceaccounts/token` from the role, or restrict it with `resourceNames` to the one account the subject is meant to use.',
  equivalents: { cis: ['5.1.13'] },
  profiles: ['cis'],
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: its holder can obtain a token for any ServiceAccount in scope.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: [""]\n    resources: ["serviceaccounts/token"]\n    verbs: ["create"]',
    valid: 'rules:\n  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    verbs: ["get"]',
  },
  inspect: permissionInspector([{ resources: targets([''], 'serviceaccounts/token'), verbs: ['create'], severity: 'warning' }]),
});
