import { containersOf, podSpecOf, WORKLOAD_KINDS, type PodSpec } from '../core/k8s.js';
import { checkProfileType, exactLevel, PSS_OPTION_DEFAULTS, pssOptionsSchema, workloadContainer, type PssOptions } from '../core/pod-security.js';
import { k8sRule, type K8sContext } from '../core/rule.js';
import { isMap, isScalar, isTemplated, pairOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

type Messages = 'type' | 'noType' | 'localhostProfile' | 'annotation' | 'unknownContainer';

const ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export default k8sRule<Messages, PssOptions>({
  meta: {
    id: 'k8s/no-unconfined-apparmor',
    stage: 'deploy',
    severity: 'warning',
    title: 'AppArmor must not be disabled (Unconfined)',
    rationale: 'On nodes with AppArmor, the runtime\'s default profile denies writes to `/proc` and `/sys` files that control the kernel, mounting, and other operations a compromised process uses to escape. `Unconfined` (field or annotation) turns that confinement off.',
    remediation: 'Use the runtime default or a profile loaded on the nodes:\n\n```yaml\nsecurityContext:\n  appArmorProfile:\n    type: RuntimeDefault\n```\n\nWith the legacy annotation, use `runtime/default` or `localhost/<profile>`. An annotation for a container name that does not exist has no effect (check for typos).',
    references: [
      { title: 'Pod Security Standards: baseline, AppArmor', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
      { title: 'Restrict a Container\'s Access to Resources with AppArmor', url: 'https://kubernetes.io/docs/tutorials/security/apparmor/' },
    ],
    equivalents: { pss: ['appArmorProfile'], nsa: ['C-0055'], trivy: ['KSV-0002'], polaris: ['linuxHardening'], kubescape: ['C-0055'] },
    profiles: ['pss-baseline', 'nsa'],
    fix: 'suggestion',
    messages: {
      type: '{{target}} sets `appArmorProfile.type: {{value}}`: AppArmor confinement is off.',
      noType: '{{target}} sets an `appArmorProfile` without a `type`; the API requires one (RuntimeDefault or Localhost).',
      localhostProfile: '{{target}} uses a `Localhost` AppArmor profile without `localhostProfile`; the API rejects it.',
      annotation: '{{target}} sets the annotation `{{key}}: {{value}}`: AppArmor confinement is off.',
      unknownContainer: 'The annotation `{{key}}` names no container of {{target}}: it has no effect (a typo?).',
    },
    options: { schema: pssOptionsSchema(), defaults: { ...PSS_OPTION_DEFAULTS } },
    examples: {
      invalid: 'securityContext:\n  appArmorProfile:\n    type: Unconfined',
      valid: 'securityContext:\n  appArmorProfile:\n    type: RuntimeDefault',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    checkProfileType(ctx, pairOf(pod.securityContext, 'appArmorProfile'), `${pod.object.resource} (pod)`);
    for (const c of containersOf(pod)) checkProfileType(ctx, pairOf(c.securityContext, 'appArmorProfile'), workloadContainer(c));
    checkAnnotations(ctx, pod);
  },
});

/** The admission checks every annotation with the prefix, whether or not it names an existing container. */
function checkAnnotations(ctx: K8sContext<Messages, PssOptions>, pod: PodSpec): void {
  const annotations = valueOf(pod.meta, 'annotations');
  if (!isMap(annotations)) return;
  const containers = new Map(containersOf(pod).filter((c) => c.name !== undefined).map((c) => [c.name!, c]));
  for (const item of annotations.items) {
    const key = stringOf(item.key);
    if (key === undefined || !key.startsWith(ANNOTATION)) continue;
    const value = item.value;
    if (!isScalar(value) || isTemplated(value) || isTemplated(item.key)) continue;
    const name = key.slice(ANNOTATION.length);
    const container = containers.get(name);
    const target = container ? workloadContainer(container) : pod.object.resource;
    const v = stringOf(value) ?? '';
    if (!(v === '' || v === 'runtime/default' || v.startsWith('localhost/'))) {
      ctx.report({
        messageId: 'annotation',
        data: { target, key, value: v },
        span: ctx.doc.span(value as Node),
        fixes: [{ title: 'Use `runtime/default`', edits: [ctx.edit.replace(value as Node, 'runtime/default')] }],
      });
    } else if (!container && !exactLevel(ctx.options)) {
      ctx.report({ messageId: 'unknownContainer', data: { key, target: pod.object.resource }, severity: 'info', span: ctx.doc.span(item.key as Node) });
    }
  }
}
