import { hostNamespaceRule } from '../templates/host-namespace.js';

export default hostNamespaceRule({
  id: 'k8s/no-host-network',
  field: 'hostNetwork',
  what: 'network namespace',
  rationale: 'With `hostNetwork: true` the pod uses the node\'s network stack: it can bind any port on the node\'s interfaces, reach services listening on localhost (the kubelet\'s read-only port, cloud metadata endpoints, local databases), sniff traffic when it has `NET_RAW`, and bypass every NetworkPolicy. Each `containerPort` also becomes a host port.',
  equivalents: {
    pss: ['hostNamespaces'], cis: ['5.2.5'], nsa: ['C-0041'],
    'kube-linter': ['host-network'], polaris: ['hostNetworkSet'], checkov: ['CKV_K8S_19', 'CKV_K8S_4 (PSP)'], trivy: ['KSV-0009'],
    kubescape: ['C-0041'],
  },
});
