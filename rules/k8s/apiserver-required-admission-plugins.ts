import { COMPONENT_KINDS, componentsIn, type ComponentFlags, type Flag } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

/** Plugins that must not be disabled, with what is lost without them. */
const MUST_STAY_ON: Record<string, string> = {
  NodeRestriction: 'a kubelet can modify other nodes and the pods bound to them',
  ServiceAccount: 'pods are no longer tied to an existing ServiceAccount and its token handling',
  NamespaceLifecycle: 'objects can be created in namespaces that are being deleted or do not exist, and the system namespaces can be deleted',
  PodSecurity: 'the Pod Security Standards labels on namespaces are not enforced',
};

/** Plugins that are gone or going: [the version from which it is reported, what happened]. */
const OBSOLETE: Record<string, [number, number, string]> = {
  PodSecurityPolicy: [1, 25, 'was removed in Kubernetes 1.25 (the API server does not start with it); use Pod Security admission'],
  SecurityContextDeny: [1, 27, 'is deprecated since Kubernetes 1.27 and removed in 1.30; use Pod Security admission'],
};

function enabledFlags(component: ComponentFlags): Flag[] {
  return ['enable-admission-plugins', 'admission-control']
    .map((n) => component.get(n))
    .filter((f): f is Flag => f !== undefined && !f.templated);
}

export default componentSettingRule<'notEnabled' | 'unset' | 'disabled' | 'obsolete'>({
  meta: {
    id: 'k8s/apiserver-required-admission-plugins',
    severity: 'warning',
    title: 'kube-apiserver must enable NodeRestriction and keep ServiceAccount, NamespaceLifecycle and PodSecurity on',
    rationale: 'Admission plugins enforce rules that authorization alone cannot express. `NodeRestriction` limits each kubelet to its own Node object and the pods bound to it, so a compromised node cannot relabel other nodes to attract workloads or tamper with their pods; it is not on by default. `ServiceAccount`, `NamespaceLifecycle` and `PodSecurity` are on by default and only an explicit `--disable-admission-plugins` turns them off, losing token handling, namespace lifecycle protection and Pod Security enforcement.\n\n`PodSecurityPolicy` (removed in 1.25) and `SecurityContextDeny` (removed in 1.30) are no longer required by current benchmarks; when they are still listed this rule reports them as obsolete (info).',
    remediation: 'Add `NodeRestriction` to `--enable-admission-plugins` and remove the default plugins from `--disable-admission-plugins`:\n\n```yaml\n    - --enable-admission-plugins=NodeRestriction\n```\n\nkubeadm enables `NodeRestriction` itself unless `extraArgs` overrides `enable-admission-plugins`.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.12–1.2.14', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: NodeRestriction admission plugin', url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction' },
    ],
    equivalents: {
      cis: ['1.2.12', '1.2.13', '1.2.14'],
      checkov: ['CKV_K8S_85', 'CKV_K8S_82', 'CKV_K8S_83', 'CKV_K8S_84', 'CKV_K8S_81'],
      trivy: ['KCV-0016', 'KCV-0014', 'KCV-0015', 'KCV-0013'],
    },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      notEnabled: '{{where}} does not list `NodeRestriction` in `--{{flag}}`: a kubelet can modify other nodes and the pods bound to them.',
      unset: '{{where}} does not set `--enable-admission-plugins`, so `NodeRestriction` is off: a kubelet can modify other nodes and the pods bound to them.',
      disabled: '{{where}} disables the `{{plugin}}` admission plugin: {{consequence}}.',
      obsolete: '{{where}} enables the `{{plugin}}` admission plugin, which {{status}}.',
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --enable-admission-plugins=AlwaysPullImages\n- --disable-admission-plugins=ServiceAccount',
      valid: 'command:\n- kube-apiserver\n- --enable-admission-plugins=NodeRestriction,AlwaysPullImages',
    },
  },
  checkKinds: COMPONENT_KINDS,
  check(ctx) {
    for (const component of componentsIn(ctx.object, ctx.edit, ['kube-apiserver'])) {
      const enabled = enabledFlags(component);
      const templated = ['enable-admission-plugins', 'admission-control'].some((n) => component.get(n)?.templated);
      const names = enabled.flatMap((f) => component.entries(f).map((e) => e.value));
      const disable = component.get('disable-admission-plugins');
      const disabledNodeRestriction = !!disable && !disable.templated && component.entries(disable).some((e) => e.value === 'NodeRestriction');
      if (!templated && !names.includes('NodeRestriction') && !disabledNodeRestriction) {
        const target = enabled[enabled.length - 1];
        if (target) {
          const edit = component.appendEntries(target, ['NodeRestriction']);
          ctx.report({
            messageId: 'notEnabled',
            data: { where: component.where, flag: target.name },
            span: target.anchor,
            fixes: edit ? [{ title: 'Add `NodeRestriction`', edits: [edit] }] : undefined,
          });
        } else if (component.origin === 'container') {
          // kubeadm enables it itself when extraArgs does not override the flag
          const edit = component.appendFlags([['enable-admission-plugins', 'NodeRestriction']]);
          ctx.report({
            messageId: 'unset',
            data: { where: component.where },
            span: component.missingAnchor,
            missing: true,
            fixes: edit ? [{ title: 'Add `--enable-admission-plugins=NodeRestriction`', edits: [edit] }] : undefined,
          });
        }
      }
      if (disable && !disable.templated) {
        for (const entry of component.entries(disable)) {
          const consequence = MUST_STAY_ON[entry.value];
          if (!consequence) continue;
          const edits = component.removeEntry(disable, entry);
          ctx.report({
            messageId: 'disabled',
            data: { where: component.where, plugin: entry.value, consequence },
            span: entry.span,
            fixes: edits ? [{ title: `Stop disabling \`${entry.value}\``, edits }] : undefined,
          });
        }
      }
      for (const flag of enabled) {
        for (const entry of component.entries(flag)) {
          const obsolete = OBSOLETE[entry.value];
          if (!obsolete || component.olderThan(obsolete[0], obsolete[1])) continue;
          ctx.report({
            messageId: 'obsolete',
            data: { where: component.where, plugin: entry.value, status: obsolete[2] },
            span: entry.span,
            severity: 'info',
          });
        }
      }
    }
  },
});
