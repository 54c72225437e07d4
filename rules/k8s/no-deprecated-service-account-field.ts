import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule, type FixDescriptor } from '../core/rule.js';
import { isScalar, isTemplated, pairOf, stringOf, type Node } from '../core/yaml-model.js';

export default k8sRule<'alias' | 'same' | 'conflict'>({
  meta: {
    id: 'k8s/no-deprecated-service-account-field',
    stage: 'access',
    severity: 'info',
    title: 'Use serviceAccountName instead of the deprecated serviceAccount',
    rationale: '`serviceAccount` is a deprecated alias of `serviceAccountName`. When both are set and differ, the API server uses `serviceAccountName`, so a reviewer reading `serviceAccount` sees the wrong identity (reported as a warning). Tools and policies that only read `serviceAccountName` miss the alias.',
    remediation: 'Rename the key:\n\n```yaml\nspec:\n  serviceAccountName: billing-api\n```',
    references: [{ title: 'Kubernetes API: PodSpec', url: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security' }],
    equivalents: { 'kube-linter': ['deprecated-service-account-field'] },
    fix: 'safe',
    messages: {
      alias: '{{resource}} uses the deprecated `serviceAccount` field; use `serviceAccountName`.',
      same: '{{resource}} repeats the ServiceAccount in the deprecated `serviceAccount` field; `serviceAccountName` alone is enough.',
      conflict: '{{resource}} sets `serviceAccount: {{alias}}` but `serviceAccountName: {{name}}`; Kubernetes uses `serviceAccountName`, so the pod runs as "{{name}}".',
    },
    examples: {
      invalid: 'spec:\n  serviceAccount: billing-api',
      valid: 'spec:\n  serviceAccountName: billing-api',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const alias = pairOf(pod.spec, 'serviceAccount');
    if (!alias) return;
    const main = pairOf(pod.spec, 'serviceAccountName');
    const data = { resource: ctx.object.resource };
    const aliasValue = isTemplated(alias.value) ? undefined : stringOf(alias.value) ?? (isScalar(alias.value) ? '' : undefined);
    const span = ctx.doc.span(alias.key);
    const sourceOf = (node: Node): string => { const s = ctx.doc.span(node); return ctx.text.slice(s.start, s.end); };
    if (!main) {
      ctx.report({
        messageId: 'alias', data, span,
        fixes: [{ title: 'Rename to `serviceAccountName`', edits: [ctx.edit.replace(alias.key, 'serviceAccountName')], isPreferred: true }],
      });
      return;
    }
    const mainValue = isTemplated(main.value) ? undefined : stringOf(main.value) ?? (isScalar(main.value) ? '' : undefined);
    if (aliasValue === undefined || mainValue === undefined) {
      ctx.report({ messageId: 'alias', data, span });
      return;
    }
    const fixes: FixDescriptor[] = [];
    if (aliasValue === mainValue) {
      fixes.push({ title: 'Remove the deprecated `serviceAccount`', edits: [ctx.edit.removePair(pod.spec, alias)], isPreferred: true });
      ctx.report({ messageId: 'same', data, span, fixes });
      return;
    }
    if (mainValue === '') {
      // an empty serviceAccountName means "unset": the alias is what the pod runs as today
      fixes.push({
        title: 'Move the name to `serviceAccountName`',
        edits: [ctx.edit.replace(main.value!, sourceOf(alias.value!)), ctx.edit.removePair(pod.spec, alias)],
        isPreferred: true,
      });
      ctx.report({ messageId: 'alias', data, span, fixes });
      return;
    }
    ctx.report({ messageId: 'conflict', data: { ...data, alias: aliasValue || '""', name: mainValue }, span, severity: 'warning' });
  },
});
