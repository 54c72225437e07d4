import { parseDuration } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

interface Options {
  /** The longest acceptable `--request-timeout`, in seconds. */
  maxSeconds: number;
}

export default componentSettingRule<never, Options>({
  meta: {
    id: 'k8s/apiserver-request-timeout',
    severity: 'info',
    title: 'kube-apiserver request timeout must stay bounded',
    rationale: '`--request-timeout` (default `60s`) bounds how long the API server works on one non-watch request. A very long timeout lets slow or deliberately stalled requests pile up and hold connections and memory, which makes the API server easier to exhaust. Raise it only as far as large list calls need; this rule reports values above the configured maximum (default 300 seconds) and values that do not parse as a duration, which the API server rejects at start.',
    remediation: 'Keep the default or set a moderate value:\n\n```yaml\n    - --request-timeout=300s\n```',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.20', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'kube-apiserver flags', url: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/' },
    ],
    equivalents: { cis: ['1.2.20'], checkov: ['CKV_K8S_95'] },
    profiles: ['cis'],
    fix: 'none',
    options: {
      schema: {
        type: 'object',
        properties: { maxSeconds: { type: 'integer', minimum: 1, description: 'Longest acceptable --request-timeout in seconds.' } },
        additionalProperties: false,
      },
      defaults: { maxSeconds: 300 },
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --request-timeout=2h',
      valid: 'command:\n- kube-apiserver\n- --request-timeout=300s',
    },
  },
  flags: (o) => [{
    components: ['kube-apiserver'],
    flag: 'request-timeout',
    isSecure: (v) => {
      const s = parseDuration(v);
      return s !== undefined && s > 0 && s <= o.maxSeconds;
    },
    risk: `requests may run longer than ${o.maxSeconds} seconds (or the value is not a valid duration), so stalled requests can pile up`,
  }],
});
