import { k8sRule } from '../core/rule.js';
import { isTemplated, valueOf } from '../core/yaml-model.js';

/** A removed API version: which kinds (`*` = all of the group version), since when, and what replaces it. */
interface Removal {
  kinds: readonly string[] | '*';
  removedIn: string;
  replacement: string;
}

/** Removed `apiVersion`s (Kubernetes deprecation guide). */
const REMOVED: Record<string, Removal[]> = {
  'extensions/v1beta1': [
    { kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: '1.16', replacement: 'apps/v1' },
    { kinds: ['NetworkPolicy'], removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
    { kinds: ['PodSecurityPolicy'], removedIn: '1.16', replacement: 'Pod Security admission (PodSecurityPolicy is gone since 1.25)' },
    { kinds: ['Ingress'], removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  ],
  'apps/v1beta1': [{ kinds: '*', removedIn: '1.16', replacement: 'apps/v1' }],
  'apps/v1beta2': [{ kinds: '*', removedIn: '1.16', replacement: 'apps/v1' }],
  'networking.k8s.io/v1beta1': [{ kinds: ['Ingress', 'IngressClass'], removedIn: '1.22', replacement: 'networking.k8s.io/v1' }],
  'rbac.authorization.k8s.io/v1alpha1': [{ kinds: '*', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' }],
  'rbac.authorization.k8s.io/v1beta1': [{ kinds: '*', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' }],
  'admissionregistration.k8s.io/v1beta1': [{ kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1' }],
  'apiextensions.k8s.io/v1beta1': [{ kinds: ['CustomResourceDefinition'], removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' }],
  'apiregistration.k8s.io/v1beta1': [{ kinds: ['APIService'], removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1' }],
  'authentication.k8s.io/v1beta1': [{ kinds: ['TokenReview'], removedIn: '1.22', replacement: 'authentication.k8s.io/v1' }],
  'authorization.k8s.io/v1beta1': [{ kinds: '*', removedIn: '1.22', replacement: 'authorization.k8s.io/v1' }],
  'certificates.k8s.io/v1beta1': [{ kinds: ['CertificateSigningRequest'], removedIn: '1.22', replacement: 'certificates.k8s.io/v1' }],
  'coordination.k8s.io/v1beta1': [{ kinds: ['Lease'], removedIn: '1.22', replacement: 'coordination.k8s.io/v1' }],
  'scheduling.k8s.io/v1alpha1': [{ kinds: ['PriorityClass'], removedIn: '1.17', replacement: 'scheduling.k8s.io/v1' }],
  'scheduling.k8s.io/v1beta1': [{ kinds: ['PriorityClass'], removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' }],
  'storage.k8s.io/v1beta1': [
    { kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
    { kinds: ['CSIStorageCapacity'], removedIn: '1.27', replacement: 'storage.k8s.io/v1' },
  ],
  'policy/v1beta1': [
    { kinds: ['PodDisruptionBudget'], removedIn: '1.25', replacement: 'policy/v1' },
    { kinds: ['PodSecurityPolicy'], removedIn: '1.25', replacement: 'Pod Security admission' },
  ],
  'batch/v1beta1': [{ kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1' }],
  'batch/v2alpha1': [{ kinds: ['CronJob'], removedIn: '1.21', replacement: 'batch/v1' }],
  'autoscaling/v2beta1': [{ kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25', replacement: 'autoscaling/v2' }],
  'autoscaling/v2beta2': [{ kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26', replacement: 'autoscaling/v2' }],
  'discovery.k8s.io/v1beta1': [{ kinds: ['EndpointSlice'], removedIn: '1.25', replacement: 'discovery.k8s.io/v1' }],
  'events.k8s.io/v1beta1': [{ kinds: ['Event'], removedIn: '1.25', replacement: 'events.k8s.io/v1' }],
  'node.k8s.io/v1beta1': [{ kinds: ['RuntimeClass'], removedIn: '1.25', replacement: 'node.k8s.io/v1' }],
  'flowcontrol.apiserver.k8s.io/v1beta1': [{ kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' }],
  'flowcontrol.apiserver.k8s.io/v1beta2': [{ kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' }],
  'flowcontrol.apiserver.k8s.io/v1beta3': [{ kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' }],
};

/** The removal entry for an object's apiVersion and kind, if that API is gone. */
function removalOf(apiVersion: string, kind: string): Removal | undefined {
  return REMOVED[apiVersion]?.find((r) => r.kinds === '*' || r.kinds.includes(kind));
}

export default k8sRule<'removed'>({
  meta: {
    id: 'k8s/no-deprecated-api',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'warning',
    title: 'Use API versions the cluster still serves',
    rationale: 'Kubernetes removes beta API versions a few releases after their replacement is stable. A manifest written against a removed version fails to apply (`no matches for kind`), usually at the worst moment: during a cluster upgrade or a disaster recovery. Objects such as PodSecurityPolicy have no successor at all.',
    remediation: 'Move the object to the replacement version named in the message and adjust the fields that changed (for `apps/v1` workloads, `spec.selector` is required). `kubectl convert` can help.',
    references: [{ title: 'Kubernetes: Deprecated API migration guide', url: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/' }],
    equivalents: { 'kube-linter': ['no-extensions-v1beta'], 'kube-score': ['stable-version'], trivy: ['KSV-0107'] },
    fix: 'none',
    messages: { removed: '`{{apiVersion}}` {{kind}} was removed in Kubernetes {{removedIn}}; use {{replacement}}.' },
    examples: { invalid: 'apiVersion: extensions/v1beta1\nkind: Deployment', valid: 'apiVersion: apps/v1\nkind: Deployment' },
  },
  check(ctx) {
    const o = ctx.object;
    const node = valueOf(o.node, 'apiVersion');
    if (!node || isTemplated(node)) return;
    const removal = removalOf(o.apiVersion, o.kind);
    if (!removal) return;
    ctx.report({
      messageId: 'removed',
      data: {
        apiVersion: o.apiVersion, kind: o.kind, removedIn: removal.removedIn,
        replacement: removal.replacement.includes(' ') ? removal.replacement : `\`${removal.replacement}\``,
      },
      span: ctx.doc.span(node),
    });
  },
});
