import { dockerRule } from '../core/rule.js';

export default dockerRule<'missing' | 'none'>({
  meta: {
    id: 'docker/require-healthcheck',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    enabledByDefault: false,
    title: 'The final image should define a HEALTHCHECK',
    rationale: 'Without a `HEALTHCHECK`, Docker and Compose only know whether the process is running, not whether it still answers: a deadlocked or wedged service stays "up" and keeps receiving traffic. Off by default because Kubernetes ignores `HEALTHCHECK` and uses liveness/readiness probes instead; turn it on for images that also run on plain Docker, Compose or Swarm.',
    remediation: 'Add a cheap check of the service itself:\n\n```dockerfile\nHEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "healthcheck"]\n```\n\nPrefer a check built into the application over installing `curl` just for it.',
    references: [
      { title: 'Dockerfile reference: HEALTHCHECK', url: 'https://docs.docker.com/reference/dockerfile/#healthcheck' },
      { title: 'CIS Docker Benchmark 4.6: add HEALTHCHECK to the container image', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { hadolint: ['DL3057'], checkov: ['CKV_DOCKER_2'], trivy: ['DS-0026'], 'cis-docker': ['4.6'] },
    fix: 'none',
    messages: {
      missing: 'The {{stage}} defines no HEALTHCHECK: Docker cannot tell a running but unresponsive container from a healthy one.',
      none: '`HEALTHCHECK NONE` turns off the health check the {{stage}} would otherwise have.',
    },
    examples: { invalid: 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/', valid: 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nHEALTHCHECK CMD ["nginx", "-t"]' },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final) return;
    const checks = model.chainInstructions(final).filter((i) => i.keyword === 'HEALTHCHECK');
    const last = checks[checks.length - 1];
    if (!last) {
      ctx.report({ messageId: 'missing', data: { stage: model.describe(final) }, span: final.imageSpan, resource: model.resource(final), missing: true });
      return;
    }
    const arg = model.args(last)[0];
    if (arg && arg.text.toUpperCase() === 'NONE') ctx.report({ messageId: 'none', data: { stage: model.describe(final) }, span: arg.span, resource: model.resource(final) });
  },
});
