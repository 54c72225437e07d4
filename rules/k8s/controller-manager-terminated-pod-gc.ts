import { parseInteger } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

interface Options {
  /** The value the fix writes. */
  threshold: number;
}

export default componentSettingRule<never, Options>({
  meta: {
    id: 'k8s/controller-manager-terminated-pod-gc',
    severity: 'info',
    title: 'kube-controller-manager must garbage-collect terminated pods at a chosen threshold',
    rationale: 'Terminated pods (completed Jobs, evicted and failed pods) stay in etcd until the pod garbage collector removes them, and by default it only starts at 12,500 of them. Until then they take etcd space, slow down list calls and keep references to Secrets and ServiceAccounts. A value of `0` or less turns the collector off.',
    remediation: 'Set a threshold that fits your workload (the fix writes the rule option `threshold`, default 1000; the CIS Benchmark\'s example is 10):\n\n```yaml\n    - --terminated-pod-gc-threshold=1000\n```\n\nLogs of collected pods are gone with them: ship logs off the cluster first.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.3.1', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: garbage collection of terminated pods', url: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-garbage-collection' },
    ],
    equivalents: { cis: ['1.3.1'], checkov: ['CKV_K8S_106'], trivy: ['KCV-0033'] },
    profiles: ['cis'],
    fix: 'suggestion',
    options: {
      schema: {
        type: 'object',
        properties: { threshold: { type: 'integer', minimum: 1, description: 'Value written by the fix.' } },
        additionalProperties: false,
      },
      defaults: { threshold: 1000 },
    },
    examples: {
      invalid: 'command:\n- kube-controller-manager\n- --kubeconfig=/etc/kubernetes/controller-manager.conf',
      valid: 'command:\n- kube-controller-manager\n- --kubeconfig=/etc/kubernetes/controller-manager.conf\n- --terminated-pod-gc-threshold=1000',
    },
  },
  flags: (o) => [{
    components: ['kube-controller-manager'],
    flag: 'terminated-pod-gc-threshold',
    default: '12500',
    required: true,
    isSecure: (v) => (parseInteger(v) ?? 0) > 0,
    fix: { value: String(o.threshold) },
    risk: 'terminated pods pile up in etcd (a value of 0 or less turns the collector off)',
  }],
});
