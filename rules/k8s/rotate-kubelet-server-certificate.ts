import { COMPONENT_KINDS, componentsIn, parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';
import { nodeAt, stringOf } from '../core/yaml-model.js';

const GATE = 'RotateKubeletServerCertificate';

/** The kubelet has its own serving certificate: rotation by the kubelet does not apply. */
const hasServingCert = (root: unknown): boolean => (stringOf(nodeAt(root, ['tlsCertFile'])) ?? '').trim() !== '';

export default componentSettingRule<'gateOff'>({
  meta: {
    id: 'k8s/rotate-kubelet-server-certificate',
    severity: 'warning',
    title: 'Kubelet serving certificates must be requested and rotated through the API',
    rationale: 'By default a kubelet serves its API (exec, logs, metrics) with a self-signed certificate it generates once and never renews; the API server cannot verify it. With `serverTLSBootstrap: true` (flag `--rotate-server-certificates`) the kubelet requests its serving certificate from the cluster CA with a CertificateSigningRequest and renews it before it expires, which is what lets `--kubelet-certificate-authority` be enforced. The `RotateKubeletServerCertificate` feature gate (on by default) must not be turned off on the kubelet or on kube-controller-manager, which signs the certificates.',
    remediation: 'In the KubeletConfiguration:\n\n```yaml\nserverTLSBootstrap: true\n```\n\nand remove `RotateKubeletServerCertificate=false` from any `--feature-gates`. Serving-certificate CSRs are not approved automatically: approve them (`kubectl certificate approve`) or run an approver that checks the requested names.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.3.6, 4.2.11', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: kubelet serving certificate bootstrap', url: 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation' },
    ],
    equivalents: { cis: ['1.3.6', '4.2.11'], checkov: ['CKV_K8S_112'], trivy: ['KCV-0038', 'KCV-0091'] },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      gateOff: '{{where}} turns the `RotateKubeletServerCertificate` feature gate off: kubelet serving certificates are not requested and renewed through the API.',
    },
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nfeatureGates:\n  RotateKubeletServerCertificate: false',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nserverTLSBootstrap: true',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'rotate-server-certificates',
    default: 'false',
    isSecure: (v) => parseBool(v) === true,
    configFileSetting: true,
    when: (c) => !c.has('tls-cert-file'),
    fix: { value: 'true' },
    risk: 'the kubelet serves a self-signed certificate that is never renewed',
  }],
  fields: [
    {
      kind: 'KubeletConfiguration',
      path: ['featureGates', GATE],
      isSecure: (v) => parseBool(v) !== false,
      fix: { value: 'true' },
      risk: 'kubelet serving certificates are not requested and renewed through the API',
    },
    {
      kind: 'KubeletConfiguration',
      path: ['serverTLSBootstrap'],
      default: false,
      isSecure: (v) => parseBool(v) === true,
      when: (root) => !hasServingCert(root),
      fix: { value: 'true' },
      risk: 'the kubelet serves a self-signed certificate that is never renewed',
    },
  ],
  checkKinds: COMPONENT_KINDS,
  check(ctx) {
    for (const component of componentsIn(ctx.object, ctx.edit, ['kube-controller-manager', 'kubelet'])) {
      const gates = component.get('feature-gates');
      if (!gates || gates.templated) continue;
      const entries = component.entries(gates);
      for (const entry of entries) {
        const [key, value] = entry.value.split('=');
        if (key.trim() !== GATE || parseBool(value ?? '') !== false) continue;
        const fixed = `${GATE}=true`;
        const edit = entry.exact
          ? { start: entry.span.start, end: entry.span.end, text: fixed }
          : component.setEntries(gates, entries.map((e) => (e.index === entry.index ? fixed : e.value)));
        ctx.report({
          messageId: 'gateOff',
          data: { where: component.where },
          span: entry.span,
          fixes: edit ? [{ title: `Set \`${fixed}\``, edits: [edit] }] : undefined,
        });
      }
    }
  },
});
