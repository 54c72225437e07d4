import { k8sRule } from '../core/rule.js';
import { assumeCompleteSchema, autoscalerOf, describeNamespace, namedIn, namespaceOf } from '../core/workspace-index.js';

interface Options {
  assumeCompleteWorkspace: boolean;
}

/** Kinds with a `scale` subresource that the index knows (custom resources are not judged). */
const SCALABLE = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'DeploymentConfig'];

type Messages = 'missingTarget' | 'staticReplicas';

export default k8sRule<Messages, Options>({
  meta: {
    id: 'k8s/hpa-target-exists',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    title: 'A HorizontalPodAutoscaler should scale a workload that exists and leaves replicas to it',
    rationale: 'An autoscaler whose `scaleTargetRef` names no workload does nothing, usually after a rename. And when the workload it scales also writes `spec.replicas`, every `kubectl apply` resets the replica count to that number, throwing away what the autoscaler decided: under load, a deployment can drop back to a handful of pods.',
    remediation: 'Correct `scaleTargetRef` (kind and name, same namespace), and remove `replicas` from workloads an autoscaler scales:\n\n```yaml\nkind: Deployment\nspec:\n  # replicas: 3   ← let the HorizontalPodAutoscaler decide\n```\n\nMissing targets are judged once the workspace holds at least one object of the target\'s kind, or always with `assumeCompleteWorkspace: true`.',
    references: [
      { title: 'Kubernetes: Horizontal Pod Autoscaling, migrating Deployments to autoscaling', url: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling' },
    ],
    equivalents: {
      'kube-linter': ['dangling-horizontalpodautoscaler'],
      'kube-score': ['horizontalpodautoscaler-has-target', 'deployment-targeted-by-hpa-does-not-have-replicas-configured'],
    },
    fix: 'none',
    scope: 'workspace',
    messages: {
      missingTarget: '{{resource}} scales {{kind}} "{{name}}", which is not defined in {{namespace}} in the workspace: the autoscaler does nothing.',
      staticReplicas: '{{resource}} sets `replicas: {{count}}` although {{hpa}} scales it: every apply resets the replica count the autoscaler chose.',
    },
    options: {
      schema: { type: 'object', additionalProperties: false, properties: { assumeCompleteWorkspace: assumeCompleteSchema('object of the target kind') } },
      defaults: { assumeCompleteWorkspace: false },
    },
    examples: {
      invalid: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n---\nkind: HorizontalPodAutoscaler\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: web',
      valid: 'kind: Deployment\nmetadata:\n  name: web\n---\nkind: HorizontalPodAutoscaler\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: web',
    },
  },
  checkWorkspace(ctx) {
    const index = ctx.index;
    for (const entry of ctx.subjects(['HorizontalPodAutoscaler'])) {
      const { object, fileName } = entry;
      const target = object.scaleTarget;
      if (!target?.kind || !target.name || object.templated || !SCALABLE.includes(target.kind)) continue;
      if (!index.byKind(target.kind).length && !ctx.options.assumeCompleteWorkspace) continue;
      const namespace = namespaceOf(object);
      if (namedIn(index, target.kind, namespace, target.name).length) continue;
      ctx.report({
        messageId: 'missingTarget', fileName, range: target.range, resource: object.resource,
        data: { resource: object.resource, kind: target.kind, name: target.name, namespace: describeNamespace(namespace) },
        related: index.named(target.kind, target.name).slice(0, 3).map((e) => ({
          fileName: e.fileName, range: e.object.namespaceRange ?? e.object.nameRange,
          message: `a ${target.kind} "${target.name}" is defined in ${describeNamespace(namespaceOf(e.object))}`,
        })),
      });
    }
    // the workload side: static replicas under an autoscaler, reported in the workload's file
    for (const entry of ctx.subjects(['Deployment', 'StatefulSet'])) {
      const { object, fileName } = entry;
      const replicas = object.replicas;
      if (replicas?.state !== 'number' || !replicas.range) continue;
      const hpa = autoscalerOf(index, object);
      if (!hpa) continue;
      ctx.report({
        messageId: 'staticReplicas', fileName, range: replicas.range, resource: object.resource,
        data: { resource: object.resource, count: replicas.value!, hpa: hpa.object.resource },
        related: [{ fileName: hpa.fileName, range: hpa.object.scaleTarget!.range, message: `${hpa.object.resource} scales this workload` }],
      });
    }
  },
});
