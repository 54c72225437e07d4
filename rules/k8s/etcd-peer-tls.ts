import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/etcd-peer-tls',
    severity: 'error',
    title: 'etcd members must talk to each other over TLS with peer certificates',
    rationale: 'etcd members replicate every write, Secrets included, over the peer port. Without peer certificates (`--peer-cert-file`, `--peer-key-file`) the replication traffic is readable on the network, and without `--peer-client-cert-auth=true` any host that reaches the peer port can join or disrupt the cluster. `--peer-auto-tls` uses self-signed certificates that authenticate nobody.',
    remediation: 'Use the peer certificates kubeadm generates:\n\n```yaml\n    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n    - --peer-client-cert-auth=true\n    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n```\n\nand remove `--peer-auto-tls`. Every member must switch together, so there is no automatic fix.',
    references: [
      { title: 'CIS Kubernetes Benchmark 2.4–2.6', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'etcd transport security', url: 'https://etcd.io/docs/v3.5/op-guide/security/' },
    ],
    equivalents: { cis: ['2.4', '2.5', '2.6'], checkov: ['CKV_K8S_119', 'CKV_K8S_121'], trivy: ['KCV-0045', 'KCV-0046', 'KCV-0047'] },
    profiles: ['cis'],
    fix: 'none',
    examples: {
      invalid: 'command:\n- etcd\n- --peer-auto-tls=true',
      valid: 'command:\n- etcd\n- --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n- --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n- --peer-client-cert-auth=true',
    },
  },
  flags: [
    { components: ['etcd'], flag: 'peer-cert-file', required: true, risk: 'replication between members is not encrypted' },
    { components: ['etcd'], flag: 'peer-key-file', required: true, risk: 'replication between members is not encrypted' },
    {
      components: ['etcd'],
      flag: 'peer-client-cert-auth',
      default: 'false',
      isSecure: (v) => parseBool(v) === true,
      risk: 'any host that reaches the peer port can join or disrupt the cluster',
    },
    {
      components: ['etcd'],
      flag: 'peer-auto-tls',
      isSecure: (v) => parseBool(v) !== true,
      risk: 'members use self-signed certificates that authenticate nobody',
    },
  ],
});
