import { k8sRule } from '../core/rule.js';
import type { ComponentFacts, IndexedEntry } from '../core/workspace-index.js';

/** Objects that can run control-plane components: static pods and kubeadm configurations. */
const HOLDERS = ['Pod', 'ClusterConfiguration'];

export default k8sRule<'sharedCa'>({
  meta: {
    id: 'k8s/etcd-unique-ca',
    stage: 'platform',
    severity: 'info',
    title: 'etcd should trust its own certificate authority, not the cluster\'s',
    rationale: 'etcd accepts any client certificate signed by the CA in `--trusted-ca-file`. When that is the same CA the API server uses for its clients (`--client-ca-file`), every certificate issued for a user or a kubelet by the cluster CA also opens etcd, where all Secrets can be read and every object rewritten without authorization or audit.',
    remediation: 'Give etcd a dedicated CA (kubeadm does this by default):\n\n```yaml\n    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n```\n\nand issue the API server\'s etcd client certificate from it. The rule compares the etcd and kube-apiserver manifests (static pods or a kubeadm `ClusterConfiguration`) of the workspace; CIS marks the check manual.',
    references: [
      { title: 'CIS Kubernetes Benchmark 2.7', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'etcd: transport security model', url: 'https://etcd.io/docs/v3.5/op-guide/security/' },
    ],
    equivalents: { cis: ['2.7'] },
    profiles: ['cis'],
    fix: 'none',
    scope: 'workspace',
    messages: {
      sharedCa: '{{where}} trusts `{{file}}` (`--{{flag}}`), the CA kube-apiserver also uses for its clients (`--client-ca-file`): etcd accepts any certificate issued to a cluster user.',
    },
    examples: {
      invalid: 'command:\n- etcd\n- --trusted-ca-file=/etc/kubernetes/pki/ca.crt\n---\ncommand:\n- kube-apiserver\n- --client-ca-file=/etc/kubernetes/pki/ca.crt',
      valid: 'command:\n- etcd\n- --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n---\ncommand:\n- kube-apiserver\n- --client-ca-file=/etc/kubernetes/pki/ca.crt',
    },
  },
  checkWorkspace(ctx) {
    const apiservers: { entry: IndexedEntry; flag: ComponentFacts['flags'][string] }[] = [];
    for (const entry of ctx.index.byKinds(HOLDERS)) {
      for (const c of entry.object.components ?? []) {
        const flag = c.flags['client-ca-file'];
        if (c.component === 'kube-apiserver' && flag) apiservers.push({ entry, flag });
      }
    }
    if (!apiservers.length) return;
    for (const entry of ctx.subjects(HOLDERS)) {
      for (const c of entry.object.components ?? []) {
        if (c.component !== 'etcd') continue;
        for (const name of ['trusted-ca-file', 'peer-trusted-ca-file']) {
          const flag = c.flags[name];
          if (!flag) continue;
          const shared = apiservers.filter((a) => samePath(a.flag.value, flag.value));
          if (!shared.length) continue;
          ctx.report({
            messageId: 'sharedCa', fileName: entry.fileName, range: flag.range, resource: entry.object.resource,
            data: { where: c.where, file: flag.value, flag: name },
            related: shared.slice(0, 3).map((a) => ({
              fileName: a.entry.fileName, range: a.flag.range, message: 'kube-apiserver trusts the same CA for its clients',
            })),
          });
        }
      }
    }
  },
});

function samePath(a: string, b: string): boolean {
  const clean = (p: string): string => p.trim().replace(/\/{2,}/g, '/').replace(/\/$/, '');
  return clean(a) === clean(b);
}
