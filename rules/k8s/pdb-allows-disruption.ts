import { podSpecOf, labelsOf, type K8sObject } from '../core/k8s.js';
import { parseSelector, selectorMatches } from '../core/label-selector.js';
import { k8sRule, type K8sFileContext } from '../core/rule.js';
import { replicasOf } from '../core/workloads.js';
import {
  isScalar, isTemplated, mapAt, nodeAt, numberOf, pairOf, stringOf, valueOf, type Node,
} from '../core/yaml-model.js';

type Messages = 'noPolicy' | 'maxUnavailableZero' | 'minAvailableAll' | 'minAvailableReplicas' | 'evictionPolicy';

/** Controllers whose replica count a PDB can be compared with. */
const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'DeploymentConfig'];

export default k8sRule<Messages>({
  meta: {
    id: 'k8s/pdb-allows-disruption',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'warning',
    title: 'PodDisruptionBudgets should allow at least one disruption',
    rationale: 'A PodDisruptionBudget that can never be satisfied (`maxUnavailable: 0`, `minAvailable: 100%`, or `minAvailable` at least the replica count) blocks every voluntary eviction: node drains hang, cluster upgrades and autoscaler scale-downs stall, and operators end up deleting the budget under pressure. A budget with neither field protects nothing explicit. Without `unhealthyPodEvictionPolicy: AlwaysAllow` (reported as info), pods that are already broken also block drains.',
    remediation: 'Allow one pod at a time to go:\n\n```yaml\nspec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n```',
    references: [{ title: 'Kubernetes: Specifying a disruption budget', url: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/' }],
    equivalents: {
      'kube-linter': ['pdb-max-unavailable', 'pdb-min-available', 'pdb-unhealthy-pod-eviction-policy'],
      'kube-score': ['poddisruptionbudget-has-policy'],
      polaris: ['pdbDisruptionsIsZero', 'pdbMinAvailableGreaterThanHPAMinReplicas'],
    },
    fix: 'none',
    scope: 'file',
    messages: {
      noPolicy: '{{resource}} sets neither `minAvailable` nor `maxUnavailable`.',
      maxUnavailableZero: '{{resource}} sets `maxUnavailable: {{value}}`: no pod may ever be evicted, so node drains block.',
      minAvailableAll: '{{resource}} sets `minAvailable: {{value}}`: no pod may ever be evicted, so node drains block.',
      minAvailableReplicas: '{{resource}} requires {{value}} available pods but {{workload}} runs {{replicas}}{{source}}: no pod may ever be evicted.',
      evictionPolicy: '{{resource}} does not set `unhealthyPodEvictionPolicy: AlwaysAllow`, so pods that are already unhealthy block drains.',
    },
    examples: {
      invalid: 'kind: PodDisruptionBudget\nspec:\n  maxUnavailable: 0',
      valid: 'kind: PodDisruptionBudget\nspec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow',
    },
  },
  checkFile(ctx) {
    for (const pdb of ctx.objects) {
      if (pdb.kind === 'PodDisruptionBudget' && pdb.apiVersion.startsWith('policy/')) checkBudget(ctx, pdb);
    }
  },
});

function checkBudget(ctx: K8sFileContext<Messages>, pdb: K8sObject): void {
  const specPair = pairOf(pdb.node, 'spec');
  const spec = mapAt(pdb.node, ['spec']);
  if (!specPair || !spec) return;
  const report = (messageId: Messages, node: Node, extra: Record<string, string | number> = {}, more: { severity?: 'info'; missing?: boolean; related?: { span: { start: number; end: number }; message: string }[] } = {}): void =>
    ctx.report({ messageId, data: { resource: pdb.resource, ...extra }, span: pdb.doc.span(node), resource: pdb.resource, ...more });
  const min = pairOf(spec, 'minAvailable');
  const max = pairOf(spec, 'maxUnavailable');
  if (!min && !max) report('noPolicy', specPair.key as Node, {}, { missing: true });
  if (max && isScalar(max.value) && !isTemplated(max.value)) {
    const text = stringOf(max.value);
    if (text !== undefined && /^0+%?$/.test(text)) report('maxUnavailableZero', max.value as Node, { value: text });
  }
  if (min && isScalar(min.value) && !isTemplated(min.value)) {
    const text = stringOf(min.value);
    const count = numberOf(min.value);
    if (text === '100%') report('minAvailableAll', min.value as Node, { value: text });
    else if (count !== undefined && count > 0) {
      for (const w of selectedWorkloads(ctx.objects, pdb)) {
        const replicas = effectiveReplicas(ctx.objects, w);
        if (!replicas || count < replicas.value) continue;
        report('minAvailableReplicas', min.value as Node, {
          value: count, workload: w.resource, replicas: replicas.value,
          source: replicas.fromHpa ? ' at its HPA minimum' : replicas.defaulted ? ' (the default)' : '',
        }, { related: replicas.node ? [{ span: w.doc.span(replicas.node), message: 'replica count' }] : undefined });
        break;
      }
    }
  }
  const policy = valueOf(spec, 'unhealthyPodEvictionPolicy');
  if (policy === undefined) report('evictionPolicy', specPair.key as Node, {}, { severity: 'info', missing: true });
}

/** Replicated workloads of the file whose pod template the PDB's selector selects (same namespace). */
function selectedWorkloads(objects: readonly K8sObject[], pdb: K8sObject): K8sObject[] {
  const selector = parseSelector(nodeAt(pdb.node, ['spec', 'selector']));
  if (!selector || !selector.requirements.length) return [];
  return objects.filter((o) => {
    if (!REPLICATED.includes(o.kind) || (o.namespace ?? '') !== (pdb.namespace ?? '')) return false;
    const pod = podSpecOf(o);
    return !!pod && selectorMatches(selector, labelsOf(pod.meta));
  });
}

/** The fewest replicas a workload runs: its HPA's `minReplicas` when an HPA of the file targets it, else `spec.replicas`. */
function effectiveReplicas(objects: readonly K8sObject[], workload: K8sObject): { value: number; node?: Node; fromHpa?: boolean; defaulted?: boolean } | undefined {
  for (const hpa of objects) {
    if (hpa.kind !== 'HorizontalPodAutoscaler' || (hpa.namespace ?? '') !== (workload.namespace ?? '')) continue;
    const ref = mapAt(hpa.node, ['spec', 'scaleTargetRef']);
    if (stringOf(valueOf(ref, 'kind')) !== workload.kind || stringOf(valueOf(ref, 'name')) !== workload.name) continue;
    const minNode = nodeAt(hpa.node, ['spec', 'minReplicas']);
    if (minNode && isTemplated(minNode)) return undefined;
    const value = minNode ? numberOf(minNode) : 1;
    return value === undefined ? undefined : { value, node: minNode, fromHpa: true };
  }
  const explicit = replicasOf(workload);
  if (explicit) return { value: explicit.value, node: explicit.node };
  if (nodeAt(workload.node, ['spec', 'replicas'])) return undefined; // templated or not a number
  return { value: 1, defaulted: true };
}
