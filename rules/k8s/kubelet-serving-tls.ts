import { COMPONENT_KINDS, componentsIn, describeObject, isConfigKind, parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';
import { pairOf, stringOf } from '../core/yaml-model.js';

export default componentSettingRule<'noServingCert' | 'noServingCertFlags'>({
  meta: {
    id: 'k8s/kubelet-serving-tls',
    severity: 'warning',
    title: 'The kubelet must serve its API with a certificate the API server can verify',
    rationale: 'Without `tlsCertFile` and `tlsPrivateKeyFile` (flags `--tls-cert-file`, `--tls-private-key-file`) the kubelet serves port 10250 with a self-signed certificate generated on first start. Nobody can verify it, so the API server talks to kubelets without checking who answers, and a host that takes over a node\'s address receives exec sessions and log requests. `serverTLSBootstrap: true` (`--rotate-server-certificates`) is the managed alternative: the kubelet gets a certificate from the cluster CA and renews it.',
    remediation: 'Either let the kubelet request a CA-signed certificate:\n\n```yaml\nserverTLSBootstrap: true\n```\n\n(approve the serving CSRs), or point it at certificate files:\n\n```yaml\ntlsCertFile: /var/lib/kubelet/pki/kubelet.crt\ntlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key\n```',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.9', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: kubelet serving certificates', url: 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation' },
    ],
    equivalents: { cis: ['4.2.9'], checkov: ['CKV_K8S_148'], trivy: ['KCV-0088', 'KCV-0089'] },
    profiles: ['cis'],
    fix: 'none',
    messages: {
      noServingCert: '{{where}} sets neither `tlsCertFile` and `tlsPrivateKeyFile` nor `serverTLSBootstrap: true`: the kubelet serves a self-signed certificate nobody can verify.',
      noServingCertFlags: '{{where}} sets neither `--tls-cert-file` and `--tls-private-key-file` nor `--rotate-server-certificates`: the kubelet serves a self-signed certificate nobody can verify.',
    },
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: Webhook',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nserverTLSBootstrap: true',
    },
  },
  checkKinds: [...COMPONENT_KINDS, 'KubeletConfiguration'],
  check(ctx) {
    for (const component of componentsIn(ctx.object, ctx.edit, ['kubelet'])) {
      // kubeadm's kubeletExtraArgs and a --config file can hold the settings: only a bare command line is judged
      if (component.origin !== 'container' || component.readsConfigFile) continue;
      const files = component.has('tls-cert-file') && component.has('tls-private-key-file');
      const rotate = component.get('rotate-server-certificates');
      if (files || (rotate && parseBool(rotate.value) === true)) continue;
      ctx.report({ messageId: 'noServingCertFlags', data: { where: component.where }, span: component.missingAnchor, missing: true });
    }
    if (!isConfigKind(ctx.object, 'KubeletConfiguration')) return;
    const root = ctx.object.node;
    const cert = pairOf(root, 'tlsCertFile');
    const key = pairOf(root, 'tlsPrivateKeyFile');
    const set = (p: typeof cert) => p !== undefined && (stringOf(p.value) ?? '').trim() !== '';
    if ((set(cert) && set(key)) || parseBool(stringOf(pairOf(root, 'serverTLSBootstrap')?.value) ?? 'false') === true) return;
    // anchor on the half of the pair that is written, else on the kind
    const anchor = set(cert) ? cert!.key : set(key) ? key!.key : ctx.object.kindNode;
    ctx.report({ messageId: 'noServingCert', data: { where: describeObject(ctx.object) }, span: ctx.doc.span(anchor), missing: true });
  },
});
