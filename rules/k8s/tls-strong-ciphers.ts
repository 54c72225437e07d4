import { COMPONENT_KINDS, componentsIn, isConfigKind } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';
import { isScalar, isTemplated, itemsOf, stringOf, valueOf } from '../core/yaml-model.js';

/** The CIS Benchmark's strong suites: the TLS 1.3 suites and ECDHE with AES-GCM or ChaCha20-Poly1305. */
const STRONG = new Set([
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
]);

const OLD_TLS = new Set(['VersionTLS10', 'VersionTLS11']);

export default componentSettingRule<'weakCipher' | 'oldVersion'>({
  meta: {
    id: 'k8s/tls-strong-ciphers',
    severity: 'info',
    title: 'kube-apiserver and the kubelet must offer only strong TLS cipher suites',
    rationale: 'An explicit cipher-suite list that includes CBC-mode, RSA key-exchange, 3DES or RC4 suites lets a client (or an attacker who downgrades the handshake) use a suite without forward secrecy or with known weaknesses (Lucky13, SWEET32). A minimum TLS version below 1.2 allows protocols with known attacks. The defaults of current releases are fine; this rule judges explicit settings.',
    remediation: 'List only ECDHE suites with AES-GCM or ChaCha20-Poly1305, and keep TLS 1.2 as the minimum:\n\n```yaml\n    - --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305\n    - --tls-min-version=VersionTLS12\n```\n\nIn a `KubeletConfiguration`, use `tlsCipherSuites` and `tlsMinVersion`. Old clients may need the weak suites, so there is no automatic fix.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.29, 4.2.12', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubelet configuration (tlsCipherSuites)', url: 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/' },
    ],
    equivalents: { cis: ['1.2.29', '4.2.12'], checkov: ['CKV_K8S_105', 'CKV_K8S_151'], trivy: ['KCV-0092'] },
    profiles: ['cis'],
    fix: 'none',
    messages: {
      weakCipher: '{{where}} offers the cipher suite `{{suite}}`, which is not in the strong list (no forward secrecy or a weak cipher mode).',
      oldVersion: '{{where}} accepts TLS from `{{version}}`: versions below TLS 1.2 have known attacks.',
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA',
      valid: 'command:\n- kube-apiserver\n- --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    },
  },
  checkKinds: [...COMPONENT_KINDS, 'KubeletConfiguration'],
  check(ctx) {
    for (const component of componentsIn(ctx.object, ctx.edit, ['kube-apiserver', 'kubelet'])) {
      const suites = component.get('tls-cipher-suites');
      if (suites && !suites.templated) {
        for (const entry of component.entries(suites)) {
          if (!STRONG.has(entry.value)) ctx.report({ messageId: 'weakCipher', data: { where: component.where, suite: entry.value }, span: entry.span });
        }
      }
      const min = component.get('tls-min-version');
      if (min && !min.templated && OLD_TLS.has((min.value ?? '').trim())) {
        ctx.report({ messageId: 'oldVersion', data: { where: component.where, version: (min.value ?? '').trim() }, span: min.anchor });
      }
    }
    if (isConfigKind(ctx.object, 'KubeletConfiguration')) {
      const where = ctx.object.name !== undefined ? ctx.object.resource : ctx.object.kind;
      for (const item of itemsOf(valueOf(ctx.object.node, 'tlsCipherSuites'))) {
        const suite = stringOf(item);
        if (suite !== undefined && isScalar(item) && !isTemplated(item) && !STRONG.has(suite.trim())) {
          ctx.report({ messageId: 'weakCipher', data: { where, suite }, span: ctx.doc.span(item) });
        }
      }
      const min = valueOf(ctx.object.node, 'tlsMinVersion');
      const version = stringOf(min);
      if (version !== undefined && min && OLD_TLS.has(version.trim())) {
        ctx.report({ messageId: 'oldVersion', data: { where, version }, span: ctx.doc.span(min) });
      }
    }
  },
});
