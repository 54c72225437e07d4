import { targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-webhook-config-write',
  severity: 'warning',
  title: 'Roles should not change admission webhooks or policies',
  rationale: 'Admission webhooks see, and mutating ones rewrite, every object sent to the API: Secrets in clear, pod specs that can be made privileged. Whoever can write webhook configurations or admission policies can intercept credentials, inject containers, or switch off the policies that protect the cluster.',
  remediation: 'Remove the write verbs on `mutatingwebhookconfigurations`, `validatingwebhookconfigurations` and the admission policy resources. Only cluster administrators and the installer of the admission controller need them.',
  equivalents: { cis: ['5.1.12'], checkov: ['CKV_K8S_155'], trivy: ['KSV-0114'] },
  profiles: ['cis'],
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: its holder can intercept or rewrite every API request, or disable admission policies.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["mutatingwebhookconfigurations"]\n    verbs: ["create", "update"]',
    valid: 'rules:\n  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["mutatingwebhookconfigurations"]\n    verbs: ["get", "list"]',
  },
  inspect: permissionInspector([{
    resources: targets(['admissionregistration.k8s.io'],
      'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
      'validatingadmissionpolicies', 'validatingadmissionpolicybindings',
      'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'),
    verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
    severity: 'warning',
  }]),
});
