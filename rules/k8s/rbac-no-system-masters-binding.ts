import { BINDING_KINDS, bindingOf } from '../core/rbac.js';
import { k8sRule } from '../core/rule.js';
import { RBAC_REFERENCES } from '../templates/rbac-permission.js';

export default k8sRule<'masters'>({
  meta: {
    id: 'k8s/rbac-no-system-masters-binding',
    stage: 'access',
    severity: 'error',
    title: 'Do not bind roles to the system:masters group',
    rationale: 'Members of `system:masters` bypass RBAC and every authorization webhook: they are superusers by a hard-coded rule, and their access cannot be reduced by removing bindings. Membership comes from client certificates, which cannot be revoked. A binding naming the group signals that someone relies on it; the group should stay for break-glass certificates only.',
    remediation: 'Remove `system:masters` from the subjects and grant the permissions to a regular group from your identity provider.',
    references: RBAC_REFERENCES,
    equivalents: { cis: ['5.1.7'], trivy: ['KSV-0123'] },
    profiles: ['cis'],
    fix: 'none',
    messages: { masters: '{{binding}} names the `system:masters` group, whose members bypass RBAC entirely and cannot be revoked.' },
    examples: {
      invalid: 'subjects:\n  - kind: Group\n    name: system:masters',
      valid: 'subjects:\n  - kind: Group\n    name: platform-admins',
    },
  },
  kinds: BINDING_KINDS,
  check(ctx) {
    const binding = bindingOf(ctx.object);
    if (!binding) return;
    for (const s of binding.subjects) {
      if (s.kind !== 'Group' || s.name !== 'system:masters' || !s.nameNode) continue;
      ctx.report({ messageId: 'masters', data: { binding: ctx.object.resource }, span: ctx.doc.span(s.nameNode) });
    }
  },
});
