import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/apiserver-encryption-at-rest',
    severity: 'warning',
    title: 'kube-apiserver must encrypt Secrets at rest in etcd',
    rationale: 'By default kube-apiserver stores Secrets in etcd as plain base64. Anyone who can read etcd\'s data directory, a backup or a snapshot, or who reaches etcd with a client certificate, reads every Secret of the cluster: ServiceAccount tokens, registry credentials, TLS keys. `--encryption-provider-config` names an `EncryptionConfiguration` that encrypts them before they are written.',
    remediation: 'Write an `EncryptionConfiguration` whose first provider for `secrets` is `kms` (v2), `aescbc` or `secretbox` (see `k8s/encryption-config-provider`), mount it into the static pod and add:\n\n```yaml\n    - --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml\n```\n\nThen rewrite existing Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`) so they are stored encrypted. The key file must exist before the API server restarts, so there is no automatic fix.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.27', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: encrypting confidential data at rest', url: 'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/' },
    ],
    equivalents: { cis: ['1.2.27'], nsa: ['6.1'], kubescape: ['C-0066'], checkov: ['CKV_K8S_104'], trivy: ['KCV-0030'] },
    profiles: ['cis', 'nsa'],
    fix: 'none',
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --etcd-servers=https://127.0.0.1:2379',
      valid: 'command:\n- kube-apiserver\n- --etcd-servers=https://127.0.0.1:2379\n- --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml',
    },
  },
  flags: [{
    components: ['kube-apiserver'],
    flag: 'encryption-provider-config',
    required: true,
    reportMissingInKubeadm: true,
    risk: 'Secrets are stored in etcd unencrypted, readable from its data files and backups',
  }],
});
