import { k8sRule } from '../core/rule.js';
import { isTrue, pairOf } from '../core/yaml-model.js';
import { forbiddenSecurityValueRule } from '../templates/forbidden-security-value.js';

const rule = forbiddenSecurityValueRule({
  id: 'k8s/no-privileged',
  title: 'Containers must not run privileged',
  severity: 'error',
  rationale: 'A privileged container gets every capability, all host devices under `/dev`, no seccomp or AppArmor confinement and a writable `/sys`: it is root on the node in all but name. Mounting the host disk or loading a kernel module from inside it takes one command. Privileged also implies privilege escalation, so no other setting of the container limits it.',
  remediation: 'Remove `privileged: true` (the default is `false`). Grant the one capability the workload needs instead:\n\n```yaml\nsecurityContext:\n  privileged: false\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]\n```\n\nNode agents that truly need it belong in a dedicated namespace with a suppression that states why.',
  references: [
    { title: 'Pod Security Standards: baseline, Privileged Containers', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
    { title: 'Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
  ],
  equivalents: {
    pss: ['privileged'], cis: ['5.2.2'], nsa: ['C-0057'],
    'kube-linter': ['privileged-container', 'scc-deny-privileged-container'], polaris: ['runAsPrivileged'],
    'kube-score': ['container-security-context-privileged'], checkov: ['CKV_K8S_16', 'CKV_K8S_2 (PSP)'], trivy: ['KSV-0017'],
    kubescape: ['C-0057'],
  },
  profiles: ['pss-baseline', 'cis', 'nsa'],
  levels: ['container'],
  path: ['privileged'],
  forbidden: (v) => isTrue(v),
  replacement: () => 'false',
  message: '{{target}} runs privileged (`{{field}}: {{value}}`), with full access to the node.',
  examples: {
    invalid: 'containers:\n  - name: app\n    securityContext:\n      privileged: true',
    valid: 'containers:\n  - name: app\n    securityContext:\n      privileged: false',
  },
});

const podCheck = rule.check!;

/**
 * Also flags the OpenShift equivalent: a `SecurityContextConstraints` object with `allowPrivilegedContainer: true` lets
 * every pod admitted under it run privileged.
 */
export default k8sRule({
  meta: rule.meta,
  kinds: [...rule.kinds!, 'SecurityContextConstraints'],
  check(ctx) {
    podCheck(ctx);
    if (ctx.object.kind !== 'SecurityContextConstraints') return;
    const pair = pairOf(ctx.object.node, 'allowPrivilegedContainer');
    if (!pair || !isTrue(pair.value)) return;
    ctx.report({
      messageId: 'forbidden',
      data: { target: `Every pod admitted by ${ctx.object.resource}`, field: 'allowPrivilegedContainer', value: 'true' },
      span: ctx.doc.span(pair.value),
      related: [{ span: ctx.doc.span(pair.key), message: '`allowPrivilegedContainer` is set here' }],
      fixes: [{ title: 'Set `allowPrivilegedContainer: false`', edits: [ctx.edit.replace(pair.value, 'false')] }],
    });
  },
});
