import { requiredProbeRule } from '../templates/required-probe.js';

export default requiredProbeRule({
  id: 'k8s/require-liveness-probe',
  probe: 'livenessProbe',
  severity: 'info',
  title: 'Long-running containers should have a liveness probe',
  rationale: 'Without a liveness probe the kubelet only restarts a container whose process exits. A deadlocked or wedged process that keeps running stays in service forever. The probe should check the process itself, not its dependencies, or an outage of a database restarts every pod at once.',
  remediation: 'Add a cheap liveness check:\n\n```yaml\nlivenessProbe:\n  httpGet:\n    path: /healthz\n    port: http\n  periodSeconds: 10\n  failureThreshold: 3\n```',
  equivalents: { 'kube-linter': ['no-liveness-probe'], polaris: ['livenessProbeMissing'], checkov: ['CKV_K8S_8'], 'kube-score': ['pod-probes'], kubescape: ['C-0056'] },
  consequence: 'a hung process is never restarted',
});
