import { describeContainer, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { parseQuantity, sameQuantity } from '../core/quantity.js';
import { resourcesOf, sizedContainers } from '../core/workloads.js';
import { isTemplated, stringOf, type Node } from '../core/yaml-model.js';

const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'] as const;

export default k8sRule<'differ'>({
  meta: {
    id: 'k8s/requests-equal-limits',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    enabledByDefault: false,
    title: 'Requests should equal limits',
    rationale: 'When every container\'s requests equal its limits, the pod is in the `Guaranteed` QoS class: it is the last to be evicted, gets exclusive CPUs with the static CPU manager, and never relies on capacity the node may not have when every neighbour bursts at once.',
    remediation: 'Set requests and limits to the same values:\n\n```yaml\nresources:\n  requests: {cpu: 500m, memory: 256Mi}\n  limits: {cpu: 500m, memory: 256Mi}\n```',
    references: [{ title: 'Kubernetes: Pod Quality of Service classes', url: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/' }],
    equivalents: {
      'kube-score': [
        'container-resource-requests-equal-limits', 'container-cpu-requests-equal-limits',
        'container-memory-requests-equal-limits', 'container-ephemeral-storage-request-equals-limit',
      ],
    },
    fix: 'none',
    messages: { differ: '{{resource}}, {{container}} has requests that differ from its limits: {{details}}.' },
    examples: {
      invalid: 'resources:\n  requests: {cpu: 100m}\n  limits: {cpu: "1"}',
      valid: 'resources:\n  requests: {cpu: 500m}\n  limits: {cpu: 500m}',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of sizedContainers(pod)) {
      const r = resourcesOf(c);
      if (r.opaque) continue;
      const details: string[] = [];
      let anchor: Node | undefined;
      let onlyMissingLimits = true;
      for (const name of RESOURCES) {
        const request = r.requests.get(name);
        const limit = r.limits.get(name);
        // a limit alone defaults the request to it: equal
        if (!request || isTemplated(request) || (limit && isTemplated(limit))) continue;
        const requestText = stringOf(request);
        if (requestText === undefined) continue;
        if (!limit) {
          details.push(`${name} is requested (${requestText}) but not limited`);
          anchor ??= request;
          continue;
        }
        const limitText = stringOf(limit);
        const a = parseQuantity(requestText);
        const b = limitText === undefined ? undefined : parseQuantity(limitText);
        if (a === undefined || b === undefined || sameQuantity(a, b)) continue;
        details.push(`${name} ${requestText} ≠ ${limitText}`);
        anchor ??= request;
        onlyMissingLimits = false;
      }
      if (!anchor) continue;
      ctx.report({
        messageId: 'differ',
        data: { resource: ctx.object.resource, container: describeContainer(c), details: details.join('; ') },
        span: ctx.doc.span(anchor),
        missing: onlyMissingLimits,
      });
    }
  },
});
