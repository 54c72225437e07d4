import { targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

const RBAC = ['rbac.authorization.k8s.io'];

export default rbacRule({
  id: 'k8s/rbac-no-escalate-bind',
  severity: 'error',
  title: 'Roles must not grant escalate or bind on RBAC objects',
  rationale: 'RBAC normally stops a subject from granting permissions it does not hold. `escalate` on roles lets it write a role with any permission; `bind` lets it bind any existing role (for example `cluster-admin`) to itself. Either one turns a modest role into full control of its scope.',
  remediation: 'Remove `escalate`, `bind` and `*` from the verbs on `roles`, `clusterroles`, `rolebindings` and `clusterrolebindings`. Role management belongs to cluster administrators or a GitOps controller, not to workloads.',
  equivalents: {
    cis: ['5.1.8'], checkov: ['CKV_K8S_157', 'CKV_K8S_158', 'CKV2_K8S_1'], trivy: ['KSV-0050'], kubescape: ['C-0191'],
  },
  profiles: ['cis'],
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: its holder can grant itself any permission, bypassing RBAC escalation prevention.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    verbs: ["bind"]',
    valid: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    verbs: ["get", "list"]',
  },
  inspect: permissionInspector([
    { resources: targets(RBAC, 'roles', 'clusterroles'), verbs: ['escalate', 'bind'], severity: 'error' },
    // Kubernetes checks `bind` against the referenced role, but some tools expect it on the binding resources
    { resources: targets(RBAC, 'rolebindings', 'clusterrolebindings'), verbs: ['bind'], severity: 'error' },
  ], 'verb'),
});
