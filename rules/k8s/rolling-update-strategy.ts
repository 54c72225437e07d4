import { k8sRule } from '../core/rule.js';
import { isTemplated, nodeAt, stringOf } from '../core/yaml-model.js';

/** The strategy field and the value that replaces pods without a rolling update, per kind. */
const STRATEGY: Record<string, { path: string[]; bad: string }> = {
  Deployment: { path: ['spec', 'strategy', 'type'], bad: 'Recreate' },
  DaemonSet: { path: ['spec', 'updateStrategy', 'type'], bad: 'OnDelete' },
  StatefulSet: { path: ['spec', 'updateStrategy', 'type'], bad: 'OnDelete' },
};

export default k8sRule<'recreate' | 'onDelete'>({
  meta: {
    id: 'k8s/rolling-update-strategy',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    title: 'Workloads should update with a rolling strategy',
    rationale: '`Recreate` stops every old pod before starting the new ones: each rollout is an outage, and a bad version leaves nothing running. `OnDelete` never replaces pods by itself, so a changed spec (a security fix included) only reaches pods someone deletes by hand.',
    remediation: 'Use the default rolling update, tuned if needed:\n\n```yaml\nstrategy:\n  type: RollingUpdate\n  rollingUpdate:\n    maxUnavailable: 0\n    maxSurge: 1\n```',
    references: [{ title: 'Kubernetes: Deployment strategy', url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy' }],
    equivalents: { 'kube-linter': ['no-rolling-update-strategy'], 'kube-score': ['deployment-strategy'] },
    fix: 'none',
    messages: {
      recreate: '{{resource}} uses the `Recreate` strategy: every rollout stops all pods before starting new ones.',
      onDelete: '{{resource}} uses the `OnDelete` update strategy: spec changes only reach pods that are deleted by hand.',
    },
    examples: { invalid: 'kind: Deployment\nspec:\n  strategy:\n    type: Recreate', valid: 'kind: Deployment\nspec:\n  strategy:\n    type: RollingUpdate' },
  },
  kinds: Object.keys(STRATEGY),
  check(ctx) {
    const s = Object.hasOwn(STRATEGY, ctx.object.kind) ? STRATEGY[ctx.object.kind] : undefined;
    if (!s) return;
    const node = nodeAt(ctx.object.node, s.path);
    if (!node || isTemplated(node) || stringOf(node) !== s.bad) return;
    ctx.report({ messageId: s.bad === 'Recreate' ? 'recreate' : 'onDelete', data: { resource: ctx.object.resource }, span: ctx.doc.span(node) });
  },
});
