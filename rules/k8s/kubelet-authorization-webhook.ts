import { componentSettingRule } from '../templates/component-setting.js';

const notAlwaysAllow = (v: string): boolean => v.trim() !== 'AlwaysAllow';

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-authorization-webhook',
    severity: 'error',
    title: 'The kubelet must authorize requests through the API server (Webhook), not AlwaysAllow',
    rationale: 'With `AlwaysAllow` every authenticated caller of the kubelet API may exec into any container on the node, read its logs and port-forward, whatever RBAC says. `Webhook` asks the API server (SubjectAccessReview) for each request, so only identities granted `nodes/proxy` and friends get in. The kubelet *flag* defaults to `AlwaysAllow`; the KubeletConfiguration file defaults to `Webhook`.',
    remediation: 'In the KubeletConfiguration:\n\n```yaml\nauthentication:\n  webhook:\n    enabled: true\nauthorization:\n  mode: Webhook\n```\n\nor `--authorization-mode=Webhook` on the command line. Webhook authorization needs `authentication.webhook.enabled: true`; the fix turns it on when the file turns it off.',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.2', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: kubelet authorization', url: 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization' },
    ],
    equivalents: { cis: ['4.2.2'], nsa: ['kubelet hardening'], checkov: ['CKV_K8S_139'], trivy: ['KCV-0080'] },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: Webhook',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'authorization-mode',
    default: 'AlwaysAllow',
    isSecure: notAlwaysAllow,
    configFileSetting: true,
    fix: { value: 'Webhook' },
    risk: 'every authenticated caller may exec into any container on the node',
  }],
  fields: [{
    kind: 'KubeletConfiguration',
    path: ['authorization', 'mode'],
    default: 'Webhook',
    isSecure: notAlwaysAllow,
    fix: { value: 'Webhook' },
    // Webhook authorization asks the API server about the caller's identity, which webhook authentication provides
    companions: [{ path: ['authentication', 'webhook', 'enabled'], value: 'true' }],
    risk: 'every authenticated caller may exec into any container on the node',
  }],
});
