import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

const on = (v: string): boolean => parseBool(v) === true;

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-protect-kernel-defaults',
    severity: 'info',
    title: 'The kubelet should refuse to run on kernel settings that differ from its expectations',
    rationale: 'The kubelet tunes a few kernel parameters (`vm.overcommit_memory`, `kernel.panic`, `kernel.panic_on_oops`…) it relies on. With `protectKernelDefaults: true` it fails to start when the node\'s values differ instead of silently changing them, so a hardened sysctl baseline is enforced rather than overwritten. The item was dropped from CIS Benchmark v1.12 but is still checked by other tools; it defaults to `false`.',
    remediation: 'Set the kernel parameters the kubelet expects in the node image, then:\n\n```yaml\nprotectKernelDefaults: true\n```\n\nA node whose sysctls differ will not start its kubelet, so apply it with the node image change.',
    references: [
      { title: 'Kubelet configuration (protectKernelDefaults)', url: 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/' },
    ],
    equivalents: { checkov: ['CKV_K8S_144'], trivy: ['KCV-0083'] },
    fix: 'suggestion',
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nprotectKernelDefaults: false',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nprotectKernelDefaults: true',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'protect-kernel-defaults',
    default: 'false',
    isSecure: on,
    configFileSetting: true,
    fix: { value: 'true' },
    risk: 'the kubelet overrides kernel settings instead of enforcing the node\'s baseline',
  }],
  fields: [{
    kind: 'KubeletConfiguration',
    path: ['protectKernelDefaults'],
    default: false,
    isSecure: on,
    fix: { value: 'true' },
    risk: 'the kubelet overrides kernel settings instead of enforcing the node\'s baseline',
  }],
});
