import { dockerRule } from '../core/rule.js';
import { insertLineAfter, insertLineBefore } from '../core/dockerfile-edit.js';
import { globMatch } from '../core/image-ref.js';

interface Options {
  defaultNonRootUser: string;
  nonRootBaseImages: string[];
}

export default dockerRule<'missing', Options>({
  meta: {
    id: 'docker/require-user',
    stage: 'build',
    severity: 'warning',
    title: 'The final image must set a non-root USER',
    rationale: 'Without a `USER` instruction anywhere in the final stage (or the stages it is built `FROM`), the container runs as whatever user the base image configured, and for almost every base image, `scratch` included, that is root. A process running as root inside the container owns its filesystem and needs only one kernel or runtime flaw to reach the node. Base images that already run as a non-root user (distroless `:nonroot`, Chainguard) are exempt through the `nonRootBaseImages` option: knowing an image\'s configured user would need the registry, so it is a setting rather than a lookup.',
    remediation: 'Create or pick an unprivileged user and switch to it before the command that runs:\n\n```dockerfile\nUSER 65532:65532\nENTRYPOINT ["/app"]\n```\n\nA numeric UID lets Kubernetes verify `runAsNonRoot`. Files created as root earlier may need `COPY --chown=65532:65532`.',
    references: [
      { title: 'Dockerfile reference: USER', url: 'https://docs.docker.com/reference/dockerfile/#user' },
      { title: 'Docker build best practices: USER', url: 'https://docs.docker.com/build/building/best-practices/#user' },
      { title: 'CIS Docker Benchmark 4.1: create a user for the container', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { 'cis-docker': ['4.1'], checkov: ['CKV_DOCKER_3'], trivy: ['DS-0002'] },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      missing: 'The {{stage}} never sets USER: the container runs as the base image\'s user, which is root for {{image}}.',
    },
    options: {
      schema: {
        type: 'object',
        properties: {
          defaultNonRootUser: { type: 'string', description: 'User written by the fix.' },
          nonRootBaseImages: {
            type: 'array', items: { type: 'string' },
            description: 'Base images (globs, `*` matches anything) that already run as a non-root user.',
          },
        },
        additionalProperties: false,
      },
      defaults: {
        defaultNonRootUser: '65532:65532',
        nonRootBaseImages: ['gcr.io/distroless/*:nonroot', 'gcr.io/distroless/*:*-nonroot', '*:nonroot', '*:*-nonroot', 'cgr.dev/chainguard/*'],
      },
    },
    examples: {
      invalid: 'FROM node:22-slim\nCOPY . /app\nCMD ["node", "/app/server.js"]',
      valid: 'FROM node:22-slim\nCOPY . /app\nUSER 65532:65532\nCMD ["node", "/app/server.js"]',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final) return;
    const chain = model.chain(final);
    if (chain.some((s) => s.instructions.some((i) => i.keyword === 'USER'))) return;
    const root = model.rootOf(final);
    if (!root.scratch) {
      const image = root.resolvedImage;
      if (!image) return;
      const bare = image.split('@')[0];
      if ((ctx.options.nonRootBaseImages ?? []).some((g) => globMatch(g, image) || globMatch(g, bare))) return;
    }
    const start = final.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
    const last = final.instructions[final.instructions.length - 1] ?? final.from;
    const line = `USER ${ctx.options.defaultNonRootUser}`;
    ctx.report({
      messageId: 'missing',
      data: { stage: model.describe(final), image: root.scratch ? 'scratch' : root.imageText },
      span: final.imageSpan,
      resource: model.resource(final),
      fixes: [{
        title: `Add \`${line}\``,
        edits: [start ? insertLineBefore(model, start, line) : insertLineAfter(model, last, line)],
      }],
    });
  },
});
