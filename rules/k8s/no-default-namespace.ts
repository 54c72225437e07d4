import { k8sRule } from '../core/rule.js';
import { isTemplated, pairOf, stringOf, type Node } from '../core/yaml-model.js';

interface Options {
  /** Also report namespaced objects that set no namespace (Checkov semantics). */
  flagMissingNamespace: boolean;
}

/** Kinds without a namespace: a missing `namespace` is correct for them. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'ClusterRole',
  'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'RuntimeClass', 'IngressClass',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'APIService', 'CertificateSigningRequest', 'PodSecurityPolicy',
  'SecurityContextConstraints', 'ClusterIssuer', 'List', 'ComponentStatus', 'FlowSchema', 'PriorityLevelConfiguration',
  // configuration files, not API objects
  'KubeletConfiguration', 'KubeProxyConfiguration', 'KubeSchedulerConfiguration', 'EncryptionConfiguration', 'Policy',
  'AdmissionConfiguration', 'ClusterConfiguration', 'InitConfiguration', 'JoinConfiguration', 'Config', 'Kustomization',
]);

export default k8sRule<'default' | 'missing', Options>({
  meta: {
    id: 'k8s/no-default-namespace',
    stage: 'deploy',
    severity: 'info',
    title: 'Objects should not be placed in the default namespace',
    rationale: 'Namespaces are the unit of RBAC, NetworkPolicy, quotas and Pod Security admission. Everything in `default` shares one boundary: any role granted there reaches all of it, and `default` rarely carries restrictive Pod Security labels. Separate namespaces keep a compromise of one application away from the others.',
    remediation: 'Create a namespace per application or team and deploy there:\n\n```yaml\nmetadata:\n  name: web\n  namespace: web\n```',
    references: [{ title: 'Kubernetes namespaces', url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/' }],
    equivalents: { cis: ['5.6.4', '5.6.1'], 'kube-linter': ['use-namespace'], checkov: ['CKV_K8S_21'], trivy: ['KSV-0110'] },
    profiles: ['cis'],
    fix: 'none',
    messages: {
      default: '{{resource}} is placed in the `default` namespace.',
      missing: '{{resource}} sets no namespace: it lands in `default` unless the deployment tool sets one.',
    },
    options: {
      schema: { type: 'object', properties: { flagMissingNamespace: { type: 'boolean', description: 'Also report namespaced objects without `metadata.namespace` (kubectl -n and Kustomize usually set it).' } }, additionalProperties: false },
      defaults: { flagMissingNamespace: false },
    },
    examples: { invalid: 'metadata:\n  name: web\n  namespace: default', valid: 'metadata:\n  name: web\n  namespace: web' },
  },
  check(ctx) {
    const { kind, name } = ctx.object;
    if ((kind === 'ServiceAccount' && name === 'default') || (kind === 'Service' && name === 'kubernetes')) return;
    const metadata = pairOf(ctx.object.node, 'metadata');
    const value = pairOf(metadata?.value, 'namespace')?.value;
    if (value !== undefined && value !== null) {
      if (stringOf(value) === 'default' && !isTemplated(value)) {
        ctx.report({ messageId: 'default', data: { resource: ctx.object.resource }, span: ctx.doc.span(value as Node) });
      }
      return;
    }
    if (!ctx.options.flagMissingNamespace || CLUSTER_SCOPED.has(kind) || !metadata) return;
    ctx.report({ messageId: 'missing', data: { resource: ctx.object.resource }, span: ctx.doc.span(metadata.key), missing: true });
  },
});

