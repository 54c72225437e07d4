import { WRITE_VERBS, codeList, grantOf, targets } from '../core/rbac.js';
import { rbacRule } from '../templates/rbac-permission.js';

const SECRETS = targets([''], 'secrets');
const READ = ['get', 'list', 'watch'];

export default rbacRule({
  id: 'k8s/rbac-no-secret-read',
  severity: 'warning',
  title: 'Roles should not grant access to Secrets',
  rationale: 'Secrets hold service-account tokens, registry credentials, TLS keys and passwords; reading one is often enough to act as another identity. `list` and `watch` return the full content of every Secret, not just names. A ClusterRole with such access (reported as an error) reads Secrets in every namespace once bound by a ClusterRoleBinding. Write access to Secrets is reported too: creating a token Secret for a privileged ServiceAccount yields its token.',
  remediation: 'Mount the Secrets a workload needs as volumes instead of reading them through the API. If API access is required, narrow it to named objects in a Role:\n\n```yaml\n- apiGroups: [""]\n  resources: ["secrets"]\n  resourceNames: ["app-config"]\n  verbs: ["get"]\n```',
  equivalents: {
    cis: ['5.1.2'], 'kube-linter': ['access-to-secrets'], trivy: ['KSV-0041', 'KSV-0113'], checkov: ['CKV2_K8S_5'],
    kubescape: ['C-0015', 'C-0186'],
  },
  profiles: ['cis'],
  message: '{{role}} {{entry}} grants {{verbs}} on `secrets`: {{consequence}}.{{narrowed}}',
  examples: {
    invalid: 'kind: ClusterRole\nrules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["list"]',
    valid: 'kind: Role\nrules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["app-config"]\n    verbs: ["get"]',
  },
  inspect(rule) {
    const read = grantOf(rule, SECRETS, READ);
    const write = grantOf(rule, SECRETS, WRITE_VERBS);
    const grant = read ?? write;
    if (!grant) return undefined;
    const cluster = rule.role.kind === 'ClusterRole';
    const scope = cluster ? 'in every namespace it is bound for' : 'of its namespace';
    const verbs = [...(read?.verbs ?? []), ...(write?.verbs ?? [])];
    return {
      anchor: grant.resourceItems[0],
      severity: cluster ? 'error' : 'warning',
      data: {
        verbs: codeList(verbs),
        consequence: read
          ? `it can read the Secrets ${scope} (tokens, keys, passwords)${read.verbs.some((v) => v !== 'get') ? '; `list` and `watch` return their full content' : ''}`
          : `it can create or replace the Secrets ${scope}, for example a token Secret of a privileged ServiceAccount`,
      },
      related: [{ item: grant.verbItems[0], message: 'with this verb' }],
    };
  },
});
