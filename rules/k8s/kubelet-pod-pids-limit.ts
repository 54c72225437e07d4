import { parseInteger } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

const limited = (v: string): boolean => (parseInteger(v) ?? 0) > 0;

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-pod-pids-limit',
    severity: 'info',
    title: 'The kubelet must limit the number of processes per pod',
    rationale: 'Process IDs are a node-wide resource. Without `podPidsLimit` (default `-1`, unlimited) one pod running a fork bomb, or a leaking process supervisor, exhausts the node\'s PIDs and every other pod and the kubelet itself fail to start processes.',
    remediation: 'Choose a limit above what your largest pod needs:\n\n```yaml\npodPidsLimit: 4096\n```\n\nThe right value depends on the workloads, so there is no automatic fix.',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.13', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: process ID limits and reservations', url: 'https://kubernetes.io/docs/concepts/policy/pid-limiting/' },
    ],
    equivalents: { cis: ['4.2.13'] },
    profiles: ['cis'],
    fix: 'none',
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\npodPidsLimit: -1',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\npodPidsLimit: 4096',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'pod-max-pids',
    default: '-1',
    isSecure: limited,
    configFileSetting: true,
    risk: 'one pod can exhaust the node\'s process IDs',
  }],
  fields: [{
    kind: 'KubeletConfiguration',
    path: ['podPidsLimit'],
    default: -1,
    isSecure: limited,
    risk: 'one pod can exhaust the node\'s process IDs',
  }],
});
