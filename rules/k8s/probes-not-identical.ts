import { describeContainer, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { longRunningContainers } from '../core/workloads.js';
import { isMap, pairOf, type Node } from '../core/yaml-model.js';

/** A probe as plain data for comparison (key order does not matter). */
function canonical(node: Node): string {
  return JSON.stringify(node.toJSON(), (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}

export default k8sRule<'identical'>({
  meta: {
    id: 'k8s/probes-not-identical',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    title: 'Liveness and readiness probes should differ',
    rationale: 'Readiness answers "can I take traffic now?", liveness "am I beyond repair?". When both are the same check with the same timing, a container that is only temporarily busy fails both at once and is restarted instead of being taken out of rotation, which turns load spikes into restart cascades.',
    remediation: 'Make liveness cheaper and more tolerant than readiness, for example a different endpoint and a higher `failureThreshold`:\n\n```yaml\nlivenessProbe:\n  httpGet: {path: /livez, port: http}\n  failureThreshold: 6\nreadinessProbe:\n  httpGet: {path: /readyz, port: http}\n```',
    references: [{ title: 'Kubernetes: Configure liveness, readiness and startup probes', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/' }],
    equivalents: { 'kube-score': ['pod-probes-identical'] },
    fix: 'none',
    messages: { identical: '{{resource}}, {{container}} has identical liveness and readiness probes: a busy container is restarted instead of taken out of rotation.' },
    examples: {
      invalid: 'livenessProbe:\n  httpGet: {path: /healthz, port: http}\nreadinessProbe:\n  httpGet: {path: /healthz, port: http}',
      valid: 'livenessProbe:\n  httpGet: {path: /livez, port: http}\n  failureThreshold: 6\nreadinessProbe:\n  httpGet: {path: /readyz, port: http}',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of longRunningContainers(pod)) {
      const liveness = pairOf(c.node, 'livenessProbe');
      const readiness = pairOf(c.node, 'readinessProbe');
      if (!liveness || !readiness || !isMap(liveness.value) || !isMap(readiness.value)) continue;
      if (canonical(liveness.value as Node) !== canonical(readiness.value as Node)) continue;
      ctx.report({
        messageId: 'identical',
        data: { resource: ctx.object.resource, container: describeContainer(c) },
        span: ctx.doc.span(liveness.key),
        related: [{ span: ctx.doc.span(readiness.key), message: 'the same probe' }],
      });
    }
  },
});
