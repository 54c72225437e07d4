import { hostOf, isLoopback, portOf } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

/** `127.0.0.1:<port>`, keeping the port that was configured. */
const localMetrics = (current: string | undefined): string => `127.0.0.1:${(current && portOf(current)) ?? '10249'}`;

export default componentSettingRule({
  meta: {
    id: 'k8s/control-plane-bind-localhost',
    severity: 'warning',
    title: 'kube-controller-manager, kube-scheduler and kube-proxy metrics must listen on localhost only',
    rationale: 'kube-controller-manager and kube-scheduler serve health, metrics and debugging endpoints on `--bind-address`, which defaults to every interface (`0.0.0.0`). Nothing outside the control-plane node needs them, and exposing them lets anyone on the network probe the components and, with the right credentials or a misconfigured authorization, read their metrics and profiles. kube-proxy\'s metrics endpoint has no authentication at all; it defaults to `127.0.0.1:10249` and must stay there.',
    remediation: 'Bind to the loopback interface (kubeadm\'s defaults):\n\n```yaml\n    - --bind-address=127.0.0.1\n```\n\nand in the KubeProxyConfiguration keep `metricsBindAddress: 127.0.0.1:10249`. Scrape metrics through the API server or a local agent instead of exposing the ports.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.3.7, 1.4.2, 4.3.1', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'kube-proxy configuration (metricsBindAddress)', url: 'https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/' },
    ],
    equivalents: { cis: ['1.3.7', '1.4.2', '4.3.1'], checkov: ['CKV_K8S_113', 'CKV_K8S_115'], trivy: ['KCV-0039', 'KCV-0041'] },
    profiles: ['cis'],
    fix: 'suggestion',
    examples: {
      invalid: 'command:\n- kube-scheduler\n- --bind-address=0.0.0.0',
      valid: 'command:\n- kube-scheduler\n- --bind-address=127.0.0.1',
    },
  },
  flags: [
    {
      components: ['kube-controller-manager', 'kube-scheduler'],
      flag: 'bind-address',
      default: '0.0.0.0',
      isSecure: (v) => isLoopback(hostOf(v)),
      fix: { value: '127.0.0.1' },
      risk: 'its health, metrics and debugging endpoints are reachable from the network',
    },
    {
      components: ['kube-proxy'],
      flag: 'metrics-bind-address',
      default: '127.0.0.1:10249',
      isSecure: (v) => v.trim() === '' || isLoopback(hostOf(v)),
      fix: { value: localMetrics },
      risk: 'the unauthenticated metrics endpoint is reachable from the network',
    },
  ],
  fields: [{
    kind: 'KubeProxyConfiguration',
    path: ['metricsBindAddress'],
    default: '127.0.0.1:10249',
    isSecure: (v) => v.trim() === '' || isLoopback(hostOf(v)),
    fix: { value: localMetrics },
    risk: 'the unauthenticated metrics endpoint is reachable from the network',
  }],
});
