import { podSpecOf } from '../core/k8s.js';
import { describeRequirement, parseSelector, unmetRequirements } from '../core/label-selector.js';
import { k8sRule } from '../core/rule.js';
import { isMap, isScalar, isTemplated, mapAt, pairOf, stringOf } from '../core/yaml-model.js';

/** Controllers whose selector must select their own pod template. */
const KINDS: Record<string, 'labelSelector' | 'map'> = {
  Deployment: 'labelSelector', StatefulSet: 'labelSelector', DaemonSet: 'labelSelector', ReplicaSet: 'labelSelector',
  Job: 'labelSelector', Rollout: 'labelSelector', ReplicationController: 'map', DeploymentConfig: 'map',
};

export default k8sRule<'mismatch' | 'noLabels'>({
  meta: {
    id: 'k8s/selector-matches-template',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'error',
    title: 'A controller\'s selector must match its pod template labels',
    rationale: 'A controller finds its pods through `spec.selector`. If the pod template\'s labels do not satisfy it, the API server rejects the object (`selector does not match template labels`); if the selector is loosened later to make it pass, the controller may adopt and delete pods of other workloads that happen to match.',
    remediation: 'Make the template carry every label the selector requires:\n\n```yaml\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n```',
    references: [{ title: 'Kubernetes: Deployment selector', url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector' }],
    equivalents: {
      'kube-linter': ['mismatching-selector'],
      'kube-score': ['deployment-pod-selector-labels-match-template-metadata-labels', 'statefulset-pod-selector-labels-match-template-metadata-labels'],
    },
    fix: 'none',
    messages: {
      mismatch: '{{resource}} selects `{{requirement}}`, but the pod template {{actual}}.',
      noLabels: '{{resource}} has a selector but its pod template has no labels.',
    },
    examples: {
      invalid: 'spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: frontend}',
      valid: 'spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web, tier: frontend}',
    },
  },
  kinds: Object.keys(KINDS),
  check(ctx) {
    const form = Object.hasOwn(KINDS, ctx.object.kind) ? KINDS[ctx.object.kind] : undefined;
    if (!form) return;
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const spec = mapAt(ctx.object.node, ['spec']);
    const selectorPair = pairOf(spec, 'selector');
    const selector = parseSelector(selectorPair?.value, form);
    if (!selectorPair || !selector || selector.opaque || !selector.requirements.length) return;
    const labelsPair = pairOf(pod.meta, 'labels');
    if (!labelsPair || !isMap(labelsPair.value)) {
      if (labelsPair && labelsPair.value !== null && !(isScalar(labelsPair.value) && labelsPair.value.value === null)) return;
      ctx.report({ messageId: 'noLabels', data: { resource: ctx.object.resource }, span: ctx.doc.span(selectorPair.key), missing: true });
      return;
    }
    const labels: Record<string, string> = {};
    const templated = new Set<string>();
    for (const pair of labelsPair.value.items) {
      const key = stringOf(pair.key);
      if (key === undefined) continue;
      if (isTemplated(pair.value) || isTemplated(pair.key)) templated.add(key);
      labels[key] = stringOf(pair.value) ?? '';
    }
    for (const r of unmetRequirements(selector, labels)) {
      if (templated.has(r.key)) continue;
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      ctx.report({
        messageId: 'mismatch',
        data: {
          resource: ctx.object.resource,
          requirement: describeRequirement(r),
          actual: has ? `has \`${r.key}=${labels[r.key]}\`` : `has no \`${r.key}\` label`,
        },
        span: ctx.doc.span(r.anchor),
      });
    }
  },
});
