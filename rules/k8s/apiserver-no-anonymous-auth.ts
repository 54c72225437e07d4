import { describeObject, parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';
import { isSeq, itemsOf, pairOf, stringOf, valueOf } from '../core/yaml-model.js';

export default componentSettingRule<'structuredAnonymous'>({
  meta: {
    id: 'k8s/apiserver-no-anonymous-auth',
    severity: 'warning',
    title: 'kube-apiserver must not accept anonymous requests',
    rationale: 'kube-apiserver accepts anonymous requests by default (`--anonymous-auth=true`): a request without credentials runs as `system:anonymous` in the group `system:unauthenticated`. Any RBAC binding to those subjects, by mistake or by an old manifest, then opens the API to everyone who can reach the port, and every unauthenticated request can probe the API surface.\n\nThe static pod\'s own liveness and readiness probes call `/livez` and `/readyz` without credentials, which is why the CIS Benchmark marks this item as manual: turning anonymous access off outright makes those probes fail. On Kubernetes 1.32 and later, a structured `AuthenticationConfiguration` (`--authentication-config`) can keep anonymous access for the health endpoints only.',
    remediation: 'Set `--anonymous-auth=false`, or (Kubernetes ≥ 1.32) keep anonymous requests for the health endpoints only with an `AuthenticationConfiguration`:\n\n```yaml\napiVersion: apiserver.config.k8s.io/v1beta1\nkind: AuthenticationConfiguration\nanonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: /readyz\n  - path: /healthz\n```\n\nWhen you turn it off, switch the probes to an authenticated check or a TCP probe first.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.1', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: anonymous requests', url: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests' },
    ],
    equivalents: { cis: ['1.2.1'], nsa: ['7.0'], checkov: ['CKV_K8S_68'], trivy: ['KCV-0001'] },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    messages: {
      structuredAnonymous: '{{where}} enables anonymous requests without `conditions`: every path, not only the health endpoints, is served to `system:anonymous`.',
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --anonymous-auth=true',
      valid: 'command:\n- kube-apiserver\n- --anonymous-auth=false',
    },
  },
  flags: [{
    components: ['kube-apiserver'],
    flag: 'anonymous-auth',
    default: 'true',
    isSecure: (v) => parseBool(v) === false,
    // a structured AuthenticationConfiguration decides anonymous access (its file is judged on its own)
    supersededBy: ['authentication-config'],
    fix: { value: 'false' },
    risk: 'requests without credentials are served as `system:anonymous`',
  }],
  checkKinds: ['AuthenticationConfiguration'],
  check(ctx) {
    // the structured configuration named by --authentication-config, when it is linted itself
    const o = ctx.object;
    if (o.kind !== 'AuthenticationConfiguration' || !o.apiVersion.startsWith('apiserver.config.k8s.io/')) return;
    const anonymous = valueOf(o.node, 'anonymous');
    const enabled = pairOf(anonymous, 'enabled');
    if (!enabled?.value || parseBool(stringOf(enabled.value) ?? 'false') !== true) return;
    const conditions = valueOf(anonymous, 'conditions');
    if (isSeq(conditions) && itemsOf(conditions).length) return;
    ctx.report({ messageId: 'structuredAnonymous', data: { where: describeObject(o) }, span: ctx.doc.span(enabled.value) });
  },
});
