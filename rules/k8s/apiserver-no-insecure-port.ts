import { parseInteger } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/apiserver-no-insecure-port',
    severity: 'error',
    title: 'kube-apiserver must not serve the API without TLS and authentication',
    rationale: 'The legacy insecure port (`--insecure-port`, `--insecure-bind-address`) served the whole API over plain HTTP with **no authentication and no authorization**: anything that could reach it was cluster-admin. It was removed in Kubernetes 1.24, but old manifests and copied examples still carry it. `--secure-port=0` turns off the TLS port instead, leaving no safe way in.',
    remediation: 'Delete `--insecure-port` (or set it to `0` on versions before 1.24), delete `--insecure-bind-address`, and keep `--secure-port` at a non-zero port (kubeadm uses `6443`). Clients that used the insecure port need a kubeconfig with credentials.',
    references: [
      { title: 'Kubernetes: controlling access to the API, API server ports', url: 'https://kubernetes.io/docs/concepts/security/controlling-access/#api-server-ports-and-ips' },
      { title: 'NSA/CISA Kubernetes Hardening Guide: control plane', url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF' },
    ],
    equivalents: {
      nsa: ['5.0'], kubescape: ['C-0005'],
      checkov: ['CKV_K8S_86', 'CKV_K8S_88', 'CKV_K8S_89'], trivy: ['KCV-0017'],
    },
    profiles: ['nsa'],
    fix: 'suggestion',
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --insecure-port=8080\n- --insecure-bind-address=0.0.0.0',
      valid: 'command:\n- kube-apiserver\n- --secure-port=6443',
    },
  },
  flags: [
    {
      components: ['kube-apiserver'],
      flag: 'insecure-port',
      isSecure: (v) => parseInteger(v) === 0,
      fix: 'remove',
      risk: 'the API is served over plain HTTP without authentication or authorization',
    },
    {
      components: ['kube-apiserver'],
      flag: 'insecure-bind-address',
      isSecure: () => false,
      fix: 'remove',
      risk: 'the unauthenticated insecure port is exposed on this address',
    },
    {
      components: ['kube-apiserver'],
      flag: 'secure-port',
      isSecure: (v) => parseInteger(v) !== 0,
      fix: 'remove',
      risk: 'the TLS port is turned off',
    },
  ],
});
