import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import {
  containerAnchor, exactLevel, PSS_OPTION_DEFAULTS, pssAtLeast, pssOptionsSchema, restrictedContextFix, skipsWindowsPod,
  workloadContainer, type PssOptions,
} from '../core/pod-security.js';
import { k8sRule, type FixDescriptor } from '../core/rule.js';
import { scalar } from '../core/yaml-edit.js';
import { isFalse, isScalar, isTemplated, isTrue, pairOf, type Node } from '../core/yaml-model.js';

export default k8sRule<'explicitTrue' | 'notFalse' | 'missing' | 'missingPodLevel', PssOptions>({
  meta: {
    id: 'k8s/no-privilege-escalation',
    stage: 'deploy',
    severity: 'warning',
    title: 'Containers must set allowPrivilegeEscalation: false',
    rationale: 'Unless `allowPrivilegeEscalation` is `false`, a process in the container can gain more privileges than its parent: setuid binaries such as `su`, `sudo` or `ping` run as their owner, and file capabilities apply. An attacker with code execution as an unprivileged user can then become root inside the container. Setting it to `false` sets the kernel\'s `no_new_privs` flag. The field exists only on containers: a pod-level `allowPrivilegeEscalation` is not a Kubernetes field and has no effect.',
    remediation: 'Set it on every container, init and ephemeral containers included:\n\n```yaml\nsecurityContext:\n  allowPrivilegeEscalation: false\n```\n\n`privileged: true` and the `SYS_ADMIN` capability allow escalation whatever this field says; they are reported by `k8s/no-privileged` and `k8s/no-dangerous-capabilities`.',
    references: [
      { title: 'Pod Security Standards: restricted, Privilege Escalation', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
      { title: 'Linux no_new_privs', url: 'https://www.kernel.org/doc/html/latest/userspace-api/no_new_privs.html' },
    ],
    equivalents: {
      pss: ['allowPrivilegeEscalation'], cis: ['5.2.6'], nsa: ['C-0016'],
      'kube-linter': ['privilege-escalation-container'], polaris: ['privilegeEscalationAllowed'],
      checkov: ['CKV_K8S_20', 'CKV_K8S_5 (PSP)'], trivy: ['KSV-0001'], kubescape: ['C-0016'],
    },
    profiles: ['pss-restricted', 'cis', 'nsa'],
    fix: 'suggestion',
    messages: {
      explicitTrue: '{{target}} allows privilege escalation (`allowPrivilegeEscalation: true`).',
      notFalse: '{{target}} sets `allowPrivilegeEscalation: {{value}}`; only `false` prevents privilege escalation.',
      missing: '{{target}} does not set `allowPrivilegeEscalation: false`, so setuid binaries can raise its privileges.',
      missingPodLevel: '{{target}} does not set `allowPrivilegeEscalation: false`; the pod-level `allowPrivilegeEscalation` has no effect (the field exists only on containers).',
    },
    options: { schema: pssOptionsSchema(), defaults: { ...PSS_OPTION_DEFAULTS } },
    examples: {
      invalid: 'containers:\n  - name: app\n    image: nginx:1.27',
      valid: 'containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      allowPrivilegeEscalation: false',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod || skipsWindowsPod(pod, ctx.options)) return;
    // the restricted control exists from policy 1.8, i.e. at every version the admission knows
    if (exactLevel(ctx.options) && !pssAtLeast(ctx.options, 8)) return;
    const podLevel = pairOf(pod.securityContext, 'allowPrivilegeEscalation');
    for (const c of containersOf(pod)) {
      const pair = pairOf(c.securityContext, 'allowPrivilegeEscalation');
      const value = pair?.value;
      if (isFalse(value) || isTemplated(value)) continue;
      const target = workloadContainer(c);
      const fixes: FixDescriptor[] = [];
      const restricted = restrictedContextFix(ctx, c, ctx.options);
      if (pair && isScalar(value) && value.value !== null) {
        const edits = [ctx.edit.replace(value as Node, 'false')];
        // the API rejects `allowPrivilegeEscalation: false` together with `privileged: true`
        const privileged = pairOf(c.securityContext, 'privileged');
        if (privileged && isTrue(privileged.value)) edits.push(ctx.edit.replace(privileged.value as Node, 'false'));
        fixes.push({ title: 'Set `allowPrivilegeEscalation: false`', edits });
        if (restricted) fixes.push(restricted);
        const explicit = isTrue(value);
        ctx.report({
          messageId: explicit ? 'explicitTrue' : 'notFalse',
          data: { target, value: ctx.text.slice(ctx.doc.span(value).start, ctx.doc.span(value).end) },
          severity: explicit ? 'error' : 'warning',
          span: ctx.doc.span(value),
          related: [{ span: ctx.doc.span(pair.key), message: '`allowPrivilegeEscalation` is set here' }],
          fixes,
        });
        continue;
      }
      const insert = ctx.edit.insertPath(c.node, ['securityContext', 'allowPrivilegeEscalation'], scalar('false'));
      if (insert) fixes.push({ title: 'Add `allowPrivilegeEscalation: false`', edits: insert });
      if (restricted) fixes.push(restricted);
      ctx.report({
        messageId: podLevel && !exactLevel(ctx.options) ? 'missingPodLevel' : 'missing',
        data: { target },
        span: containerAnchor(ctx.doc, ctx.text, c),
        related: podLevel ? [{ span: ctx.doc.span(podLevel.key), message: 'a pod-level `allowPrivilegeEscalation` has no effect' }] : undefined,
        fixes,
        missing: true,
      });
    }
  },
});
