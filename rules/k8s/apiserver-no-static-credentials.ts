import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/apiserver-no-static-credentials',
    severity: 'error',
    title: 'kube-apiserver must not authenticate users from static token or password files',
    rationale: 'A static token file (`--token-auth-file`) or basic-auth file (`--basic-auth-file`) holds long-lived credentials in clear text on the control-plane node. They never expire, cannot be revoked without restarting the API server, are not bound to any identity provider and are shared between everyone who has the file. Basic authentication was removed in Kubernetes 1.19, so such a manifest is also a sign of a forgotten legacy setup.',
    remediation: 'Remove the flag and authenticate people with client certificates from a short-lived issuer or an OIDC provider (`--oidc-*` flags or a structured `AuthenticationConfiguration`), and workloads with ServiceAccount tokens. There is no automatic fix: the users of those tokens need another way in first.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.2', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: static token file', url: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file' },
    ],
    equivalents: { cis: ['1.2.2'], checkov: ['CKV_K8S_70', 'CKV_K8S_69'], trivy: ['KCV-0002'] },
    profiles: ['cis'],
    fix: 'none',
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --token-auth-file=/etc/kubernetes/tokens.csv',
      valid: 'command:\n- kube-apiserver\n- --oidc-issuer-url=https://issuer.example.com',
    },
  },
  flags: [
    {
      components: ['kube-apiserver'],
      flag: 'token-auth-file',
      isSecure: () => false,
      risk: 'bearer tokens in a clear-text file never expire and cannot be revoked without a restart',
    },
    {
      components: ['kube-apiserver'],
      flag: 'basic-auth-file',
      isSecure: () => false,
      risk: 'passwords in a clear-text file never expire (basic authentication was removed in Kubernetes 1.19)',
    },
  ],
});
