import { BINDING_KINDS, bindingOf } from '../core/rbac.js';
import { k8sRule } from '../core/rule.js';
import { RBAC_REFERENCES } from '../templates/rbac-permission.js';

export default k8sRule<'defaultAccount'>({
  meta: {
    id: 'k8s/rbac-no-default-sa-binding',
    stage: 'access',
    severity: 'warning',
    title: 'Do not grant roles to the default ServiceAccount',
    rationale: 'Every pod that does not name a ServiceAccount runs as its namespace\'s `default` account. A role bound to `default` is therefore given to every such pod, including ones added later by people who never asked for it; a compromise of any of them yields the role.',
    remediation: 'Create a dedicated ServiceAccount for the workload that needs the permissions, bind the role to it, and set `serviceAccountName` in that workload:\n\n```yaml\nsubjects:\n  - kind: ServiceAccount\n    name: billing-api\n    namespace: shop\n```',
    references: RBAC_REFERENCES,
    equivalents: { cis: ['5.1.5'], checkov: ['CKV_K8S_42'], kubescape: ['C-0189'] },
    profiles: ['cis'],
    fix: 'none',
    messages: { defaultAccount: '{{binding}} grants {{role}} to the `default` ServiceAccount{{namespace}}, so every pod there without its own account gets it.' },
    examples: {
      invalid: 'subjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: shop',
      valid: 'subjects:\n  - kind: ServiceAccount\n    name: billing-api\n    namespace: shop',
    },
  },
  kinds: BINDING_KINDS,
  check(ctx) {
    const binding = bindingOf(ctx.object);
    if (!binding) return;
    const role = binding.roleRef.name ? `${binding.roleRef.kind ?? 'role'} \`${binding.roleRef.name}\`` : 'its role';
    for (const s of binding.subjects) {
      if (s.kind !== 'ServiceAccount' || s.name !== 'default' || !s.nameNode) continue;
      const ns = s.namespace ?? ctx.object.namespace;
      ctx.report({
        messageId: 'defaultAccount',
        data: { binding: ctx.object.resource, role, namespace: ns ? ` of namespace "${ns}"` : '' },
        span: ctx.doc.span(s.nameNode),
      });
    }
  },
});
