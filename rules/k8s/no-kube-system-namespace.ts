import { labelsOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { isTemplated, pairOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

interface Options {
  /** Labels marking system components: a key alone (`k8s-app`) or `key=value` (`tier=control-plane`). */
  exemptLabels: string[];
}

const KINDS = new Set([...WORKLOAD_KINDS, 'Service', 'ConfigMap', 'Secret', 'Role', 'RoleBinding', 'ServiceAccount']);

export default k8sRule<'kubeSystem', Options>({
  meta: {
    id: 'k8s/no-kube-system-namespace',
    stage: 'deploy',
    severity: 'warning',
    title: 'User workloads and objects must not be placed in kube-system',
    rationale: '`kube-system` holds the cluster\'s own components and their credentials (controller and scheduler service accounts, bootstrap tokens, CNI and DNS configuration). Anything deployed there runs next to them, is usually exempt from admission policies and quotas, and can read or be granted their secrets. A compromised application in `kube-system` is a short step from the control plane.',
    remediation: 'Deploy applications in their own namespace. System add-ons that belong in `kube-system` should carry the usual labels (`k8s-app`, `component`, `tier: control-plane`), which the rule exempts; the list is the `exemptLabels` option.',
    references: [{ title: 'Kubernetes namespaces: initial namespaces', url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces' }],
    equivalents: { nsa: ['kube-system'], trivy: ['KSV-0037'] },
    profiles: ['nsa'],
    fix: 'none',
    messages: { kubeSystem: '{{resource}} is placed in the `kube-system` namespace, next to the cluster\'s own components.' },
    options: {
      schema: { type: 'object', properties: { exemptLabels: { type: 'array', items: { type: 'string' }, description: 'Labels of system components: `key` or `key=value`.' } }, additionalProperties: false },
      defaults: { exemptLabels: ['component', 'k8s-app', 'tier=control-plane'] },
    },
    examples: { invalid: 'metadata:\n  name: web\n  namespace: kube-system', valid: 'metadata:\n  name: web\n  namespace: web' },
  },
  check(ctx) {
    if (!KINDS.has(ctx.object.kind)) return;
    const value = pairOf(valueOf(ctx.object.node, 'metadata'), 'namespace')?.value;
    if (stringOf(value) !== 'kube-system' || isTemplated(value)) return;
    const pod = podSpecOf(ctx.object);
    const labels = { ...labelsOf(valueOf(ctx.object.node, 'metadata')), ...(pod ? labelsOf(pod.meta) : {}) };
    const exempt = (ctx.options.exemptLabels ?? []).some((l) => {
      const [key, v] = l.split('=');
      return key in labels && (v === undefined || labels[key] === v);
    });
    if (exempt) return;
    ctx.report({ messageId: 'kubeSystem', data: { resource: ctx.object.resource }, span: ctx.doc.span(value as Node) });
  },
});

