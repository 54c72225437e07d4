import { targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-pv-create',
  severity: 'info',
  title: 'Review roles that can create PersistentVolumes',
  rationale: 'A PersistentVolume can be a `hostPath` volume. Whoever creates one and claims it mounts any directory of the node into a pod, which sidesteps the pod-level controls on `hostPath` volumes (Pod Security admission judges pods, not volumes).',
  remediation: 'Let users request storage with PersistentVolumeClaims and a StorageClass; keep `create` on `persistentvolumes` with administrators and storage provisioners.',
  equivalents: { cis: ['5.1.9'] },
  profiles: ['cis'],
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: a hostPath PersistentVolume can expose any directory of a node.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: [""]\n    resources: ["persistentvolumes"]\n    verbs: ["create"]',
    valid: 'rules:\n  - apiGroups: [""]\n    resources: ["persistentvolumeclaims"]\n    verbs: ["create"]',
  },
  inspect: permissionInspector([{ resources: targets([''], 'persistentvolumes'), verbs: ['create'], severity: 'info' }]),
});
