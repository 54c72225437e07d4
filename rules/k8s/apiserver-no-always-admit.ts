import { COMPONENT_KINDS, componentsIn } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule<'alwaysAdmit'>({
  meta: {
    id: 'k8s/apiserver-no-always-admit',
    severity: 'error',
    title: 'kube-apiserver must not enable the AlwaysAdmit admission plugin',
    rationale: 'The `AlwaysAdmit` admission plugin admits every request, which defeats the purpose of admission control: policies that reject privileged pods, enforce quotas or Pod Security cannot be relied on while it is listed. It is deprecated and does nothing a cluster needs.',
    remediation: 'Remove `AlwaysAdmit` from `--enable-admission-plugins` (or the legacy `--admission-control`).',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.10', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: admission controllers', url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/' },
    ],
    equivalents: { cis: ['1.2.10'], checkov: ['CKV_K8S_79'], trivy: ['KCV-0011'] },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      alwaysAdmit: '{{where}} enables the `AlwaysAdmit` admission plugin in `--{{flag}}`: every request is admitted, whatever the other admission policies say.',
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --enable-admission-plugins=NodeRestriction,AlwaysAdmit',
      valid: 'command:\n- kube-apiserver\n- --enable-admission-plugins=NodeRestriction',
    },
  },
  checkKinds: COMPONENT_KINDS,
  check(ctx) {
    for (const component of componentsIn(ctx.object, ctx.edit, ['kube-apiserver'])) {
      for (const name of ['enable-admission-plugins', 'admission-control']) {
        const flag = component.get(name);
        if (!flag || flag.templated) continue;
        for (const entry of component.entries(flag)) {
          if (entry.value !== 'AlwaysAdmit') continue;
          const edits = component.removeEntry(flag, entry);
          ctx.report({
            messageId: 'alwaysAdmit',
            data: { where: component.where, flag: name },
            span: entry.span,
            fixes: edits ? [{ title: 'Remove `AlwaysAdmit`', edits }] : undefined,
          });
        }
      }
    }
  },
});
