import { targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-workload-create',
  severity: 'info',
  title: 'Review roles that can create or change workloads',
  rationale: 'Whoever can create or change a pod, or a controller that makes pods, can run it with any ServiceAccount of the namespace and mount any Secret or ConfigMap there: the permission is worth as much as the most privileged identity in the namespace. Admission policies (Pod Security) limit the pod spec but not the choice of identity.',
  remediation: 'Keep workload write access with deployment pipelines and controllers. Give people read access, and make sure privileged ServiceAccounts live in namespaces where few can create pods.',
  equivalents: { cis: ['5.1.4'], 'kube-linter': ['access-to-create-pods'], trivy: ['KSV-0048'], kubescape: ['C-0188'] },
  profiles: ['cis'],
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: its holder can run pods with any ServiceAccount and Secret of the namespace.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["create", "update"]',
    valid: 'rules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch"]',
  },
  inspect: permissionInspector([{
    resources: [
      ...targets([''], 'pods', 'replicationcontrollers'),
      ...targets(['apps', 'extensions'], 'deployments', 'daemonsets', 'statefulsets', 'replicasets'),
      ...targets(['batch'], 'jobs', 'cronjobs'),
    ],
    verbs: ['create', 'update', 'patch'],
    severity: 'info',
  }]),
});
