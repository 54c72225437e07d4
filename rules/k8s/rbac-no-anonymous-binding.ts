import { BINDING_KINDS, bindingOf } from '../core/rbac.js';
import { k8sRule } from '../core/rule.js';
import type { Severity } from '../core/types.js';
import { RBAC_REFERENCES } from '../templates/rbac-permission.js';

/** Identities that are not one person or workload, with how bad granting them a role is. */
const ANONYMOUS: Record<string, { severity: Severity; who: string }> = {
  'system:anonymous': { severity: 'error', who: 'every unauthenticated request' },
  'system:unauthenticated': { severity: 'error', who: 'every unauthenticated request' },
  'system:authenticated': { severity: 'warning', who: 'every authenticated identity (on managed clusters possibly any account of the cloud provider)' },
};

/** Bootstrap discovery roles Kubernetes itself binds to these groups; binding them again grants nothing new. */
const DISCOVERY_ROLES = new Set(['system:public-info-viewer', 'system:discovery', 'system:basic-user']);

export default k8sRule<'anonymous'>({
  meta: {
    id: 'k8s/rbac-no-anonymous-binding',
    stage: 'access',
    severity: 'error',
    title: 'Do not grant roles to anonymous or all authenticated users',
    rationale: '`system:anonymous` and `system:unauthenticated` are whoever can reach the API server without credentials; a role bound to them is open to the network. `system:authenticated` includes every user and every ServiceAccount token; on some managed clusters it includes any account of the cloud provider, not only your organisation\'s (reported as a warning).',
    remediation: 'Bind the role to named users, groups from your identity provider, or dedicated ServiceAccounts instead.',
    references: RBAC_REFERENCES,
    equivalents: { trivy: ['KSV-0122', 'KSV-01011'] },
    fix: 'none',
    messages: { anonymous: '{{binding}} grants {{role}} to `{{subject}}`, that is to {{who}}.' },
    examples: {
      invalid: 'subjects:\n  - kind: Group\n    name: system:unauthenticated',
      valid: 'subjects:\n  - kind: Group\n    name: platform-team',
    },
  },
  kinds: BINDING_KINDS,
  check(ctx) {
    const binding = bindingOf(ctx.object);
    if (!binding) return;
    if (binding.roleRef.kind === 'ClusterRole' && binding.roleRef.name && DISCOVERY_ROLES.has(binding.roleRef.name)) return;
    const role = binding.roleRef.name ? `${binding.roleRef.kind ?? 'role'} \`${binding.roleRef.name}\`` : 'its role';
    for (const s of binding.subjects) {
      if ((s.kind !== 'User' && s.kind !== 'Group') || !s.name || !s.nameNode) continue;
      const hit = ANONYMOUS[s.name];
      if (!hit) continue;
      ctx.report({
        messageId: 'anonymous',
        data: { binding: ctx.object.resource, role, subject: s.name, who: hit.who },
        span: ctx.doc.span(s.nameNode),
        severity: hit.severity,
      });
    }
  },
});
