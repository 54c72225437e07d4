import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { RESOURCE_BOUND_KEYS, resourceBoundsSchema, type ResourceBounds } from '../core/policies.js';
import { parseQuantity } from '../core/quantity.js';
import { k8sRule } from '../core/rule.js';
import { resourcesOf, sizedContainers } from '../core/workloads.js';
import { isScalar, isTemplated, type Node } from '../core/yaml-model.js';

type BoundKey = (typeof RESOURCE_BOUND_KEYS)[number];

/** `cpuLimitMax` → resource `cpu`, section `limits`, `max`. */
function boundOf(key: BoundKey): { resource: 'cpu' | 'memory'; section: 'requests' | 'limits'; side: 'min' | 'max' } {
  const m = /^(cpu|memory)(Request|Limit)(Min|Max)$/.exec(key)!;
  return {
    resource: m[1] as 'cpu' | 'memory',
    section: m[2] === 'Request' ? 'requests' : 'limits',
    side: m[3] === 'Min' ? 'min' : 'max',
  };
}

/** A quantity written as a YAML number or string. */
function quantityOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return parseQuantity(value);
  return undefined;
}

export default k8sRule<'below' | 'above', ResourceBounds>({
  meta: {
    id: 'k8s/resource-bounds',
    stage: 'policy',
    severity: 'warning',
    enabledByDefault: false,
    title: 'Container CPU and memory must stay within the organisation\'s bounds',
    rationale: 'Requests and limits are how a cluster shares nodes fairly. A container whose limit exceeds what the organisation allows can starve its neighbours or be used to mine on the cluster\'s bill; a request below a floor packs pods so tightly that one spike evicts several. Bounds per container keep every team inside the capacity model, a defence against accidental and deliberate resource exhaustion.',
    remediation: 'Keep each container\'s values within the bounds:\n\n```yaml\nresources:\n  requests: {cpu: 250m, memory: 256Mi}\n  limits: {cpu: "1", memory: 512Mi}\n```\n\nThe bounds are set in `.palisade.yaml`: `policies.resources: {cpuLimitMax: "2", memoryLimitMax: 2Gi, …}` (Kubernetes quantities). Missing requests and limits are reported by `k8s/require-resource-requests` and `k8s/require-resource-limits`. Off by default. A LimitRange enforces the same in the cluster.',
    references: [
      { title: 'Kubernetes: Resource management for pods and containers', url: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/' },
      { title: 'Kubernetes: Limit Ranges', url: 'https://kubernetes.io/docs/concepts/policy/limit-range/' },
    ],
    equivalents: { kubescape: ['C-0004', 'C-0050'], nsa: ['resource policies'] },
    fix: 'none',
    messages: {
      below: '{{target}}: {{what}} {{value}} is below the minimum {{bound}}.',
      above: '{{target}}: {{what}} {{value}} is above the maximum {{bound}}.',
    },
    options: { schema: resourceBoundsSchema(), defaults: {} },
    examples: {
      invalid: '# policies: {resources: {memoryLimitMax: 2Gi}}\nresources:\n  limits: {memory: 8Gi}',
      valid: 'resources:\n  limits: {memory: 1Gi}',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const bounds = RESOURCE_BOUND_KEYS
      .map((key) => ({ key, raw: ctx.options[key], value: quantityOf(ctx.options[key]), ...boundOf(key) }))
      .filter((b) => b.value !== undefined);
    if (!bounds.length) return;
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of sizedContainers(pod)) {
      const resources = resourcesOf(c);
      if (resources.opaque) continue;
      for (const b of bounds) {
        const node = resources[b.section].get(b.resource);
        if (!node || !isScalar(node) || isTemplated(node)) continue;
        const value = quantityOf(node.value);
        if (value === undefined) continue;
        const tooLow = b.side === 'min' && value < b.value! * (1 - 1e-9);
        const tooHigh = b.side === 'max' && value > b.value! * (1 + 1e-9);
        if (!tooLow && !tooHigh) continue;
        ctx.report({
          messageId: tooLow ? 'below' : 'above',
          data: {
            target: workloadContainer(c),
            what: `${b.resource} ${b.section === 'requests' ? 'request' : 'limit'}`,
            value: String(node.value),
            bound: String(b.raw),
          },
          span: ctx.doc.span(node as Node),
        });
      }
    }
  },
});
