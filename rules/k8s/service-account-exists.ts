import { WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { assumeCompleteSchema, describeNamespace, namedIn, namespaceOf } from '../core/workspace-index.js';

interface Options {
  assumeCompleteWorkspace: boolean;
}

export default k8sRule<'missing', Options>({
  meta: {
    id: 'k8s/service-account-exists',
    stage: 'access',
    severity: 'info',
    title: 'A pod\'s ServiceAccount should be defined in the workspace',
    rationale: 'A pod that names a ServiceAccount which does not exist is rejected by the API server, so the workload never starts; the usual cause is a renamed account or a typo. A missing account is also a hint that the permissions (RoleBindings) meant for the workload are bound to a name nothing uses.',
    remediation: 'Define the ServiceAccount in the pod\'s namespace, or correct `serviceAccountName`:\n\n```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: shop\nautomountServiceAccountToken: false\n```\n\nThe rule runs once the workspace defines at least one ServiceAccount (accounts may otherwise be created elsewhere), or always with `assumeCompleteWorkspace: true`.',
    references: [
      { title: 'Kubernetes: Configure Service Accounts for Pods', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/' },
    ],
    equivalents: { 'kube-linter': ['non-existent-service-account'] },
    fix: 'none',
    scope: 'workspace',
    messages: {
      missing: '{{resource}} runs as ServiceAccount "{{account}}", which is not defined in {{namespace}} in the workspace: the API server rejects its pods until it exists.',
    },
    options: {
      schema: { type: 'object', additionalProperties: false, properties: { assumeCompleteWorkspace: assumeCompleteSchema('ServiceAccount') } },
      defaults: { assumeCompleteWorkspace: false },
    },
    examples: {
      invalid: 'kind: ServiceAccount\nmetadata:\n  name: web\n---\nkind: Deployment\nspec:\n  template:\n    spec:\n      serviceAccountName: wbe',
      valid: 'kind: ServiceAccount\nmetadata:\n  name: web\n---\nkind: Deployment\nspec:\n  template:\n    spec:\n      serviceAccountName: web',
    },
  },
  checkWorkspace(ctx) {
    if (!ctx.index.byKind('ServiceAccount').some((e) => e.object.apiVersion === 'v1') && !ctx.options.assumeCompleteWorkspace) return;
    for (const entry of ctx.subjects(WORKLOAD_KINDS)) {
      const { object, fileName } = entry;
      const account = object.pod?.serviceAccount;
      // `default` exists in every namespace; an unset or templated name is not ours to judge
      if (!account?.range || account.templated || account.name === 'default' || object.templated) continue;
      const namespace = namespaceOf(object);
      if (namedIn(ctx.index, 'ServiceAccount', namespace, account.name).some((e) => e.object.apiVersion === 'v1')) continue;
      const sameName = ctx.index.named('ServiceAccount', account.name).filter((e) => e.object.apiVersion === 'v1').slice(0, 3);
      ctx.report({
        messageId: 'missing', fileName, range: account.range, resource: object.resource,
        data: { resource: object.resource, account: account.name, namespace: describeNamespace(namespace) },
        related: sameName.map((e) => ({
          fileName: e.fileName, range: e.object.namespaceRange ?? e.object.nameRange,
          message: `a ServiceAccount "${account.name}" is defined in ${describeNamespace(namespaceOf(e.object))}`,
        })),
      });
    }
  },
});
