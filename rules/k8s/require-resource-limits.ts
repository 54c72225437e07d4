import { describeContainer, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { missingFieldAnchor, resourcesOf, sizedContainers } from '../core/workloads.js';

interface Options {
  /** Do not ask for CPU limits (CPU is compressible; limits cause throttling). */
  ignoreCpuLimit: boolean;
}

export default k8sRule<'missing', Options>({
  meta: {
    id: 'k8s/require-resource-limits',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'warning',
    title: 'Containers should set a memory limit (and a CPU limit)',
    rationale: 'Without a memory limit one leaking or compromised container can consume the node\'s memory until the kernel kills other workloads; the NSA/CISA guide lists unbounded resources as a denial-of-service risk. A missing CPU limit is reported as info: CPU is shared fairly by requests, and some teams deliberately leave it unset (option `ignoreCpuLimit`).',
    remediation: 'Set limits from observed usage:\n\n```yaml\nresources:\n  limits:\n    memory: 256Mi\n    cpu: 500m\n```',
    references: [
      { title: 'Kubernetes: Resource management for pods and containers', url: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/' },
      { title: 'NSA/CISA Kubernetes Hardening Guide: resource policies', url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF' },
    ],
    equivalents: {
      polaris: ['cpuLimitsMissing', 'memoryLimitsMissing'], 'kube-score': ['container-resources'],
      checkov: ['CKV_K8S_11', 'CKV_K8S_13'], trivy: ['KSV-0011', 'KSV-0018'], kubescape: ['C-0270', 'C-0271'], nsa: ['C-0270', 'C-0271'],
    },
    profiles: ['nsa'],
    fix: 'none',
    messages: { missing: '{{resource}}, {{container}} has no {{what}}.' },
    options: {
      schema: {
        type: 'object',
        properties: { ignoreCpuLimit: { type: 'boolean', description: 'Only require a memory limit.' } },
        additionalProperties: false,
      },
      defaults: { ignoreCpuLimit: false },
    },
    examples: {
      invalid: 'containers:\n  - name: app\n    resources:\n      requests: {memory: 128Mi}',
      valid: 'containers:\n  - name: app\n    resources:\n      limits: {memory: 256Mi, cpu: 500m}',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of sizedContainers(pod)) {
      const r = resourcesOf(c);
      if (r.opaque) continue;
      const memory = !r.limits.has('memory');
      const cpu = ctx.options.ignoreCpuLimit !== true && !r.limits.has('cpu');
      if (!memory && !cpu) continue;
      const what = [memory ? 'memory limit' : '', cpu ? 'CPU limit' : ''].filter(Boolean).join(' and no ');
      ctx.report({
        messageId: 'missing',
        data: { resource: ctx.object.resource, container: describeContainer(c), what },
        span: ctx.doc.span(missingFieldAnchor(c, ['resources', 'limits'])),
        severity: memory ? 'warning' : 'info',
        missing: true,
      });
    }
  },
});
