import { containersOf, podSpecOf, WORKLOAD_KINDS, type PodSpec } from '../core/k8s.js';
import {
  checkProfileType,
  exactLevel, overriddenForWindows, PSS_OPTION_DEFAULTS, pssAtLeast, pssOptionsSchema, workloadContainer,
  type PssOptions,
} from '../core/pod-security.js';
import { k8sRule, type K8sContext } from '../core/rule.js';
import { isMap, isScalar, isTemplated, pairOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

type Messages = 'type' | 'noType' | 'localhostProfile' | 'annotation';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

/** Legacy annotation values the admission accepts. */
function allowedAnnotationValue(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

export default k8sRule<Messages, PssOptions>({
  meta: {
    id: 'k8s/no-unconfined-seccomp',
    stage: 'deploy',
    severity: 'error',
    title: 'Seccomp must not be disabled (Unconfined)',
    rationale: 'Seccomp filters the system calls a container may make. The runtime\'s default profile blocks dozens of rarely needed, historically exploitable calls (`keyctl`, `unshare`, `ptrace` on older kernels, `bpf`, …), which closes a large part of the kernel attack surface behind many container escapes. `Unconfined` turns the filter off.',
    remediation: 'Use the runtime\'s default profile, or a tailored `Localhost` profile:\n\n```yaml\nsecurityContext:\n  seccompProfile:\n    type: RuntimeDefault\n```\n\nThe legacy annotations (`seccomp.security.alpha.kubernetes.io/pod`, `container.seccomp.security.alpha.kubernetes.io/<name>`) are checked the same way: use `runtime/default` or `localhost/<profile>`. A `Localhost` profile needs `localhostProfile`.',
    references: [
      { title: 'Pod Security Standards: baseline, Seccomp', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
      { title: 'Restrict a Container\'s Syscalls with seccomp', url: 'https://kubernetes.io/docs/tutorials/security/seccomp/' },
    ],
    equivalents: { pss: ['seccompProfile_baseline'], cis: ['5.6.2'], nsa: ['seccomp'], trivy: ['KSV-0104'], polaris: ['linuxHardening'] },
    profiles: ['pss-baseline', 'cis', 'nsa'],
    fix: 'suggestion',
    messages: {
      type: '{{target}} sets `seccompProfile.type: {{value}}`: system calls are not filtered.',
      noType: '{{target}} sets a `seccompProfile` without a `type`; the API requires one (RuntimeDefault or Localhost).',
      localhostProfile: '{{target}} uses a `Localhost` seccomp profile without `localhostProfile`; the API rejects it.',
      annotation: '{{target}} sets the annotation `{{key}}: {{value}}`: system calls are not filtered.',
    },
    options: { schema: pssOptionsSchema(), defaults: { ...PSS_OPTION_DEFAULTS } },
    examples: {
      invalid: 'securityContext:\n  seccompProfile:\n    type: Unconfined',
      valid: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    // at the restricted level the seccomp check is replaced by one that exempts Windows pods (policy >= 1.25)
    if (!pod || overriddenForWindows(pod, ctx.options, 19)) return;
    const exact = exactLevel(ctx.options) !== undefined;
    // the admission reads the fields from policy 1.19 and only the annotations before
    const fields = !exact || pssAtLeast(ctx.options, 19);
    const annotations = !exact || !pssAtLeast(ctx.options, 19);
    if (fields) {
      checkProfileType(ctx, pairOf(pod.securityContext, 'seccompProfile'), `${pod.object.resource} (pod)`);
      for (const c of containersOf(pod)) checkProfileType(ctx, pairOf(c.securityContext, 'seccompProfile'), workloadContainer(c));
    }
    if (annotations) checkAnnotations(ctx, pod);
  },
});

function checkAnnotations(ctx: K8sContext<Messages, PssOptions>, pod: PodSpec): void {
  const annotations = valueOf(pod.meta, 'annotations');
  if (!isMap(annotations)) return;
  const keys = new Map<string, string>([[POD_ANNOTATION, pod.object.resource + ' (pod)']]);
  for (const c of containersOf(pod)) if (c.name !== undefined) keys.set(CONTAINER_ANNOTATION + c.name, workloadContainer(c));
  for (const item of annotations.items) {
    const key = stringOf(item.key);
    const target = key !== undefined ? keys.get(key) : undefined;
    const value = item.value;
    if (!target || !isScalar(value) || isTemplated(value)) continue;
    const v = stringOf(value) ?? '';
    if (allowedAnnotationValue(v)) continue;
    ctx.report({
      messageId: 'annotation',
      data: { target, key: key!, value: v },
      span: ctx.doc.span(value as Node),
      fixes: [{ title: 'Use `runtime/default`', edits: [ctx.edit.replace(value as Node, 'runtime/default')] }],
    });
  }
}
