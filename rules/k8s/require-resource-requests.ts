import { describeContainer, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { missingFieldAnchor, resourcesOf, sizedContainers } from '../core/workloads.js';

export default k8sRule<'missing'>({
  meta: {
    id: 'k8s/require-resource-requests',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'warning',
    title: 'Containers should request CPU and memory',
    rationale: 'The scheduler places pods by their requests. A container without requests counts as needing nothing: nodes get overcommitted, the pod runs in the `BestEffort` QoS class and is the first to be evicted under memory pressure, and autoscalers have nothing to compute utilisation from. (A limit without a request also sets the request, so it counts.)',
    remediation: 'Request what the container needs in normal operation:\n\n```yaml\nresources:\n  requests:\n    cpu: 100m\n    memory: 128Mi\n```',
    references: [{ title: 'Kubernetes: Resource management for pods and containers', url: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/' }],
    equivalents: {
      'kube-linter': ['unset-cpu-requirements', 'unset-memory-requirements'], polaris: ['cpuRequestsMissing', 'memoryRequestsMissing'],
      'kube-score': ['container-resources'], checkov: ['CKV_K8S_10', 'CKV_K8S_12'], trivy: ['KSV-0015', 'KSV-0016'],
      kubescape: ['C-0004', 'C-0050'],
    },
    fix: 'none',
    messages: { missing: '{{resource}}, {{container}} has no {{what}}, so the scheduler assumes it needs none.' },
    examples: {
      invalid: 'containers:\n  - name: app\n    image: shop:1.4',
      valid: 'containers:\n  - name: app\n    image: shop:1.4\n    resources:\n      requests: {cpu: 100m, memory: 128Mi}',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of sizedContainers(pod)) {
      const r = resourcesOf(c);
      if (r.opaque) continue;
      // the API defaults a missing request to the limit
      const missing = ['cpu', 'memory'].filter((k) => !r.requests.has(k) && !r.limits.has(k));
      if (!missing.length) continue;
      ctx.report({
        messageId: 'missing',
        data: { resource: ctx.object.resource, container: describeContainer(c), what: missing.map((k) => `${k === 'cpu' ? 'CPU' : 'memory'} request`).join(' and no ') },
        span: ctx.doc.span(missingFieldAnchor(c, ['resources', 'requests'])),
        missing: true,
      });
    }
  },
});
