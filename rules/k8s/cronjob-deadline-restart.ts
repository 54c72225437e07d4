import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { isTemplated, pairOf, stringOf } from '../core/yaml-model.js';

/** Controllers that keep pods running: the API only accepts `restartPolicy: Always` for them. */
const ALWAYS_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'];
const RUN_TO_COMPLETION = ['Job', 'CronJob'];

export default k8sRule<'noDeadline' | 'jobRestart' | 'jobRestartMissing' | 'controllerRestart'>({
  meta: {
    id: 'k8s/cronjob-deadline-restart',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    title: 'CronJobs should set a start deadline and a valid restart policy',
    rationale: 'Without `startingDeadlineSeconds`, a CronJob that missed many schedules (controller down, cluster paused) may refuse to start again after 100 misses, or start a late run at an unexpected time. Job pods must use `restartPolicy: OnFailure` or `Never` (the API rejects the default `Always` for Jobs), and controllers that keep pods running only accept `Always`.',
    remediation: '```yaml\nkind: CronJob\nspec:\n  startingDeadlineSeconds: 300\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n```',
    references: [{ title: 'Kubernetes: CronJob limitations and deadlines', url: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#cron-job-limitations' }],
    equivalents: { 'kube-score': ['cronjob-has-deadline', 'cronjob-restartpolicy'], 'kube-linter': ['restart-policy'] },
    fix: 'none',
    messages: {
      noDeadline: '{{resource}} does not set `startingDeadlineSeconds`; after many missed schedules it may stop starting Jobs.',
      jobRestart: '{{resource}} uses `restartPolicy: {{policy}}`; Job pods must use `OnFailure` or `Never`.',
      jobRestartMissing: '{{resource}} does not set `restartPolicy`; Job pods must use `OnFailure` or `Never` (the default `Always` is rejected).',
      controllerRestart: '{{resource}} uses `restartPolicy: {{policy}}`; a {{kind}} only accepts `Always`.',
    },
    examples: {
      invalid: 'kind: CronJob\nspec:\n  schedule: "0 * * * *"',
      valid: 'kind: CronJob\nspec:\n  schedule: "0 * * * *"\n  startingDeadlineSeconds: 300',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const o = ctx.object;
    if (o.kind === 'CronJob') {
      const specPair = pairOf(o.node, 'spec');
      if (specPair && !pairOf(specPair.value, 'startingDeadlineSeconds')) {
        ctx.report({ messageId: 'noDeadline', data: { resource: o.resource }, span: ctx.doc.span(specPair.key), missing: true });
      }
    }
    const pod = podSpecOf(o);
    if (!pod) return;
    const pair = pairOf(pod.spec, 'restartPolicy');
    if (pair && isTemplated(pair.value)) return;
    const policy = pair ? stringOf(pair.value) : undefined;
    if (RUN_TO_COMPLETION.includes(o.kind)) {
      if (policy === 'OnFailure' || policy === 'Never') return;
      if (!pair) ctx.report({ messageId: 'jobRestartMissing', data: { resource: o.resource }, span: ctx.doc.span(pod.specPair.key), missing: true });
      else if (policy !== undefined && pair.value) ctx.report({ messageId: 'jobRestart', data: { resource: o.resource, policy }, span: ctx.doc.span(pair.value) });
      return;
    }
    if (ALWAYS_KINDS.includes(o.kind) && policy !== undefined && policy !== 'Always' && pair?.value) {
      ctx.report({ messageId: 'controllerRestart', data: { resource: o.resource, policy, kind: o.kind }, span: ctx.doc.span(pair.value) });
    }
  },
});
