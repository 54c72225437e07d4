import { podSpecOf } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { replicasOf } from '../core/workloads.js';
import { isSeq, itemsOf, nodeAt, stringOf, valueOf } from '../core/yaml-model.js';

interface Options {
  /** Replica count from which spreading is expected. */
  minReplicas: number;
  /** Topology keys that count as spreading over nodes. */
  topologyKeys: string[];
}

const KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout', 'DeploymentConfig'];

export default k8sRule<'notSpread', Options>({
  meta: {
    id: 'k8s/spread-replicas',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    title: 'Replicas should be spread across nodes',
    rationale: 'Several replicas only add availability if they do not share a failure. Without pod anti-affinity on the node (or zone) or a topology spread constraint, the scheduler may place every replica on the same node, and one node failure or drain takes the whole service down.',
    remediation: 'Spread the replicas:\n\n```yaml\ntopologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector:\n      matchLabels: {app: web}\n```',
    references: [{ title: 'Kubernetes: Pod topology spread constraints', url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/' }],
    equivalents: {
      'kube-linter': ['no-anti-affinity'],
      'kube-score': ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity', 'pod-topology-spread-constraints'],
      polaris: ['topologySpreadConstraint'],
    },
    fix: 'none',
    messages: { notSpread: '{{resource}} runs {{replicas}} replicas without pod anti-affinity or topology spread constraints, so they may all land on one node.' },
    options: {
      schema: {
        type: 'object',
        properties: {
          minReplicas: { type: 'integer', minimum: 2, description: 'Replica count from which spreading is expected.' },
          topologyKeys: { type: 'array', items: { type: 'string' }, description: 'Anti-affinity topology keys that count as spreading.' },
        },
        additionalProperties: false,
      },
      defaults: { minReplicas: 2, topologyKeys: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'] },
    },
    examples: {
      invalid: 'kind: Deployment\nspec:\n  replicas: 3',
      valid: 'kind: Deployment\nspec:\n  replicas: 3\n  template:\n    spec:\n      topologySpreadConstraints:\n        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway}',
    },
  },
  kinds: KINDS,
  check(ctx) {
    if (!KINDS.includes(ctx.object.kind)) return;
    const replicas = replicasOf(ctx.object);
    const min = typeof ctx.options.minReplicas === 'number' ? ctx.options.minReplicas : 2;
    if (!replicas || replicas.value < min) return;
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const spread = valueOf(pod.spec, 'topologySpreadConstraints');
    if (isSeq(spread) && spread.items.length) return;
    const keys = Array.isArray(ctx.options.topologyKeys) ? ctx.options.topologyKeys : [];
    const anti = valueOf(valueOf(pod.spec, 'affinity'), 'podAntiAffinity');
    const terms = [
      ...itemsOf(valueOf(anti, 'requiredDuringSchedulingIgnoredDuringExecution')),
      ...itemsOf(valueOf(anti, 'preferredDuringSchedulingIgnoredDuringExecution')).map((t) => valueOf(t, 'podAffinityTerm')),
    ];
    if (terms.some((t) => keys.includes(stringOf(nodeAt(t, ['topologyKey'])) ?? ''))) return;
    // the spreading fields are what is missing: a partial document may get them injected
    ctx.report({ messageId: 'notSpread', data: { resource: ctx.object.resource, replicas: replicas.value }, span: ctx.doc.span(replicas.node), missing: true });
  },
});
