import { parseInteger } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

const closed = (v: string): boolean => parseInteger(v) === 0;

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-no-read-only-port',
    severity: 'warning',
    title: 'The kubelet read-only port must be closed',
    rationale: 'The read-only port (10255) serves the kubelet\'s pod list, specs and metrics over plain HTTP with **no authentication or authorization**: environment variables, images, volumes and node details of every pod on the node, for anyone who can reach it. The kubelet *flag* defaults to 10255; the KubeletConfiguration file defaults to `0` (closed).',
    remediation: 'In the KubeletConfiguration:\n\n```yaml\nreadOnlyPort: 0\n```\n\nor `--read-only-port=0`. Monitoring agents that used it should read the authenticated port 10250.',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.4', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubelet configuration (readOnlyPort)', url: 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/' },
    ],
    equivalents: { cis: ['4.2.4'], checkov: ['CKV_K8S_141'], trivy: ['KCV-0082'] },
    profiles: ['cis'],
    fix: 'suggestion',
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'read-only-port',
    default: '10255',
    isSecure: closed,
    configFileSetting: true,
    fix: { value: '0' },
    risk: 'pod specs and node details are served without authentication',
  }],
  fields: [{
    kind: 'KubeletConfiguration',
    path: ['readOnlyPort'],
    default: 0,
    isSecure: closed,
    fix: { value: '0' },
    risk: 'pod specs and node details are served without authentication',
  }],
});
