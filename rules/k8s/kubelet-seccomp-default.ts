import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

const on = (v: string): boolean => parseBool(v) === true;

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-seccomp-default',
    severity: 'info',
    title: 'The kubelet should apply the RuntimeDefault seccomp profile to every pod that sets none',
    rationale: 'Without a seccomp profile a container can call every system call the kernel offers, including the rarely used ones most kernel exploits go through. `seccompDefault: true` makes the container runtime\'s default profile apply to every pod that does not choose one, so workloads that forget `seccompProfile` are still filtered. It defaults to `false`.',
    remediation: 'In the KubeletConfiguration:\n\n```yaml\nseccompDefault: true\n```\n\nA few workloads (debuggers, some legacy software) need system calls the default profile blocks; give them an explicit `seccompProfile`.',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.14', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: enable the default seccomp profile', url: 'https://kubernetes.io/docs/tutorials/security/seccomp/#enable-the-use-of-runtimedefault-as-the-default-seccomp-profile-for-all-workloads' },
    ],
    equivalents: { cis: ['4.2.14'] },
    profiles: ['cis'],
    fix: 'suggestion',
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nseccompDefault: false',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nseccompDefault: true',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'seccomp-default',
    default: 'false',
    isSecure: on,
    configFileSetting: true,
    fix: { value: 'true' },
    risk: 'pods without a seccomp profile can use every system call',
  }],
  fields: [{
    kind: 'KubeletConfiguration',
    path: ['seccompDefault'],
    default: false,
    isSecure: on,
    fix: { value: 'true' },
    risk: 'pods without a seccomp profile can use every system call',
  }],
});
