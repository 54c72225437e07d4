import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

const notOff = (v: string): boolean => parseBool(v) !== false;

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-iptables-util-chains',
    severity: 'info',
    title: 'The kubelet must manage its iptables utility chains',
    rationale: 'With `makeIPTablesUtilChains` (default `true`) the kubelet keeps the iptables chains that drop packets marked for dropping and masquerade traffic consistent with the pod network. Turning it off leaves those rules to whatever else edits iptables on the node, and drift between them and the pods\' networking can open or break traffic paths unnoticed.',
    remediation: 'Remove the setting or set it to `true`:\n\n```yaml\nmakeIPTablesUtilChains: true\n```',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.6', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubelet configuration (makeIPTablesUtilChains)', url: 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/' },
    ],
    equivalents: { cis: ['4.2.6'], checkov: ['CKV_K8S_145'], trivy: ['KCV-0084'] },
    profiles: ['cis'],
    fix: 'suggestion',
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmakeIPTablesUtilChains: false',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmakeIPTablesUtilChains: true',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'make-iptables-util-chains',
    default: 'true',
    isSecure: notOff,
    fix: { value: 'true' },
    risk: 'the kubelet no longer keeps its iptables chains consistent with the pod network',
  }],
  fields: [{
    kind: 'KubeletConfiguration',
    path: ['makeIPTablesUtilChains'],
    default: true,
    isSecure: notOff,
    fix: { value: 'true' },
    risk: 'the kubelet no longer keeps its iptables chains consistent with the pod network',
  }],
});
