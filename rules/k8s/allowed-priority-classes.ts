import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { podAnchor } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isScalar, isTemplated, pairOf, stringOf, type Node } from '../core/yaml-model.js';

export default k8sRule<'missing' | 'notAllowed', { acceptedPriorityClassNames: string[] }>({
  meta: {
    id: 'k8s/allowed-priority-classes',
    stage: 'policy',
    severity: 'info',
    enabledByDefault: false,
    title: 'Pods must use an approved PriorityClass',
    rationale: 'A pod\'s priority decides who is preempted when the cluster is full. A tenant that picks a high class (or a system class such as `system-cluster-critical`) can evict other teams\' pods at will, a denial of service through scheduling; one without a class gets the cluster default, which may not be what capacity planning assumed. Organisations restrict the classes each workload may use.',
    remediation: 'Set an approved class in the pod spec:\n\n```yaml\nspec:\n  priorityClassName: business-standard\n```\n\nThe classes are set in `.palisade.yaml`: `policies.priorityClasses: [business-standard, business-critical]`. Off by default. ResourceQuotas with a `PriorityClass` scope enforce the same in the cluster.',
    references: [
      { title: 'Kubernetes: Pod Priority and Preemption', url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/' },
      { title: 'Kubernetes: Limit Priority Class consumption by default', url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/#limit-priority-class-consumption-by-default' },
    ],
    equivalents: { 'kube-linter': ['priority-class-name'], polaris: ['priorityClassNotSet'] },
    fix: 'none',
    messages: {
      missing: '{{resource}} sets no `priorityClassName`; the policy requires one of {{allowed}}.',
      notAllowed: '{{resource}} uses PriorityClass `{{actual}}`; the policy allows {{allowed}}.',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: { acceptedPriorityClassNames: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'PriorityClasses pods may use; empty = no requirement.' } },
      },
      defaults: { acceptedPriorityClassNames: [] },
    },
    examples: { invalid: 'spec:\n  priorityClassName: system-cluster-critical', valid: 'spec:\n  priorityClassName: business-standard' },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const allowed = ctx.options.acceptedPriorityClassNames ?? [];
    if (!allowed.length) return;
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const list = allowed.map((c) => `\`${c}\``).join(', ');
    const pair = pairOf(pod.spec, 'priorityClassName');
    const value = pair?.value;
    const actual = stringOf(value);
    if (!pair || actual === undefined) {
      if (pair && value && !isScalar(value)) return;
      ctx.report({
        messageId: 'missing', data: { resource: ctx.object.resource, allowed: list },
        span: pair ? ctx.doc.span(pair.key as Node) : podAnchor(ctx.doc, pod), missing: true,
      });
      return;
    }
    if (isTemplated(value) || allowed.includes(actual)) return;
    ctx.report({ messageId: 'notAllowed', data: { resource: ctx.object.resource, actual, allowed: list }, span: ctx.doc.span(value as Node) });
  },
});
