import { targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-pod-exec-attach',
  severity: 'warning',
  title: 'Roles should not grant exec or attach into pods',
  rationale: '`pods/exec` and `pods/attach` give a shell (or the stdin/stdout) of any container in scope: its files, its environment, its mounted Secrets and its service-account token. Both `create` and `get` count, because the streaming connection starts as a GET upgraded to a websocket. `pods/portforward` reaches any port of the pod, bypassing Services and NetworkPolicies (reported as info).\n\nA RoleBinding or ClusterRoleBinding is judged through the role it refers to when that role is in view (the same file; the workspace once it is indexed): the finding on `roleRef.name` names who receives the access, and is an error when a subject is a namespace\'s `default` ServiceAccount or a group such as `system:authenticated`, one step more severe when a workload runs as a subject. This is how a binding to a role that is itself exempt by name (`system:*`) but grants exec is still caught. Bindings Kubernetes or the platform manages (`system:*`, `cluster-admin`, GKE\'s `gce:podsecuritypolicy:calico-sa`) and the roles exempt by name are not judged; a role bound only by such bindings still is, since its content is the manifest author\'s.',
  remediation: 'Remove the `pods/exec` and `pods/attach` subresources from the role. For debugging, grant it temporarily to named people through a separate role, or use ephemeral debug containers under review.',
  equivalents: {
    polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach', 'clusterrolebindingPodExecAttach', 'rolebindingRolePodExecAttach', 'rolebindingClusterRolePodExecAttach'],
    trivy: ['KSV-0053', 'KSV-0054'], checkov: ['CKV2_K8S_2'], kubescape: ['C-0002', 'C-0063'], nsa: ['C-0002'],
  },
  profiles: ['nsa'],
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: {{consequence}}.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]',
    valid: 'rules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get", "list"]',
  },
  throughBindings: {
    message: '{{binding}} gives {{subjects}} {{role}}, whose {{entry}} grants {{verbs}} on {{resources}}: {{consequence}}.{{narrowed}}{{reach}}',
  },
  inspect: permissionInspector([
    {
      resources: targets([''], 'pods/exec', 'pods/attach'), verbs: ['create', 'get'], severity: 'warning',
      consequence: 'its holder can run commands in, or take over the terminal of, any container in scope',
    },
    {
      resources: targets([''], 'pods/portforward'), verbs: ['create', 'get'], severity: 'info',
      consequence: 'its holder can reach any port of any pod in scope, bypassing Services and NetworkPolicies',
    },
  ]),
});
