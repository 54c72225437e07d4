import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/apiserver-kubelet-tls',
    severity: 'warning',
    title: 'kube-apiserver must authenticate to kubelets and verify their certificates',
    rationale: 'kube-apiserver calls every kubelet for `kubectl exec`, `logs`, `port-forward` and metrics. Without `--kubelet-client-certificate` and `--kubelet-client-key` it cannot prove who it is, so kubelets would have to accept unauthenticated calls. Without `--kubelet-certificate-authority` it does not verify the kubelet\'s serving certificate: anyone who can sit between the control plane and a node (or take over a node\'s address) can impersonate the kubelet, read exec sessions and inject output. kubeadm sets the client certificate but not the certificate authority.',
    remediation: 'Point the API server at its kubelet client certificate and at the CA that signs kubelet serving certificates:\n\n```yaml\n    - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt\n    - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key\n    - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt\n```\n\nVerifying kubelets needs kubelet serving certificates signed by that CA (`serverTLSBootstrap: true` and CSR approval); the default self-signed kubelet certificates would fail verification, so there is no automatic fix.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.4, 1.2.5', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: control plane to node communication', url: 'https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/#api-server-to-kubelet' },
    ],
    equivalents: {
      cis: ['1.2.4', '1.2.5'],
      checkov: ['CKV_K8S_72', 'CKV_K8S_73', 'CKV_K8S_71'], trivy: ['KCV-0005', 'KCV-0006', 'KCV-0004'],
    },
    profiles: ['cis'],
    fix: 'none',
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt\n- --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
      valid: 'command:\n- kube-apiserver\n- --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt\n- --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key\n- --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt',
    },
  },
  flags: [
    {
      components: ['kube-apiserver'],
      flag: 'kubelet-client-certificate',
      required: true,
      risk: 'the API server cannot authenticate to kubelets',
    },
    {
      components: ['kube-apiserver'],
      flag: 'kubelet-client-key',
      required: true,
      risk: 'the API server cannot authenticate to kubelets',
    },
    {
      components: ['kube-apiserver'],
      flag: 'kubelet-certificate-authority',
      required: true,
      reportMissingInKubeadm: true,
      risk: 'kubelet serving certificates are not verified, so a node can be impersonated for exec, logs and port-forward',
    },
    {
      components: ['kube-apiserver'],
      flag: 'kubelet-https',
      isSecure: (v) => parseBool(v) !== false,
      risk: 'the API server talks to kubelets over plain HTTP (the flag was removed in Kubernetes 1.22)',
    },
  ],
});
