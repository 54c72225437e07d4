import { parseInteger } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

interface Options {
  /** The lowest acceptable event rate (events per second); 0 means unlimited and is always acceptable. */
  minimum: number;
}

export default componentSettingRule<never, Options>({
  meta: {
    id: 'k8s/kubelet-event-qps',
    severity: 'info',
    title: 'The kubelet must not throttle events below a useful rate',
    rationale: 'Events (image pulls, probe failures, OOM kills, evictions) are evidence during an investigation. `eventRecordQPS` limits how many the kubelet sends per second (default 50; `0` means no limit); events over the limit are dropped. The CIS Benchmark asks for a level that captures events; this rule reports explicit values below the configured minimum (by default only negative values, which are invalid).',
    remediation: 'Keep the default, or choose a rate your API server can take:\n\n```yaml\neventRecordQPS: 50\n```',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.8', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubelet configuration (eventRecordQPS)', url: 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/' },
    ],
    equivalents: { cis: ['4.2.8'], checkov: ['CKV_K8S_147'], trivy: ['KCV-0087'] },
    profiles: ['cis'],
    fix: 'none',
    options: {
      schema: {
        type: 'object',
        properties: { minimum: { type: 'integer', minimum: 0, description: 'Lowest acceptable event rate; 0 (unlimited) always passes.' } },
        additionalProperties: false,
      },
      defaults: { minimum: 0 },
    },
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\neventRecordQPS: -1',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\neventRecordQPS: 50',
    },
  },
  flags: (o) => [{
    components: ['kubelet'],
    flag: 'event-qps',
    isSecure: (v) => { const n = parseInteger(v); return n === undefined || n === 0 || n >= o.minimum; },
    risk: 'events above that rate are dropped and missing from investigations',
  }],
  fields: (o) => [{
    kind: 'KubeletConfiguration',
    path: ['eventRecordQPS'],
    isSecure: (v) => { const n = parseInteger(v); return n === undefined || n === 0 || n >= o.minimum; },
    risk: 'events above that rate are dropped and missing from investigations',
  }],
});
