import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/controller-manager-sa-credentials',
    severity: 'warning',
    title: 'kube-controller-manager must run each controller with its own ServiceAccount and sign tokens with its key',
    rationale: 'With `--use-service-account-credentials=true` every controller (deployment, job, namespace…) talks to the API server as its own ServiceAccount, bound to a narrow `system:controller:*` role. Without it they all share the controller manager\'s own, very broad identity, so RBAC cannot tell them apart and a bug or compromise in one controller has the rights of all. `--service-account-private-key-file` is the key that signs ServiceAccount tokens, and `--root-ca-file` is the CA bundle put into every pod\'s ServiceAccount volume so that pods can verify the API server.',
    remediation: 'Set the three flags (kubeadm\'s defaults):\n\n```yaml\n    - --use-service-account-credentials=true\n    - --service-account-private-key-file=/etc/kubernetes/pki/sa.key\n    - --root-ca-file=/etc/kubernetes/pki/ca.crt\n```\n\nThe fix can set `--use-service-account-credentials=true`; the key and CA paths depend on your PKI.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.3.3–1.3.5', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: controller roles', url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#controller-roles' },
    ],
    equivalents: {
      cis: ['1.3.3', '1.3.4', '1.3.5'],
      checkov: ['CKV_K8S_108', 'CKV_K8S_110', 'CKV_K8S_111'], trivy: ['KCV-0035', 'KCV-0036', 'KCV-0037'],
    },
    profiles: ['cis'],
    fix: 'suggestion',
    examples: {
      invalid: 'command:\n- kube-controller-manager\n- --use-service-account-credentials=false',
      valid: 'command:\n- kube-controller-manager\n- --use-service-account-credentials=true\n- --service-account-private-key-file=/etc/kubernetes/pki/sa.key\n- --root-ca-file=/etc/kubernetes/pki/ca.crt',
    },
  },
  flags: [
    {
      components: ['kube-controller-manager'],
      flag: 'use-service-account-credentials',
      default: 'false',
      isSecure: (v) => parseBool(v) === true,
      fix: { value: 'true' },
      risk: 'all controllers share the controller manager\'s broad identity',
    },
    {
      components: ['kube-controller-manager'],
      flag: 'service-account-private-key-file',
      required: true,
      risk: 'ServiceAccount tokens are not signed by a dedicated key',
    },
    {
      components: ['kube-controller-manager'],
      flag: 'root-ca-file',
      required: true,
      risk: 'pods do not get the CA bundle to verify the API server',
    },
  ],
});
