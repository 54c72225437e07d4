import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

const notOff = (v: string): boolean => parseBool(v) !== false;

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-rotate-certificates',
    severity: 'warning',
    title: 'The kubelet must renew its client certificate before it expires',
    rationale: 'The kubelet authenticates to the API server with a client certificate. With `rotateCertificates` it requests a new one through the API as the current one nears expiry; turned off, the certificate is either long-lived (a stolen one stays valid) or expires and takes the node out of the cluster. kubeadm turns rotation on; this rule reports an explicit `false`.',
    remediation: 'Remove the setting or set it to `true`:\n\n```yaml\nrotateCertificates: true\n```',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.10', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: certificate rotation', url: 'https://kubernetes.io/docs/tasks/tls/certificate-rotation/' },
    ],
    equivalents: { cis: ['4.2.10'], checkov: ['CKV_K8S_149'], trivy: ['KCV-0090'] },
    profiles: ['cis'],
    fix: 'suggestion',
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nrotateCertificates: false',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nrotateCertificates: true',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'rotate-certificates',
    isSecure: notOff,
    fix: { value: 'true' },
    risk: 'the kubelet client certificate is never renewed',
  }],
  fields: [{
    kind: 'KubeletConfiguration',
    path: ['rotateCertificates'],
    isSecure: notOff,
    fix: { value: 'true' },
    risk: 'the kubelet client certificate is never renewed',
  }],
});
