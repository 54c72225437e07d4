import { dockerRule } from '../core/rule.js';
import { firstMatch, imagePatternListSchema } from '../templates/image-policy.js';

export const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

export default dockerRule<'unpinned' | 'badDigest', { exemptImages: string[] }>({
  meta: {
    id: 'docker/require-base-image-digest',
    stage: 'policy',
    severity: 'warning',
    enabledByDefault: false,
    title: 'Base images must be pinned by digest',
    rationale: 'A tag is a pointer the registry owner can move: `node:22.11-slim` today and after a re-push are different images, so the same Dockerfile can build different code, and a compromised publisher account changes every build that follows. A `@sha256:` digest names exactly one image; updates become reviewed changes (a bot such as Renovate can propose them).',
    remediation: 'Append the digest of the image you reviewed (keep the tag for readability):\n\n```dockerfile\nFROM node:22.11-slim@sha256:<64 hex digits>\n```\n\n`docker buildx imagetools inspect node:22.11-slim` prints it. Off by default; `policies.requireImageDigests: true` or a `rules` entry turns it on.',
    references: [
      { title: 'Docker build best practices: pin base image versions', url: 'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions' },
      { title: 'Dockerfile reference: FROM', url: 'https://docs.docker.com/reference/dockerfile/#from' },
    ],
    equivalents: {},
    fix: 'none',
    messages: {
      unpinned: 'The base image `{{image}}` of {{stage}} is not pinned by digest (`@sha256:…`).',
      badDigest: 'The base image `{{image}}` of {{stage}} has a digest that is not a full `sha256:` digest.',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: { exemptImages: imagePatternListSchema('Images that need no digest (e.g. internal images rebuilt in the same pipeline).') },
      },
      defaults: { exemptImages: [] },
    },
    examples: { invalid: 'FROM node:22.11-slim', valid: 'FROM node:22.11-slim@sha256:<digest>' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.stages) {
      const ref = stage.image;
      if (!ref || stage.scratch) continue;
      if (ref.digest !== undefined && SHA256_DIGEST.test(ref.digest)) continue;
      if (firstMatch(ctx.options.exemptImages ?? [], ref) !== undefined) continue;
      ctx.report({
        messageId: ref.digest !== undefined ? 'badDigest' : 'unpinned',
        data: { image: stage.resolvedImage ?? stage.imageText, stage: model.describe(stage) },
        span: stage.imageSpan,
        resource: model.resource(stage),
      });
    }
  },
});
