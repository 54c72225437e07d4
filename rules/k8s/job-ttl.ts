import { k8sRule } from '../core/rule.js';
import { isSeq, mapAt, nodeAt, pairOf } from '../core/yaml-model.js';

export default k8sRule<'standalone' | 'cronJob'>({
  meta: {
    id: 'k8s/job-ttl',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    title: 'Standalone Jobs should expire after they finish',
    rationale: 'A finished Job and its pods stay in the cluster until someone deletes them: they pile up in etcd, keep their logs and Secrets references around, and clutter every listing. `ttlSecondsAfterFinished` lets the TTL controller clean up. Jobs created by a CronJob are cleaned up by its history limits instead, and a TTL there deletes the history the limits are meant to keep.',
    remediation: 'For a standalone Job:\n\n```yaml\nspec:\n  ttlSecondsAfterFinished: 86400\n```\n\nFor a CronJob, remove `ttlSecondsAfterFinished` from the job template and set `successfulJobsHistoryLimit` / `failedJobsHistoryLimit`.',
    references: [{ title: 'Kubernetes: Automatic cleanup for finished Jobs', url: 'https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/' }],
    equivalents: { 'kube-linter': ['job-ttl-seconds-after-finished'] },
    fix: 'none',
    messages: {
      standalone: '{{resource}} does not set `ttlSecondsAfterFinished`, so the finished Job and its pods are never cleaned up.',
      cronJob: '{{resource}} sets `ttlSecondsAfterFinished` in its job template; the CronJob\'s history limits should clean up its Jobs.',
    },
    examples: { invalid: 'kind: Job\nspec:\n  template: {}', valid: 'kind: Job\nspec:\n  ttlSecondsAfterFinished: 86400' },
  },
  kinds: ['Job', 'CronJob'],
  check(ctx) {
    const o = ctx.object;
    if (o.kind === 'Job' && o.apiVersion.startsWith('batch/')) {
      // Jobs owned by another object (a CronJob, an operator) are cleaned up by their owner
      const owners = nodeAt(o.node, ['metadata', 'ownerReferences']);
      if (isSeq(owners) && owners.items.length) return;
      const specPair = pairOf(o.node, 'spec');
      if (!specPair || pairOf(specPair.value, 'ttlSecondsAfterFinished')) return;
      ctx.report({ messageId: 'standalone', data: { resource: o.resource }, span: ctx.doc.span(specPair.key), missing: true });
      return;
    }
    if (o.kind === 'CronJob') {
      const ttl = pairOf(mapAt(o.node, ['spec', 'jobTemplate', 'spec']), 'ttlSecondsAfterFinished');
      if (ttl) ctx.report({ messageId: 'cronJob', data: { resource: o.resource }, span: ctx.doc.span(ttl.key) });
    }
  },
});
