import { podSpecOf } from '../core/k8s.js';
import { labelNodesOf } from '../core/label-selector.js';
import { k8sRule } from '../core/rule.js';
import { isTemplated, pairOf, stringOf, TEMPLATE_MARK } from '../core/yaml-model.js';

interface Options {
  /** Also require `app.kubernetes.io/instance` to equal `metadata.name` (Polaris' reading). */
  instanceMatchesName: boolean;
}

const KEYS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance'];

export default k8sRule<'templateDiffers' | 'instanceName', Options>({
  meta: {
    id: 'k8s/metadata-consistency',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    title: 'Recommended app labels should agree between a workload and its pods',
    rationale: 'Dashboards, cost reports, network policies and incident tooling group pods by `app.kubernetes.io/name` and `app.kubernetes.io/instance`. When the pod template says something else than the workload, the pods are attributed to the wrong application, usually after a copy-paste or a partial rename.',
    remediation: 'Use the same values on the workload and in its pod template:\n\n```yaml\nmetadata:\n  labels: {app.kubernetes.io/name: shop}\nspec:\n  template:\n    metadata:\n      labels: {app.kubernetes.io/name: shop}\n```',
    references: [{ title: 'Kubernetes: Recommended labels', url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/' }],
    equivalents: { polaris: ['metadataAndInstanceMismatched'] },
    fix: 'none',
    messages: {
      templateDiffers: '{{resource}} is labelled `{{key}}: {{objectValue}}` but its pod template says `{{templateValue}}`.',
      instanceName: '{{resource}} has `app.kubernetes.io/instance: {{value}}`, which differs from its name "{{name}}".',
    },
    options: {
      schema: {
        type: 'object',
        properties: { instanceMatchesName: { type: 'boolean', description: 'Require `app.kubernetes.io/instance` to equal `metadata.name`.' } },
        additionalProperties: false,
      },
      defaults: { instanceMatchesName: false },
    },
    examples: {
      invalid: 'metadata:\n  labels: {app.kubernetes.io/name: shop}\nspec:\n  template:\n    metadata:\n      labels: {app.kubernetes.io/name: cart}',
      valid: 'metadata:\n  labels: {app.kubernetes.io/name: shop}\nspec:\n  template:\n    metadata:\n      labels: {app.kubernetes.io/name: shop}',
    },
  },
  check(ctx) {
    const o = ctx.object;
    const objectLabels = labelNodesOf(pairOf(o.node, 'metadata')?.value);
    const pod = podSpecOf(o);
    if (pod && pod.meta) {
      const templateLabels = labelNodesOf(pod.meta);
      for (const key of KEYS) {
        const a = objectLabels.get(key);
        const b = templateLabels.get(key);
        if (!a || !b || isTemplated(a) || isTemplated(b)) continue;
        const av = stringOf(a);
        const bv = stringOf(b);
        if (av === undefined || bv === undefined || av === bv) continue;
        ctx.report({ messageId: 'templateDiffers', data: { resource: o.resource, key, objectValue: av, templateValue: bv }, span: ctx.doc.span(b) });
      }
    }
    if (ctx.options.instanceMatchesName === true && o.name && !o.name.includes(TEMPLATE_MARK)) {
      const instance = objectLabels.get('app.kubernetes.io/instance');
      const value = instance && !isTemplated(instance) ? stringOf(instance) : undefined;
      if (instance && value !== undefined && value !== o.name) {
        ctx.report({ messageId: 'instanceName', data: { resource: o.resource, value, name: o.name }, span: ctx.doc.span(instance) });
      }
    }
  },
});
