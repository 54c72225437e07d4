import { describeContainer, podSpecOf } from '../core/k8s.js';
import { k8sRule, type K8sRule, type RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/types.js';
import { isLongRunning, LONG_RUNNING_KINDS, longRunningContainers, missingFieldAnchor } from '../core/workloads.js';
import { pairOf } from '../core/yaml-model.js';

export interface RequiredProbeSpec {
  id: string;
  probe: 'livenessProbe' | 'readinessProbe';
  severity: Severity;
  title: string;
  rationale: string;
  remediation: string;
  equivalents: RuleMeta['equivalents'];
  /** What happens without the probe, for the message. */
  consequence: string;
}

/**
 * A probe every long-running container should declare (RULES.md §7): containers and native sidecars of controllers
 * that keep pods running; Jobs, CronJobs and bare Pods are exempt; ephemeral containers are never checked.
 */
export function requiredProbeRule(spec: RequiredProbeSpec): K8sRule<'missing'> {
  return k8sRule({
    meta: {
      id: spec.id,
      stage: 'deploy',
      category: 'best-practice',
      severity: spec.severity,
      title: spec.title,
      rationale: spec.rationale,
      remediation: spec.remediation,
      references: [{ title: 'Kubernetes: Configure liveness, readiness and startup probes', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/' }],
      equivalents: spec.equivalents,
      fix: 'none',
      messages: { missing: `{{resource}}, {{container}} has no \`${spec.probe}\`: ${spec.consequence}.` },
      examples: {
        invalid: 'containers:\n  - name: app\n    image: shop:1.4',
        valid: `containers:\n  - name: app\n    image: shop:1.4\n    ${spec.probe}:\n      httpGet: {path: /healthz, port: http}`,
      },
    },
    kinds: LONG_RUNNING_KINDS,
    check(ctx) {
      if (!isLongRunning(ctx.object)) return;
      const pod = podSpecOf(ctx.object);
      if (!pod) return;
      for (const c of longRunningContainers(pod)) {
        if (pairOf(c.node, spec.probe)) continue;
        ctx.report({
          messageId: 'missing',
          data: { resource: ctx.object.resource, container: describeContainer(c) },
          span: ctx.doc.span(missingFieldAnchor(c, [])),
          missing: true,
        });
      }
    },
  });
}
