import { requiredProbeRule } from '../templates/required-probe.js';

export default requiredProbeRule({
  id: 'k8s/require-readiness-probe',
  probe: 'readinessProbe',
  severity: 'info',
  title: 'Long-running containers should have a readiness probe',
  rationale: 'Without a readiness probe a pod receives traffic as soon as its containers start, before the application can answer, and keeps receiving it while it is overloaded or shutting down. Rolling updates then drop requests, and a broken new version replaces the old one without anything noticing.',
  remediation: 'Add a readiness check that reflects whether the container can serve:\n\n```yaml\nreadinessProbe:\n  httpGet:\n    path: /ready\n    port: http\n  periodSeconds: 5\n```',
  equivalents: { 'kube-linter': ['no-readiness-probe'], polaris: ['readinessProbeMissing'], checkov: ['CKV_K8S_9'], 'kube-score': ['pod-probes'], kubescape: ['C-0018'] },
  consequence: 'it gets traffic before it can serve and during rollouts',
});
