import { codeList, grantOf, targets } from '../core/rbac.js';
import { rbacRule } from '../templates/rbac-permission.js';

const APPROVAL = targets(['certificates.k8s.io'], 'certificatesigningrequests/approval');
const SIGNERS = targets(['certificates.k8s.io'], 'signers');

export default rbacRule({
  id: 'k8s/rbac-no-csr-approve',
  severity: 'warning',
  title: 'Roles should not approve certificate signing requests',
  rationale: 'Updating `certificatesigningrequests/approval` together with `approve` on `signers` lets the holder approve its own CSR for the API server\'s client signer, and so obtain a client certificate for any user or group, `system:masters` included. Certificates cannot be revoked before they expire.',
  remediation: 'Leave CSR approval to the controller manager and to administrators. If an operator must approve CSRs, restrict `signers` to its own signer name with `resourceNames`.',
  equivalents: { cis: ['5.1.11'], checkov: ['CKV_K8S_156'] },
  profiles: ['cis'],
  message: '{{role}} {{entry}} grants {{verbs}} on `certificatesigningrequests/approval` and the role can `approve` signers: its holder can mint client certificates for any identity.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests/approval"]\n    verbs: ["update"]\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["signers"]\n    verbs: ["approve"]',
    valid: 'rules:\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests"]\n    verbs: ["get", "list"]',
  },
  inspect(rule, all) {
    const approval = grantOf(rule, APPROVAL, ['update', 'patch']);
    if (!approval) return undefined;
    const signer = all.map((r) => grantOf(r, SIGNERS, ['approve'])).find((g) => g !== undefined);
    if (!signer) return undefined;
    return {
      anchor: approval.resourceItems[0],
      severity: 'warning',
      data: { verbs: codeList(approval.verbs) },
      related: [{ item: signer.verbItems[0], message: '`approve` on `signers` is granted here' }],
    };
  },
});
