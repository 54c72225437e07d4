import { k8sRule } from '../core/rule.js';
import { isSeq, isTemplated, nodeAt, stringOf } from '../core/yaml-model.js';

interface Options {
  forbiddenServiceTypes: string[];
}

export default k8sRule<'exposed' | 'openLoadBalancer', Options>({
  meta: {
    id: 'k8s/no-exposed-service-type',
    stage: 'access',
    severity: 'info',
    title: 'Review Services exposed outside the cluster',
    rationale: '`NodePort` opens the port on every node\'s address, and `LoadBalancer` asks the cloud for an address that is usually reachable from the internet. Either one exposes the application beyond the cluster network, often bypassing the ingress controller\'s TLS, authentication and logging. A `LoadBalancer` without `loadBalancerSourceRanges` accepts every source address (reported as a warning).',
    remediation: 'Prefer `ClusterIP` behind an Ingress or Gateway. When a load balancer is needed, restrict who can reach it:\n\n```yaml\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 203.0.113.0/24\n```',
    references: [{ title: 'Kubernetes: Service types', url: 'https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types' }],
    equivalents: { 'kube-linter': ['exposed-services'], 'kube-score': ['service-type'] },
    fix: 'none',
    messages: {
      exposed: '{{resource}} is of type `{{type}}`, which exposes it outside the cluster.',
      openLoadBalancer: '{{resource}} is a `LoadBalancer` without `loadBalancerSourceRanges`, so any address can reach it.',
    },
    options: {
      schema: {
        type: 'object',
        properties: { forbiddenServiceTypes: { type: 'array', items: { type: 'string' }, description: 'Service types to report.' } },
        additionalProperties: false,
      },
      defaults: { forbiddenServiceTypes: ['NodePort', 'LoadBalancer'] },
    },
    examples: { invalid: 'kind: Service\nspec:\n  type: NodePort', valid: 'kind: Service\nspec:\n  type: ClusterIP' },
  },
  kinds: ['Service'],
  check(ctx) {
    const o = ctx.object;
    if (o.kind !== 'Service' || o.apiVersion !== 'v1') return;
    const typeNode = nodeAt(o.node, ['spec', 'type']);
    if (!typeNode || isTemplated(typeNode)) return;
    const type = stringOf(typeNode);
    const forbidden = Array.isArray(ctx.options.forbiddenServiceTypes) ? ctx.options.forbiddenServiceTypes : [];
    if (!type || !forbidden.includes(type)) return;
    const ranges = nodeAt(o.node, ['spec', 'loadBalancerSourceRanges']);
    const open = type === 'LoadBalancer' && !(isSeq(ranges) && ranges.items.length > 0);
    ctx.report({
      messageId: open ? 'openLoadBalancer' : 'exposed',
      data: { resource: o.resource, type },
      span: ctx.doc.span(typeNode),
      severity: open ? 'warning' : 'info',
    });
  },
});
