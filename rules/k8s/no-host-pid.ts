import { hostNamespaceRule } from '../templates/host-namespace.js';

export default hostNamespaceRule({
  id: 'k8s/no-host-pid',
  field: 'hostPID',
  what: 'process namespace',
  rationale: 'With `hostPID: true` the pod sees every process on the node: it can read their environment and command lines (secrets of other pods), attach to them with ptrace when it has the capability, and signal them. Combined with privileges it is a direct route to the node.',
  equivalents: {
    pss: ['hostNamespaces'], cis: ['5.2.3'], nsa: ['C-0038'],
    'kube-linter': ['host-pid'], polaris: ['hostPIDSet'], checkov: ['CKV_K8S_17', 'CKV_K8S_1 (PSP)'], trivy: ['KSV-0010'],
  },
});
