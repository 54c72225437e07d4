import { k8sRule } from '../core/rule.js';
import {
  assumeCompleteSchema, autoscalerOf, describeNamespace, describeSelector, namespaceOf, SelectorIndex,
  type IndexedEntry, type WorkspaceLookup,
} from '../core/workspace-index.js';

/** The PodDisruptionBudgets of a namespace, indexed by the labels they select (one without a selector covers all). */
function budgetsOf(index: WorkspaceLookup, namespace: string): SelectorIndex<IndexedEntry> {
  return index.memo(`require-pdb:${namespace}`, () => {
    const budgets = new SelectorIndex<IndexedEntry>();
    for (const b of index.inNamespace('PodDisruptionBudget', namespace)) {
      budgets.add(b.object.selector ?? { requirements: [], opaque: true, range: b.object.nameRange }, b);
    }
    return budgets;
  }, ['PodDisruptionBudget']);
}

interface Options {
  assumeCompleteWorkspace: boolean;
}

export default k8sRule<'uncovered', Options>({
  meta: {
    id: 'k8s/require-pdb',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    title: 'Replicated workloads should have a PodDisruptionBudget',
    rationale: 'Running several replicas only keeps a service up if they are not all taken down together. Node drains (upgrades, autoscaler scale-down, maintenance) evict pods through the eviction API, which respects a PodDisruptionBudget; without one, a drain may evict every replica at once and the service goes down although it was replicated.',
    remediation: 'Add a PodDisruptionBudget that selects the workload\'s pods:\n\n```yaml\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n```\n\nChecked for Deployments and StatefulSets with more than one replica or scaled by a HorizontalPodAutoscaler, once the workspace holds at least one PodDisruptionBudget (or always with `assumeCompleteWorkspace: true`).',
    references: [
      { title: 'Kubernetes: Specifying a Disruption Budget for your Application', url: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/' },
    ],
    equivalents: {
      'kube-score': ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'], polaris: ['missingPodDisruptionBudget'],
    },
    fix: 'none',
    scope: 'workspace',
    messages: {
      uncovered: '{{resource}} runs {{count}} replicas but no PodDisruptionBudget in {{namespace}} selects its pods: a node drain may evict all of them at once.',
    },
    options: {
      schema: { type: 'object', additionalProperties: false, properties: { assumeCompleteWorkspace: assumeCompleteSchema('PodDisruptionBudget') } },
      defaults: { assumeCompleteWorkspace: false },
    },
    examples: {
      invalid: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: {app: web}',
      valid: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: {app: web}\n---\nkind: PodDisruptionBudget\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}',
    },
  },
  checkWorkspace(ctx) {
    const index = ctx.index;
    if (!index.byKind('PodDisruptionBudget').length && !ctx.options.assumeCompleteWorkspace) return;
    for (const entry of ctx.subjects(['Deployment', 'StatefulSet'])) {
      const { object, fileName } = entry;
      const pod = object.pod;
      if (!pod || object.templated || pod.labelsOpaque) continue;
      const hpa = autoscalerOf(index, object);
      const replicas = object.replicas;
      const count = hpa ? `up to ${hpa.object.scaleTarget!.maxReplicas ?? 'several'}` : replicas?.state === 'number' ? String(replicas.value) : undefined;
      if (hpa ? (hpa.object.scaleTarget!.maxReplicas ?? 2) <= 1 : !(replicas?.state === 'number' && replicas.value! > 1)) continue;
      const namespace = namespaceOf(object);
      if (budgetsOf(index, namespace).selecting(pod).length) continue;
      const budgets = index.inNamespace('PodDisruptionBudget', namespace).filter((b) => b.object.selector);
      ctx.report({
        messageId: 'uncovered', fileName, resource: object.resource, missing: true,
        range: replicas?.state === 'number' && replicas.range ? replicas.range : object.nameRange,
        data: { resource: object.resource, count: count!, namespace: describeNamespace(namespace) },
        related: [
          ...(hpa ? [{ fileName: hpa.fileName, range: hpa.object.scaleTarget!.range, message: `${hpa.object.resource} scales this workload` }] : []),
          ...budgets.slice(0, 3).map((b) => ({
            fileName: b.fileName, range: b.object.selector!.range,
            message: `${b.object.resource} selects ${describeSelector(b.object.selector!)}, not these pods`,
          })),
        ],
      });
    }
  },
});
