import { hostNamespaceRule } from '../templates/host-namespace.js';

export default hostNamespaceRule({
  id: 'k8s/no-host-ipc',
  field: 'hostIPC',
  what: 'IPC namespace',
  rationale: 'With `hostIPC: true` the pod shares System V IPC and POSIX message queues and shared memory with every process on the node. It can read and corrupt the shared memory segments of other workloads and of node daemons, which leaks data and can crash or take over those processes.',
  equivalents: {
    pss: ['hostNamespaces'], cis: ['5.2.4'], nsa: ['C-0038'],
    'kube-linter': ['host-ipc'], polaris: ['hostIPCSet'], checkov: ['CKV_K8S_18', 'CKV_K8S_3 (PSP)'], trivy: ['KSV-0008'],
    kubescape: ['C-0038'],
  },
});
