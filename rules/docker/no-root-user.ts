import { dockerRule } from '../core/rule.js';

const ROOT = /^(root|0)(:.*)?$/;

export default dockerRule<'root', { defaultNonRootUser: string }>({
  meta: {
    id: 'docker/no-root-user',
    stage: 'build',
    severity: 'error',
    title: 'The final image must not run as root',
    rationale: 'The last `USER` of the final stage is the user the container runs as. As root, a compromised process owns the container filesystem and is one kernel or runtime bug away from the node; many escapes (runc CVE-2019-5736, mounted sockets) need root inside the container. Build stages may run as root: they never reach the image that runs.',
    remediation: 'End the final stage with a non-root user, preferably numeric so that Kubernetes can verify it:\n\n```dockerfile\nUSER 65532:65532\n```\n\nFiles created earlier as root may need `COPY --chown=65532:65532`.',
    references: [
      { title: 'Dockerfile reference: USER', url: 'https://docs.docker.com/reference/dockerfile/#user' },
      { title: 'CIS Docker Benchmark 4.1: create a user for the container', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { 'cis-docker': ['4.1'], nsa: ['non-root containers'], hadolint: ['DL3002'], checkov: ['CKV_DOCKER_8'], trivy: ['DS-0002'] },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    messages: { root: 'The {{stage}} runs as root (`USER {{user}}`): its last USER must be a non-root user.' },
    options: {
      schema: { type: 'object', properties: { defaultNonRootUser: { type: 'string', description: 'User written by the fix.' } }, additionalProperties: false },
      defaults: { defaultNonRootUser: '65532:65532' },
    },
    examples: { invalid: 'FROM alpine:3.20\nUSER root', valid: 'FROM alpine:3.20\nUSER 65532:65532' },
  },
  check(ctx) {
    const final = ctx.model.final;
    if (!final) return;
    const users = ctx.model.chainInstructions(final).filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    if (!last) return;
    const arg = ctx.model.args(last)[0];
    if (!arg) return;
    const resolved = ctx.model.resolve(arg.text, last);
    if (resolved === undefined || !ROOT.test(resolved)) return;
    const span = arg.span;
    ctx.report({
      messageId: 'root',
      data: { user: resolved, stage: ctx.model.describe(final) },
      span,
      resource: ctx.model.resource(final),
      fixes: [{
        title: `Run as ${ctx.options.defaultNonRootUser}`,
        edits: [{ start: span.start, end: span.end, text: ctx.options.defaultNonRootUser }],
        isPreferred: true,
      }],
    });
  },
});
