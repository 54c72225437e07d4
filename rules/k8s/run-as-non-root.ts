import { containersOf, podSpecOf, WORKLOAD_KINDS, type Container } from '../core/k8s.js';
import {
  containerNames, PSS_OPTION_DEFAULTS, podSecurityContextAnchor, pssOptionsSchema, restrictedContextFix,
  userNamespaceRelaxed, workloadContainer, type PssOptions,
} from '../core/pod-security.js';
import { k8sRule, type FixDescriptor } from '../core/rule.js';
import { scalar } from '../core/yaml-edit.js';
import { isScalar, isTemplated, isTrue, numberOf, pairOf, valueOf, type Node } from '../core/yaml-model.js';

interface Options extends PssOptions {
  /** kube-linter / Polaris semantics: an effective `runAsUser` above 0 also proves a non-root user. */
  acceptNonZeroRunAsUser: boolean;
}

export default k8sRule<'podFalse' | 'containerFalse' | 'implicit', Options>({
  meta: {
    id: 'k8s/run-as-non-root',
    stage: 'deploy',
    severity: 'warning',
    title: 'Pods must require a non-root user (runAsNonRoot: true)',
    rationale: 'Without `runAsNonRoot: true` a container runs as whatever user its image names, and most images run as root. Root in a container owns its filesystem, can use every capability the runtime grants, and turns a container escape (a runtime or kernel bug, a mounted socket) into root on the node. With `runAsNonRoot: true` the kubelet refuses to start a container whose user is 0.',
    remediation: 'Require it for the whole pod (containers inherit it):\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n```\n\nThe image then needs a numeric non-root `USER` (see `docker/prefer-numeric-user`), or the pod sets `runAsUser` to a non-zero UID. An explicit `runAsNonRoot: false` at either level is a violation even when the other level says `true`.',
    references: [
      { title: 'Pod Security Standards: restricted, Running as Non-root', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
      { title: 'Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
    ],
    equivalents: {
      pss: ['runAsNonRoot'], cis: ['5.2.7'], nsa: ['C-0013'],
      'kube-linter': ['run-as-non-root'], polaris: ['runAsRootAllowed'], checkov: ['CKV_K8S_23', 'CKV_K8S_6 (PSP)'],
      trivy: ['KSV-0012'], kubescape: ['C-0013'],
    },
    profiles: ['pss-restricted', 'cis', 'nsa'],
    fix: 'suggestion',
    messages: {
      podFalse: '{{target}} sets `runAsNonRoot: {{value}}` for the pod: its containers may run as root.',
      containerFalse: '{{target}} sets `runAsNonRoot: {{value}}`: it may run as root.',
      implicit: '{{target}}: {{containers}} may run as root: neither the pod nor the container sets `runAsNonRoot: true`.',
    },
    options: {
      schema: pssOptionsSchema({
        acceptNonZeroRunAsUser: { type: 'boolean', description: 'Also accept a container whose effective `runAsUser` is above 0 (kube-linter and Polaris semantics; the Pod Security Standards require `runAsNonRoot`).' },
      }),
      defaults: { ...PSS_OPTION_DEFAULTS, acceptNonZeroRunAsUser: false },
    },
    examples: {
      invalid: 'spec:\n  containers:\n    - name: app\n      image: nginx:1.27',
      valid: 'spec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      image: nginx:1.27',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod || userNamespaceRelaxed(pod, ctx.options)) return;
    const podPair = pairOf(pod.securityContext, 'runAsNonRoot');
    const podValue = podPair?.value;
    if (isTemplated(podValue)) return;
    const podSet = podPair !== undefined && isScalar(podValue) && podValue.value !== null;
    const podTrue = isTrue(podValue);
    const source = (n: Node): string => ctx.text.slice(ctx.doc.span(n).start, ctx.doc.span(n).end);
    if (podSet && !podTrue) {
      ctx.report({
        messageId: 'podFalse',
        data: { target: pod.object.resource, value: source(podValue as Node) },
        span: ctx.doc.span(podValue as Node),
        related: [{ span: ctx.doc.span(podPair.key), message: 'pod-level `runAsNonRoot` is set here' }],
        fixes: [{ title: 'Set `runAsNonRoot: true` for the pod', edits: [ctx.edit.replace(podValue as Node, 'true')] }],
      });
    }
    const implicit: Container[] = [];
    for (const c of containersOf(pod)) {
      const pair = pairOf(c.securityContext, 'runAsNonRoot');
      const value = pair?.value;
      if (isTemplated(value)) continue;
      if (pair && isScalar(value) && value.value !== null) {
        if (isTrue(value)) continue;
        const fixes: FixDescriptor[] = [{ title: 'Set `runAsNonRoot: true`', edits: [ctx.edit.replace(value as Node, 'true')] }];
        const restricted = restrictedContextFix(ctx, c, ctx.options);
        if (restricted) fixes.push(restricted);
        ctx.report({
          messageId: 'containerFalse',
          data: { target: workloadContainer(c), value: source(value as Node) },
          span: ctx.doc.span(value as Node),
          related: [{ span: ctx.doc.span(pair.key), message: '`runAsNonRoot` is set here' }],
          fixes,
        });
        continue;
      }
      if (podTrue) continue;
      if (ctx.options.acceptNonZeroRunAsUser && effectiveRunAsUser(c) > 0) continue;
      implicit.push(c);
    }
    // an explicit pod-level value is already reported (and its fix covers these containers)
    if (!implicit.length || podSet) return;
    const insert = ctx.edit.insertPath(pod.spec, ['securityContext', 'runAsNonRoot'], scalar('true'));
    ctx.report({
      messageId: 'implicit',
      data: { target: pod.object.resource, containers: containerNames(implicit) },
      span: podSecurityContextAnchor(ctx.doc, pod),
      fixes: insert ? [{ title: 'Add `runAsNonRoot: true` to the pod security context', edits: insert }] : [],
      missing: true,
    });
  },
});

/** The container's `runAsUser`, else the pod's; -1 when neither is a number. */
function effectiveRunAsUser(c: Container): number {
  const own = numberOf(valueOf(c.securityContext, 'runAsUser'));
  if (own !== undefined) return own;
  return numberOf(valueOf(c.pod.securityContext, 'runAsUser')) ?? -1;
}
