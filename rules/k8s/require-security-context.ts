import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { containerAnchor, isNullNode, podAnchor, workloadContainer } from '../core/pod-security.js';
import { k8sRule, type FixDescriptor, type SpanEdit } from '../core/rule.js';
import { mapping, scalar, sequence, type LeafValue } from '../core/yaml-edit.js';
import { isMap, pairOf, type Node, type Pair, type Scalar, type YAMLMap } from '../core/yaml-model.js';
import type { YamlEditor } from '../core/yaml-edit.js';

/** Missing, `securityContext:` or `securityContext: {}`. */
function isEmpty(pair: Pair<Scalar, Node | null> | undefined): boolean {
  return !pair || isNullNode(pair.value) || (isMap(pair.value) && !(pair.value as YAMLMap).items.length);
}

/** Write `securityContext` with the skeleton into `owner`, replacing an empty one. */
function skeletonEdits(edit: YamlEditor, owner: YAMLMap, pair: Pair<Scalar, Node | null> | undefined, entries: [string, LeafValue][]): SpanEdit[] | undefined {
  if (pair && isMap(pair.value)) return edit.insertEntries(pair.value as YAMLMap, entries);
  return edit.insertPath(owner, ['securityContext'], mapping(...entries));
}

export default k8sRule<'pod' | 'container'>({
  meta: {
    id: 'k8s/require-security-context',
    stage: 'deploy',
    severity: 'info',
    enabledByDefault: false,
    title: 'Pods and containers should declare a security context',
    rationale: 'A missing `securityContext` means every setting falls back to the runtime default: root user, privilege escalation allowed, the default capability set, no seccomp filter, a writable root filesystem. The specific rules report each of these; this one flags the missing block as a whole, as Checkov and Trivy do.',
    remediation: 'Start from the restricted skeleton:\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n```',
    references: [
      { title: 'Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
      { title: 'Pod Security Standards: restricted', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
    ],
    equivalents: {
      cis: ['5.6.3'], nsa: ['C-0055'],
      checkov: ['CKV_K8S_29', 'CKV_K8S_30'], trivy: ['KSV-0118'], polaris: ['linuxHardening'], kubescape: ['C-0055'],
    },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      pod: '{{resource}} declares no pod `securityContext`.',
      container: '{{target}} declares no `securityContext`.',
    },
    examples: {
      invalid: 'spec:\n  containers:\n    - name: app\n      image: nginx:1.27',
      valid: 'spec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      securityContext:\n        allowPrivilegeEscalation: false',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const podPair = pairOf(pod.spec, 'securityContext');
    if (isEmpty(podPair)) {
      const entries: [string, LeafValue][] = [['runAsNonRoot', scalar('true')]];
      if (!pod.isWindows) entries.push(['seccompProfile', mapping(['type', scalar('RuntimeDefault')])]);
      const edits = skeletonEdits(ctx.edit, pod.spec, podPair, entries);
      ctx.report({
        messageId: 'pod',
        data: { resource: pod.object.resource },
        span: podPair ? ctx.doc.span(podPair.key) : podAnchor(ctx.doc, pod),
        fixes: edits ? [{ title: 'Add a restricted pod security context', edits }] : [],
        missing: true,
      });
    }
    for (const c of containersOf(pod)) {
      if (!isEmpty(c.securityContextPair)) continue;
      const fixes: FixDescriptor[] = [];
      if (!pod.isWindows) {
        const edits = skeletonEdits(ctx.edit, c.node, c.securityContextPair, [
          ['allowPrivilegeEscalation', scalar('false')],
          ['readOnlyRootFilesystem', scalar('true')],
          ['capabilities', mapping(['drop', sequence('ALL')])],
        ]);
        if (edits) fixes.push({ title: 'Add a restricted container security context', edits });
      }
      ctx.report({ messageId: 'container', data: { target: workloadContainer(c) }, span: containerAnchor(ctx.doc, ctx.text, c), fixes, missing: true });
    }
  },
});
