import { replicaBoundsSchema } from '../core/policies.js';
import { k8sRule } from '../core/rule.js';
import { isTemplated, numberOf, pairOf, type Node } from '../core/yaml-model.js';
import type { ReplicaBounds } from './replica-bounds.js';

export default k8sRule<'minTooLow' | 'minMissing' | 'maxTooHigh' | 'maxNotAboveMin', ReplicaBounds>({
  meta: {
    id: 'k8s/hpa-replica-bounds',
    stage: 'policy',
    severity: 'warning',
    enabledByDefault: false,
    title: 'HorizontalPodAutoscalers must scale within the organisation\'s replica bounds',
    rationale: 'An autoscaler that may scale down to one replica turns every eviction into an outage, and one allowed to scale without a ceiling lets a traffic spike, a bug or an attacker exhaust the cluster\'s capacity and the budget. A `maxReplicas` equal to `minReplicas` cannot scale at all, which defeats the autoscaler.',
    remediation: 'Keep `minReplicas` at or above the minimum, `maxReplicas` at or below the maximum and above `minReplicas`:\n\n```yaml\nspec:\n  minReplicas: 2\n  maxReplicas: 10\n```\n\nA missing `minReplicas` means 1. The bounds are set in `.palisade.yaml`: `policies.replicas: {min: 2, max: 10}`. Off by default.',
    references: [
      { title: 'Kubernetes: Horizontal Pod Autoscaling', url: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/' },
    ],
    equivalents: { 'kube-linter': ['hpa-minimum-three-replicas'], 'kube-score': ['horizontalpodautoscaler-replicas'], polaris: ['hpaMinAvailability', 'hpaMaxAvailability'] },
    fix: 'none',
    messages: {
      minTooLow: '{{resource}} may scale down to {{count}} replica(s); the policy requires at least {{min}}.',
      minMissing: '{{resource}} does not set `minReplicas`, so it may scale down to 1; the policy requires at least {{min}}.',
      maxTooHigh: '{{resource}} may scale up to {{count}} replicas; the policy allows at most {{max}}.',
      maxNotAboveMin: '{{resource}} has `maxReplicas` ({{count}}) not above `minReplicas` ({{minReplicas}}), so it cannot scale.',
    },
    options: { schema: replicaBoundsSchema(), defaults: {} },
    examples: {
      invalid: '# policies: {replicas: {min: 2, max: 10}}\nkind: HorizontalPodAutoscaler\nspec:\n  minReplicas: 1\n  maxReplicas: 50',
      valid: 'kind: HorizontalPodAutoscaler\nspec:\n  minReplicas: 2\n  maxReplicas: 10',
    },
  },
  kinds: ['HorizontalPodAutoscaler'],
  check(ctx) {
    const { min, max } = ctx.options;
    if (ctx.object.kind !== 'HorizontalPodAutoscaler' || (typeof min !== 'number' && typeof max !== 'number')) return;
    const specPair = pairOf(ctx.object.node, 'spec');
    const resource = ctx.object.resource;
    const minPair = pairOf(specPair?.value, 'minReplicas');
    const maxPair = pairOf(specPair?.value, 'maxReplicas');
    const minValue = minPair?.value;
    const maxValue = maxPair?.value;
    const minCount = minValue && !isTemplated(minValue) ? numberOf(minValue) : undefined;
    const maxCount = maxValue && !isTemplated(maxValue) ? numberOf(maxValue) : undefined;
    if (!minPair || minValue === null || minValue === undefined) {
      if (typeof min === 'number' && min > 1) {
        ctx.report({ messageId: 'minMissing', data: { resource, min }, span: ctx.doc.span((specPair?.key ?? ctx.object.kindNode) as Node), missing: true });
      }
    } else if (minCount !== undefined && typeof min === 'number' && minCount < min) {
      ctx.report({ messageId: 'minTooLow', data: { resource, count: minCount, min }, span: ctx.doc.span(minValue as Node) });
    }
    if (maxCount === undefined) return;
    if (typeof max === 'number' && maxCount > max) {
      ctx.report({ messageId: 'maxTooHigh', data: { resource, count: maxCount, max }, span: ctx.doc.span(maxValue as Node) });
    } else if (maxCount <= (minCount ?? 1) && !(minPair && minCount === undefined)) {
      ctx.report({ messageId: 'maxNotAboveMin', data: { resource, count: maxCount, minReplicas: minCount ?? 1 }, span: ctx.doc.span(maxValue as Node) });
    }
  },
});
