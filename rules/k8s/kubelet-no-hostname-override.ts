import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-no-hostname-override',
    severity: 'info',
    title: 'The kubelet should register under the node\'s own hostname',
    rationale: '`--hostname-override` makes the kubelet register a Node name that differs from the machine\'s hostname. The name in the kubelet\'s serving certificate and the name the API server uses to reach it then disagree, which breaks TLS verification between them (and pushes people to turn it off). It is a flag-only setting.',
    remediation: 'Remove `--hostname-override` and set the machine\'s hostname instead. Some cloud providers need the override; keep it there with a suppression and a reason.',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.7', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'kubelet flags', url: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/' },
    ],
    equivalents: { cis: ['4.2.7'], checkov: ['CKV_K8S_146'], trivy: ['KCV-0086'] },
    profiles: ['cis'],
    fix: 'suggestion',
    examples: {
      invalid: 'nodeRegistration:\n  kubeletExtraArgs:\n    hostname-override: worker-1',
      valid: 'nodeRegistration:\n  kubeletExtraArgs:\n    node-ip: 10.0.0.21',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'hostname-override',
    isSecure: () => false,
    fix: 'remove',
    risk: 'the Node name differs from the host name in the kubelet\'s certificate, which breaks TLS verification',
  }],
});
