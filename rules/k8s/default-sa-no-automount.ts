import { k8sRule } from '../core/rule.js';
import { booleanField } from '../core/service-accounts.js';
import { scalar } from '../core/yaml-edit.js';
import { nodeAt } from '../core/yaml-model.js';

export default k8sRule<'missing' | 'enabled'>({
  meta: {
    id: 'k8s/default-sa-no-automount',
    stage: 'access',
    severity: 'warning',
    title: 'The default ServiceAccount should not automount its token',
    rationale: 'Every pod that does not name a ServiceAccount runs as its namespace\'s `default` account. With `automountServiceAccountToken: false` on that account, those pods get no API token unless they ask for one, so a compromised container has no credentials to reuse; pods that need the API use their own account.',
    remediation: 'Manage the `default` ServiceAccount of each namespace and turn automounting off:\n\n```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nautomountServiceAccountToken: false\n```',
    references: [
      { title: 'Kubernetes: Configure Service Accounts for Pods', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting' },
      { title: 'CIS Kubernetes Benchmark 5.1.5', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
    ],
    equivalents: { cis: ['5.1.5'], checkov: ['CKV_K8S_41'], kubescape: ['C-0189'] },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      missing: 'ServiceAccount "default"{{namespace}} does not set `automountServiceAccountToken: false`, so every pod without its own account gets an API token.',
      enabled: 'ServiceAccount "default"{{namespace}} turns token automounting on for every pod without its own account.',
    },
    examples: {
      invalid: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default',
      valid: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nautomountServiceAccountToken: false',
    },
  },
  kinds: ['ServiceAccount'],
  check(ctx) {
    const o = ctx.object;
    if (o.kind !== 'ServiceAccount' || o.apiVersion !== 'v1' || o.name !== 'default') return;
    const field = booleanField(o.node, 'automountServiceAccountToken');
    if (field && field.value !== true) return;
    const nameNode = nodeAt(o.node, ['metadata', 'name']);
    if (!nameNode) return;
    const edits = ctx.edit.insertPath(o.node, ['automountServiceAccountToken'], scalar('false'));
    ctx.report({
      messageId: field ? 'enabled' : 'missing',
      data: { namespace: o.namespace ? ` of namespace "${o.namespace}"` : '' },
      span: ctx.doc.span(field ? field.node : nameNode),
      fixes: edits ? [{ title: 'Set `automountServiceAccountToken: false`', edits }] : undefined,
      missing: !field,
    });
  },
});
