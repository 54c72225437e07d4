import { describeContainer, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { missingFieldAnchor, resourcesOf, sizedContainers } from '../core/workloads.js';

export default k8sRule<'missing'>({
  meta: {
    id: 'k8s/require-ephemeral-storage',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    enabledByDefault: false,
    title: 'Containers should request and limit ephemeral storage',
    rationale: 'Container logs, writable layers and `emptyDir` volumes use the node\'s disk. Without an `ephemeral-storage` request the scheduler ignores that usage; without a limit one container can fill the disk and get every pod on the node evicted.',
    remediation: '```yaml\nresources:\n  requests:\n    ephemeral-storage: 256Mi\n  limits:\n    ephemeral-storage: 1Gi\n```',
    references: [{ title: 'Kubernetes: Local ephemeral storage', url: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage' }],
    equivalents: { 'kube-score': ['container-ephemeral-storage-request-and-limit'] },
    fix: 'none',
    messages: { missing: '{{resource}}, {{container}} has no ephemeral-storage {{what}}.' },
    examples: {
      invalid: 'resources:\n  limits: {memory: 256Mi}',
      valid: 'resources:\n  requests: {ephemeral-storage: 256Mi}\n  limits: {ephemeral-storage: 1Gi}',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of sizedContainers(pod)) {
      const r = resourcesOf(c);
      if (r.opaque) continue;
      const limit = r.limits.has('ephemeral-storage');
      const request = limit || r.requests.has('ephemeral-storage');
      if (request && limit) continue;
      ctx.report({
        messageId: 'missing',
        data: { resource: ctx.object.resource, container: describeContainer(c), what: !request ? 'request or limit' : 'limit' },
        span: ctx.doc.span(missingFieldAnchor(c, ['resources', request ? 'limits' : 'requests'])),
        missing: true,
      });
    }
  },
});
