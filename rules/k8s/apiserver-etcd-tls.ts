import { COMPONENT_KINDS, componentsIn } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';
import { isScalar, itemsOf, nodeAt, stringOf } from '../core/yaml-model.js';

const PLAIN_HTTP = /^\s*http:\/\//i;

export default componentSettingRule<'plainEtcd'>({
  meta: {
    id: 'k8s/apiserver-etcd-tls',
    severity: 'warning',
    title: 'kube-apiserver must talk to etcd over TLS with a client certificate',
    rationale: 'etcd holds every object of the cluster, Secrets included. kube-apiserver must present a client certificate (`--etcd-certfile`, `--etcd-keyfile`) so that etcd can require one from every client, verify etcd\'s certificate with `--etcd-cafile`, and reach it only over `https://`. A plain-HTTP etcd URL sends every Secret in clear text over the network.',
    remediation: 'Point the API server at etcd with TLS (kubeadm\'s defaults):\n\n```yaml\n    - --etcd-servers=https://127.0.0.1:2379\n    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n    - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt\n    - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key\n```\n\netcd must be serving TLS first (see `k8s/etcd-client-tls`), so there is no automatic fix.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.23, 1.2.26', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: operating etcd clusters, securing communication', url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#securing-etcd-clusters' },
    ],
    equivalents: { cis: ['1.2.23', '1.2.26'], nsa: ['5.1'], checkov: ['CKV_K8S_99', 'CKV_K8S_102'], trivy: ['KCV-0026', 'KCV-0029'] },
    profiles: ['cis', 'nsa'],
    fix: 'none',
    messages: {
      plainEtcd: '{{where}} reaches etcd at `{{url}}` over plain HTTP: every object, Secrets included, crosses the network unencrypted.',
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --etcd-servers=http://10.0.0.5:2379',
      valid: 'command:\n- kube-apiserver\n- --etcd-servers=https://10.0.0.5:2379\n- --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n- --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt\n- --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
    },
  },
  flags: [
    { components: ['kube-apiserver'], flag: 'etcd-certfile', required: true, risk: 'the API server has no client certificate for etcd, so etcd cannot require one' },
    { components: ['kube-apiserver'], flag: 'etcd-keyfile', required: true, risk: 'the API server has no client key for etcd, so etcd cannot require a certificate' },
    { components: ['kube-apiserver'], flag: 'etcd-cafile', required: true, risk: 'etcd\'s certificate is not verified, so anyone on the path can pose as etcd' },
  ],
  checkKinds: COMPONENT_KINDS,
  check(ctx) {
    for (const component of componentsIn(ctx.object, ctx.edit, ['kube-apiserver'])) {
      const servers = component.get('etcd-servers');
      if (!servers || servers.templated) continue;
      for (const entry of component.entries(servers)) {
        if (PLAIN_HTTP.test(entry.value)) {
          ctx.report({ messageId: 'plainEtcd', data: { where: component.where, url: entry.value }, span: entry.span });
        }
      }
    }
    // a kubeadm external etcd: its endpoints become --etcd-servers
    if (ctx.object.kind === 'ClusterConfiguration' && ctx.object.apiVersion.startsWith('kubeadm.k8s.io/')) {
      for (const item of itemsOf(nodeAt(ctx.object.node, ['etcd', 'external', 'endpoints']))) {
        const url = stringOf(item);
        if (url && isScalar(item) && PLAIN_HTTP.test(url)) {
          ctx.report({
            messageId: 'plainEtcd',
            data: { where: `${ctx.object.name !== undefined ? ctx.object.resource : ctx.object.kind}, etcd.external.endpoints`, url },
            span: ctx.doc.span(item),
          });
        }
      }
    }
  },
});
