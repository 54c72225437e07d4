import { targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-nodes-proxy',
  severity: 'error',
  title: 'Roles must not grant access to nodes/proxy',
  rationale: '`nodes/proxy` forwards requests to the kubelet API of any node. The kubelet can run commands in every pod of the node (`/exec`, `/run`), and those calls bypass the API server\'s admission control and audit logging.',
  remediation: 'Remove `nodes/proxy` from the role. Monitoring agents that need kubelet metrics should use `nodes/metrics` and `nodes/stats` instead.',
  equivalents: { cis: ['5.1.10'], trivy: ['KSV-0047'], checkov: ['CKV2_K8S_2'] },
  profiles: ['cis'],
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: its holder can call the kubelet API of any node and run commands in its pods, unaudited.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    verbs: ["get"]',
    valid: 'rules:\n  - apiGroups: [""]\n    resources: ["nodes/metrics"]\n    verbs: ["get"]',
  },
  inspect: permissionInspector([{ resources: targets([''], 'nodes/proxy'), verbs: ['get', 'create'], severity: 'error' }]),
});
