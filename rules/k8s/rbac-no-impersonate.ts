import { targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-impersonate',
  severity: 'error',
  title: 'Roles must not grant impersonation',
  rationale: '`impersonate` on users, groups or service accounts lets the holder send requests as any identity, for example as a member of `system:masters`, which bypasses RBAC entirely. Audit logs then attribute the actions to the impersonated identity.',
  remediation: 'Remove the `impersonate` verb (and `*`) on `users`, `groups`, `serviceaccounts`, `uids` and `userextras/*`. If a tool needs to act for users, grant impersonation of specific names through `resourceNames` and review it.',
  equivalents: {
    cis: ['5.1.8'], checkov: ['CKV2_K8S_3'], trivy: ['KSV-0043', 'KSV-0050'], kubescape: ['C-0065', 'C-0191'],
  },
  profiles: ['cis'],
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: its holder can act as any of those identities, administrators included.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: [""]\n    resources: ["users", "groups"]\n    verbs: ["impersonate"]',
    valid: 'rules:\n  - apiGroups: [""]\n    resources: ["users"]\n    verbs: ["get"]',
  },
  inspect: permissionInspector([
    { resources: targets([''], 'users', 'groups', 'serviceaccounts'), verbs: ['impersonate'], severity: 'error' },
    { resources: targets(['authentication.k8s.io'], 'uids', 'userextras/*'), verbs: ['impersonate'], severity: 'error' },
  ], 'verb'),
});
