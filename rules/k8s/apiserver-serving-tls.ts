import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/apiserver-serving-tls',
    severity: 'warning',
    title: 'kube-apiserver must serve with its own certificate and verify client certificates',
    rationale: 'Without `--tls-cert-file` and `--tls-private-key-file` kube-apiserver generates a self-signed certificate at start-up: clients cannot verify it and learn to skip verification, which makes man-in-the-middle attacks on the API trivial. Without `--client-ca-file` no client certificate is accepted, so the control-plane components, kubelets and administrators that authenticate with certificates cannot be verified.',
    remediation: 'Give the API server a certificate signed by the cluster CA and the CA that signs client certificates (kubeadm\'s defaults):\n\n```yaml\n    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt\n    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key\n    - --client-ca-file=/etc/kubernetes/pki/ca.crt\n```',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.24, 1.2.25', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: PKI certificates and requirements', url: 'https://kubernetes.io/docs/setup/best-practices/certificates/' },
    ],
    equivalents: { cis: ['1.2.24', '1.2.25'], checkov: ['CKV_K8S_100'], trivy: ['KCV-0027', 'KCV-0028'] },
    profiles: ['cis'],
    fix: 'none',
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --secure-port=6443',
      valid: 'command:\n- kube-apiserver\n- --tls-cert-file=/etc/kubernetes/pki/apiserver.crt\n- --tls-private-key-file=/etc/kubernetes/pki/apiserver.key\n- --client-ca-file=/etc/kubernetes/pki/ca.crt',
    },
  },
  flags: [
    { components: ['kube-apiserver'], flag: 'tls-cert-file', required: true, risk: 'the API server serves a self-signed certificate that clients cannot verify' },
    { components: ['kube-apiserver'], flag: 'tls-private-key-file', required: true, risk: 'the API server serves a self-signed certificate that clients cannot verify' },
    { components: ['kube-apiserver'], flag: 'client-ca-file', required: true, risk: 'client certificates cannot be verified, so certificate authentication does not work' },
  ],
});
