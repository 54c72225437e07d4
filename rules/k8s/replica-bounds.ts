import { replicaBoundsSchema } from '../core/policies.js';
import { k8sRule } from '../core/rule.js';
import { autoscalerOf } from '../core/workspace-index.js';

export interface ReplicaBounds {
  min?: number;
  max?: number;
}

const KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'];

export default k8sRule<'tooFew' | 'missing' | 'tooMany', ReplicaBounds>({
  meta: {
    id: 'k8s/replica-bounds',
    stage: 'policy',
    severity: 'warning',
    enabledByDefault: false,
    title: 'Workloads must declare a replica count within the organisation\'s bounds',
    rationale: 'A single replica means every node drain, eviction or crash is an outage, and an availability outage is a security outcome too (a denial of service needs no exploit). An unbounded replica count, on the other hand, lets one workload exhaust the cluster\'s capacity or a quota shared with others. The bounds come from the organisation: typically at least 2 for production services and a ceiling per team.',
    remediation: 'Set `spec.replicas` within the bounds:\n\n```yaml\nspec:\n  replicas: 3\n```\n\nA missing `replicas` means 1. Workloads scaled by a HorizontalPodAutoscaler are checked through `k8s/hpa-replica-bounds` instead (the workspace analysis skips them here). The bounds are set in `.palisade.yaml`: `policies.replicas: {min: 2, max: 10}`. Off by default.',
    references: [
      { title: 'Kubernetes: Deployments, replicas', url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas' },
    ],
    equivalents: { 'kube-linter': ['minimum-three-replicas'], 'kube-score': ['deployment-replicas'], polaris: ['deploymentMissingReplicas'] },
    fix: 'none',
    scope: 'workspace',
    messages: {
      tooFew: '{{resource}} runs {{count}} replica(s); the policy requires at least {{min}}.',
      missing: '{{resource}} does not set `replicas`, so it runs 1; the policy requires at least {{min}}.',
      tooMany: '{{resource}} runs {{count}} replicas; the policy allows at most {{max}}.',
    },
    options: { schema: replicaBoundsSchema(), defaults: {} },
    examples: { invalid: '# policies: {replicas: {min: 2}}\nkind: Deployment\nspec:\n  replicas: 1', valid: 'kind: Deployment\nspec:\n  replicas: 3' },
  },
  checkWorkspace(ctx) {
    const { min, max } = ctx.options;
    if (typeof min !== 'number' && typeof max !== 'number') return;
    for (const entry of ctx.subjects(KINDS)) {
      const { object, fileName } = entry;
      const replicas = object.replicas;
      // an autoscaled workload is bounded by its HorizontalPodAutoscaler (k8s/hpa-replica-bounds), wherever it lives
      if (!replicas || replicas.state === 'unknown' || autoscalerOf(ctx.index, object)) continue;
      const resource = object.resource;
      if (replicas.state === 'absent') {
        if (typeof min === 'number' && min > 1) {
          ctx.report({ messageId: 'missing', data: { resource, min }, fileName, resource, range: replicas.specRange, missing: true });
        }
        continue;
      }
      const count = replicas.value!;
      if (typeof min === 'number' && count < min) {
        ctx.report({ messageId: 'tooFew', data: { resource, count, min }, fileName, resource, range: replicas.range! });
      } else if (typeof max === 'number' && count > max) {
        ctx.report({ messageId: 'tooMany', data: { resource, count, max }, fileName, resource, range: replicas.range! });
      }
    }
  },
});

