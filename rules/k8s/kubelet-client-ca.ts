import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-client-ca',
    severity: 'warning',
    title: 'The kubelet must verify client certificates against the cluster CA',
    rationale: 'The API server authenticates to the kubelet with a client certificate. Without a client CA (`authentication.x509.clientCAFile`, flag `--client-ca-file`) the kubelet cannot verify any certificate, so certificate authentication of the API server does not work and the kubelet has to rely on weaker means (or on anonymous access).',
    remediation: 'In the KubeletConfiguration (kubeadm\'s default):\n\n```yaml\nauthentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n```\n\nThe CA path depends on the node\'s PKI, so there is no automatic fix.',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.3', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: kubelet authentication', url: 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authentication' },
    ],
    equivalents: { cis: ['4.2.3'], nsa: ['kubelet hardening'], kubescape: ['C-0070'], checkov: ['CKV_K8S_140'], trivy: ['KCV-0081'] },
    profiles: ['cis', 'nsa'],
    fix: 'none',
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  webhook:\n    enabled: true',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'client-ca-file',
    required: true,
    configFileSetting: true,
    risk: 'client certificates, including the API server\'s, cannot be verified',
  }],
  fields: [{
    kind: 'KubeletConfiguration',
    path: ['authentication', 'x509', 'clientCAFile'],
    required: true,
    risk: 'client certificates, including the API server\'s, cannot be verified',
  }],
});
