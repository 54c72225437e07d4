import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/apiserver-service-account-tokens',
    severity: 'warning',
    title: 'kube-apiserver must validate ServiceAccount tokens against existing accounts',
    rationale: 'ServiceAccount tokens are signed JWTs. With `--service-account-lookup=false` the API server only checks the signature, so a token keeps working after its ServiceAccount (or the Secret holding a legacy token) is deleted. `--service-account-key-file` names the public keys that verify the tokens; without it the API server falls back to its TLS key, which ties token trust to the serving certificate. `--service-account-extend-token-expiration` (default `true`) lets projected tokens live for a year to ease migration from legacy tokens; the CIS Benchmark asks to turn it off (info).',
    remediation: 'Keep `--service-account-lookup` at its default `true`, set the verification keys, and once every client refreshes its token, stop extending token lifetimes:\n\n```yaml\n    - --service-account-key-file=/etc/kubernetes/pki/sa.pub\n    - --service-account-extend-token-expiration=false\n```',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.21, 1.2.22, 1.2.30', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: ServiceAccount token authentication', url: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#service-account-tokens' },
    ],
    equivalents: { cis: ['1.2.21', '1.2.22', '1.2.30'], checkov: ['CKV_K8S_96', 'CKV_K8S_97'], trivy: ['KCV-0024', 'KCV-0025'] },
    profiles: ['cis'],
    fix: 'suggestion',
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --service-account-lookup=false',
      valid: 'command:\n- kube-apiserver\n- --service-account-key-file=/etc/kubernetes/pki/sa.pub\n- --service-account-extend-token-expiration=false',
    },
  },
  flags: [
    {
      components: ['kube-apiserver'],
      flag: 'service-account-lookup',
      default: 'true',
      isSecure: (v) => parseBool(v) !== false,
      fix: { value: 'true' },
      risk: 'tokens keep working after their ServiceAccount is deleted',
    },
    {
      components: ['kube-apiserver'],
      flag: 'service-account-key-file',
      required: true,
      risk: 'ServiceAccount tokens are verified with the API server\'s TLS key instead of dedicated keys',
    },
    {
      components: ['kube-apiserver'],
      flag: 'service-account-extend-token-expiration',
      default: 'true',
      isSecure: (v) => parseBool(v) === false,
      fix: { value: 'false' },
      severity: 'info',
      risk: 'projected ServiceAccount tokens are accepted for up to a year instead of their requested lifetime',
    },
  ],
});
