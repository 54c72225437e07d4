import { parseDuration } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

/** Zero turns the timeout off; an unparsable value is left to the kubelet to reject. */
const bounded = (v: string): boolean => parseDuration(v) !== 0;

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-streaming-idle-timeout',
    severity: 'info',
    title: 'Idle exec, attach and port-forward streams must time out',
    rationale: 'Streaming connections (`kubectl exec`, `attach`, `port-forward`) stay open until they are idle for `streamingConnectionIdleTimeout` (default 4 hours). Setting it to `0` keeps idle sessions open forever: forgotten shells stay usable by whoever gets hold of the terminal, and open connections accumulate on the node.\n\nOnly the command-line flag can do that: in a KubeletConfiguration file a zero duration means *unset* and the kubelet replaces it with the 4-hour default (kubeadm writes `streamingConnectionIdleTimeout: 0s` for that reason), so the file form is not reported.',
    remediation: 'Remove the flag or give it a bounded value:\n\n```yaml\n    - --streaming-connection-idle-timeout=5m\n```\n\nIn a KubeletConfiguration, `streamingConnectionIdleTimeout: 5m` sets a shorter bound than the 4-hour default.',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.5', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubelet configuration (streamingConnectionIdleTimeout)', url: 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/' },
    ],
    equivalents: { cis: ['4.2.5'], checkov: ['CKV_K8S_143'], trivy: ['KCV-0085'] },
    profiles: ['cis'],
    fix: 'suggestion',
    examples: {
      invalid: 'command:\n- kubelet\n- --streaming-connection-idle-timeout=0',
      valid: 'command:\n- kubelet\n- --streaming-connection-idle-timeout=5m',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'streaming-connection-idle-timeout',
    default: '4h0m0s',
    isSecure: bounded,
    configFileSetting: true,
    fix: { value: '5m' },
    risk: 'idle exec, attach and port-forward sessions never time out',
  }],
});
