import { COMPONENT_KINDS, componentsIn, describeObject } from '../core/control-plane.js';
import type { K8sContext } from '../core/rule.js';
import { componentSettingRule, type SettingMessageId } from '../templates/component-setting.js';
import { isScalar, itemsOf, pairOf, stringOf, valueOf } from '../core/yaml-model.js';

/** The modes after the fix: `AlwaysAllow` dropped, `Node` first and `RBAC` right after it, others kept in order. */
function hardenedModes(modes: readonly string[]): string[] {
  const out = modes.filter((m, i) => m !== 'AlwaysAllow' && modes.indexOf(m) === i);
  if (!out.includes('Node')) out.unshift('Node');
  if (!out.includes('RBAC')) out.splice(out.indexOf('Node') + 1, 0, 'RBAC');
  return out;
}

type MessageId = 'alwaysAllow' | 'missingModes' | 'unset' | 'structuredAlwaysAllow' | 'structuredMissing';

/** The structured AuthorizationConfiguration named by --authorization-config, when it is linted itself. */
function checkAuthorizationConfiguration(ctx: K8sContext<MessageId | SettingMessageId>): void {
  const o = ctx.object;
  if (o.kind !== 'AuthorizationConfiguration' || !o.apiVersion.startsWith('apiserver.config.k8s.io/')) return;
  const where = describeObject(o);
  const authorizers = pairOf(o.node, 'authorizers');
  const types: string[] = [];
  for (const a of itemsOf(authorizers?.value)) {
    const type = valueOf(a, 'type');
    const name = stringOf(type);
    if (name === undefined || !isScalar(type)) continue;
    types.push(name);
    if (name === 'AlwaysAllow') ctx.report({ messageId: 'structuredAlwaysAllow', data: { where }, span: ctx.doc.span(type) });
  }
  const missing = ['Node', 'RBAC'].filter((m) => !types.includes(m));
  if (!missing.length) return;
  ctx.report({
    messageId: 'structuredMissing',
    data: {
      where,
      missing: missing.map((m) => `\`${m}\``).join(' or '),
      consequence: missing.includes('RBAC') ? 'Roles and RoleBindings are not enforced' : 'kubelets are not limited to the objects of their own node',
    },
    span: ctx.doc.span(authorizers ? authorizers.key : o.kindNode),
    missing: true,
  });
}

export default componentSettingRule<MessageId>({
  meta: {
    id: 'k8s/apiserver-authorization-mode',
    severity: 'error',
    title: 'kube-apiserver must authorize with Node and RBAC, never AlwaysAllow',
    rationale: 'The authorization mode decides what an authenticated request may do. `AlwaysAllow`, which is also what kube-apiserver uses when `--authorization-mode` is absent, lets every authenticated user and ServiceAccount do anything: every pod with a token is cluster-admin. `RBAC` is what makes Roles and bindings mean something, and `Node` (with the NodeRestriction admission plugin) limits each kubelet to the objects of its own pods, so one compromised node cannot read every Secret.',
    remediation: 'Use `--authorization-mode=Node,RBAC` (kubeadm\'s default), keeping any `Webhook` authorizer you rely on:\n\n```yaml\n    - --authorization-mode=Node,RBAC\n```\n\nWith a structured `AuthorizationConfiguration` (`--authorization-config`), list `Node` and `RBAC` authorizers in that file instead.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.6–1.2.8', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: authorization modes', url: 'https://kubernetes.io/docs/reference/access-authn-authz/authorization/#authorization-modules' },
    ],
    equivalents: {
      cis: ['1.2.6', '1.2.7', '1.2.8'], nsa: ['7.1'],
      checkov: ['CKV_K8S_74', 'CKV_K8S_75', 'CKV_K8S_77'], trivy: ['KCV-0007', 'KCV-0008', 'KCV-0009'],
    },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    messages: {
      alwaysAllow: '{{where}} authorizes with `AlwaysAllow`: every authenticated user and ServiceAccount may do anything.',
      missingModes: '{{where}} authorizes with `{{modes}}` without {{missing}}: {{consequence}}.',
      unset: '{{where}} does not set `--authorization-mode` (kube-apiserver defaults to `AlwaysAllow`): every authenticated user and ServiceAccount may do anything.',
      structuredAlwaysAllow: '{{where}} has an `AlwaysAllow` authorizer: every authenticated request that reaches it is allowed.',
      structuredMissing: '{{where}} has no {{missing}} authorizer: {{consequence}}.',
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --authorization-mode=AlwaysAllow',
      valid: 'command:\n- kube-apiserver\n- --authorization-mode=Node,RBAC',
    },
  },
  checkKinds: [...COMPONENT_KINDS, 'AuthorizationConfiguration'],
  check(ctx) {
    checkAuthorizationConfiguration(ctx);
    for (const component of componentsIn(ctx.object, ctx.edit, ['kube-apiserver'])) {
      // a structured AuthorizationConfiguration replaces the flag; its file is judged on its own
      if (component.has('authorization-config')) continue;
      const flag = component.get('authorization-mode');
      if (!flag) {
        // kubeadm writes Node,RBAC itself
        if (component.origin === 'kubeadm') continue;
        const edit = component.appendFlags([['authorization-mode', 'Node,RBAC']]);
        ctx.report({
          messageId: 'unset',
          data: { where: component.where },
          span: component.missingAnchor,
          missing: true,
          fixes: edit ? [{ title: 'Add `--authorization-mode=Node,RBAC`', edits: [edit] }] : undefined,
        });
        continue;
      }
      if (flag.templated) continue;
      const entries = component.entries(flag);
      const modes = entries.map((e) => e.value);
      const always = entries.find((e) => e.value === 'AlwaysAllow');
      const missing = ['Node', 'RBAC'].filter((m) => !modes.includes(m));
      if (!always && !missing.length) continue;
      const next = hardenedModes(modes);
      const edit = component.setValue(flag, next.join(','));
      const fixes = edit ? [{ title: `Set \`--authorization-mode=${next.join(',')}\``, edits: [edit] }] : undefined;
      if (always) {
        ctx.report({ messageId: 'alwaysAllow', data: { where: component.where }, span: always.span, fixes });
        continue;
      }
      ctx.report({
        messageId: 'missingModes',
        data: {
          where: component.where,
          modes: modes.join(','),
          missing: missing.map((m) => `\`${m}\``).join(' and '),
          consequence: missing.includes('RBAC')
            ? 'Roles and RoleBindings are not enforced'
            : 'kubelets are not limited to the objects of their own node',
        },
        span: flag.anchor,
        fixes,
      });
    }
  },
});
