import { COMPONENT_KINDS, componentsIn, parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule<'plainUrl'>({
  meta: {
    id: 'k8s/etcd-client-tls',
    severity: 'error',
    title: 'etcd must serve clients over TLS and require client certificates',
    rationale: 'etcd stores every object of the cluster, Secrets included, and anyone who can talk to it can read and rewrite all of them, bypassing authentication, RBAC and admission. It must serve clients with a certificate (`--cert-file`, `--key-file`) on `https://` URLs only, and require a client certificate signed by its CA (`--client-cert-auth=true`), so that only the API server can connect. `--auto-tls` generates a self-signed certificate and accepts any client, which looks encrypted but authenticates nobody.',
    remediation: 'Use the certificates kubeadm generates:\n\n```yaml\n    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n    - --key-file=/etc/kubernetes/pki/etcd/server.key\n    - --client-cert-auth=true\n    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n    - --listen-client-urls=https://127.0.0.1:2379,https://10.0.0.10:2379\n```\n\nand remove `--auto-tls`. The API server needs matching client certificates (see `k8s/apiserver-etcd-tls`), so there is no automatic fix.',
    references: [
      { title: 'CIS Kubernetes Benchmark 2.1–2.3', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'etcd transport security', url: 'https://etcd.io/docs/v3.5/op-guide/security/' },
    ],
    equivalents: {
      cis: ['2.1', '2.2', '2.3'], nsa: ['5.1'],
      checkov: ['CKV_K8S_116', 'CKV_K8S_117', 'CKV_K8S_118'], trivy: ['KCV-0042', 'KCV-0043', 'KCV-0044'],
    },
    profiles: ['cis', 'nsa'],
    fix: 'none',
    messages: {
      plainUrl: '{{where}} serves clients at `{{url}}` in `--{{flag}}` over plain HTTP: the whole cluster state crosses the network unencrypted and unauthenticated.',
    },
    examples: {
      invalid: 'command:\n- etcd\n- --listen-client-urls=http://0.0.0.0:2379\n- --client-cert-auth=false',
      valid: 'command:\n- etcd\n- --cert-file=/etc/kubernetes/pki/etcd/server.crt\n- --key-file=/etc/kubernetes/pki/etcd/server.key\n- --client-cert-auth=true\n- --listen-client-urls=https://127.0.0.1:2379',
    },
  },
  flags: [
    { components: ['etcd'], flag: 'cert-file', required: true, risk: 'clients connect without TLS' },
    { components: ['etcd'], flag: 'key-file', required: true, risk: 'clients connect without TLS' },
    {
      components: ['etcd'],
      flag: 'client-cert-auth',
      default: 'false',
      isSecure: (v) => parseBool(v) === true,
      risk: 'any client that reaches the port can read and write the whole cluster state',
    },
    {
      components: ['etcd'],
      flag: 'auto-tls',
      isSecure: (v) => parseBool(v) !== true,
      risk: 'etcd uses a self-signed certificate that clients cannot verify',
    },
  ],
  checkKinds: COMPONENT_KINDS,
  check(ctx) {
    for (const component of componentsIn(ctx.object, ctx.edit, ['etcd'])) {
      for (const name of ['listen-client-urls', 'advertise-client-urls']) {
        const flag = component.get(name);
        if (!flag || flag.templated) continue;
        for (const entry of component.entries(flag)) {
          if (/^http:\/\//i.test(entry.value)) {
            ctx.report({ messageId: 'plainUrl', data: { where: component.where, url: entry.value, flag: name }, span: entry.span });
          }
        }
      }
    }
  },
});
