import { COMPONENT_KINDS, componentsIn, type Flag } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

/** Plugins the fix can add: they need no configuration file. */
const ADDABLE = ['AlwaysPullImages', 'DenyServiceExternalIPs'];

export default componentSettingRule<'missingPlugins' | 'noEventRateLimit' | 'eventRateLimitConfig'>({
  meta: {
    id: 'k8s/apiserver-recommended-admission-plugins',
    severity: 'info',
    title: 'kube-apiserver should enable EventRateLimit, AlwaysPullImages and DenyServiceExternalIPs',
    rationale: 'Three admission plugins close gaps that the defaults leave open:\n\n- `AlwaysPullImages` forces an image pull (and so a registry credential check) for every pod, so a pod cannot run a private image that another tenant already pulled onto the node.\n- `DenyServiceExternalIPs` rejects new `spec.externalIPs` on Services, which any user allowed to create a Service could otherwise use to intercept traffic for arbitrary IPs (CVE-2020-8554).\n- `EventRateLimit` caps the rate of events a namespace or user can send, so a flood of events cannot overload the API server and etcd; it needs a configuration file passed with `--admission-control-config-file`.',
    remediation: 'Add the plugins to `--enable-admission-plugins`; for `EventRateLimit` also write its configuration:\n\n```yaml\n    - --enable-admission-plugins=NodeRestriction,AlwaysPullImages,DenyServiceExternalIPs,EventRateLimit\n    - --admission-control-config-file=/etc/kubernetes/admission/config.yaml\n```\n\n`AlwaysPullImages` makes every pod start depend on the registry being reachable. The fix adds only the two plugins that need no file.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.3, 1.2.9, 1.2.11', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: admission controllers', url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/' },
    ],
    equivalents: {
      cis: ['1.2.3', '1.2.9', '1.2.11'],
      checkov: ['CKV_K8S_78', 'CKV_K8S_80'], trivy: ['KCV-0010', 'KCV-0012', 'KCV-0003'],
    },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      missingPlugins: '{{where}} does not enable the {{plugins}} admission {{noun}}: {{consequence}}.',
      noEventRateLimit: '{{where}} does not enable the `EventRateLimit` admission plugin: an event flood can overload the API server and etcd.',
      eventRateLimitConfig: '{{where}} enables `EventRateLimit` without `--admission-control-config-file`: the plugin needs its configuration and the API server will not start.',
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --enable-admission-plugins=NodeRestriction',
      valid: 'command:\n- kube-apiserver\n- --enable-admission-plugins=NodeRestriction,AlwaysPullImages,DenyServiceExternalIPs,EventRateLimit\n- --admission-control-config-file=/etc/kubernetes/admission/config.yaml',
    },
  },
  checkKinds: COMPONENT_KINDS,
  check(ctx) {
    for (const component of componentsIn(ctx.object, ctx.edit, ['kube-apiserver'])) {
      const enabled = ['enable-admission-plugins', 'admission-control'].map((n) => component.get(n)).filter((f): f is Flag => f !== undefined);
      if (enabled.some((f) => f.templated)) continue;
      // kubeadm writes its own plugin list when extraArgs does not: only a written list can be judged there
      if (!enabled.length && component.origin === 'kubeadm') continue;
      const target = enabled[enabled.length - 1];
      const names = enabled.flatMap((f) => component.entries(f).map((e) => e.value));
      const missing = ADDABLE.filter((p) => !names.includes(p));
      const anchor = target ? target.anchor : component.missingAnchor;
      if (missing.length) {
        const edit = target ? component.appendEntries(target, missing) : component.appendFlags([['enable-admission-plugins', missing.join(',')]]);
        const consequence = missing.length === 2
          ? 'pods can use private images already pulled by another tenant, and Service `externalIPs` can intercept traffic'
          : missing[0] === 'AlwaysPullImages'
            ? 'pods can use private images already pulled by another tenant'
            : 'Service `externalIPs` can intercept traffic for arbitrary addresses';
        ctx.report({
          messageId: 'missingPlugins',
          data: { where: component.where, plugins: missing.map((p) => `\`${p}\``).join(' and '), noun: missing.length > 1 ? 'plugins' : 'plugin', consequence },
          span: anchor,
          missing: !target,
          fixes: edit ? [{ title: `Enable ${missing.join(' and ')}`, edits: [edit] }] : undefined,
        });
      }
      const erl = enabled.flatMap((f) => component.entries(f)).find((e) => e.value === 'EventRateLimit');
      if (!erl) {
        ctx.report({ messageId: 'noEventRateLimit', data: { where: component.where }, span: anchor, missing: !target });
      } else if (!component.has('admission-control-config-file')) {
        ctx.report({ messageId: 'eventRateLimitConfig', data: { where: component.where }, span: erl.span });
      }
    }
  },
});
