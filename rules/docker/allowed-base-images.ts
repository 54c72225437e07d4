import { dockerRule } from '../core/rule.js';
import { firstMatch, imagePatternListSchema, listForMessage } from '../templates/image-policy.js';

export interface AllowedBaseImagesOptions {
  allowedBaseImages: string[];
  applyToAllStages: boolean;
}

export default dockerRule<'notAllowed', AllowedBaseImagesOptions>({
  meta: {
    id: 'docker/allowed-base-images',
    stage: 'policy',
    severity: 'error',
    enabledByDefault: false,
    title: 'The final image must start from an approved base image',
    rationale: 'The base image of the final stage is most of what ships: its packages, its default user, its patch level. Organisations keep a short list of hardened, minimal and regularly rebuilt bases (distroless, Chainguard, an internal golden image) so that every service inherits the same vetted foundation and one rebuild patches them all. Build stages may use any toolchain image: only the final chain reaches production, unless `applyToAllStages` is set.',
    remediation: 'Start the final stage from an approved base and keep toolchains in a build stage:\n\n```dockerfile\nFROM golang:1.24 AS build\nRUN go build -o /app ./cmd/app\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n```\n\nThe list is set in `.palisade.yaml` (`policies.allowedBaseImages`, globs such as `gcr.io/distroless/*`). Off by default.',
    references: [
      { title: 'Docker build best practices: choose the right base image', url: 'https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image' },
      { title: 'CIS Docker Benchmark 4.2: use trusted base images', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { 'cis-docker': ['4.2'], hadolint: ['DL3026'] },
    fix: 'none',
    messages: { notAllowed: 'The base image `{{image}}` of {{stage}} is not an approved base image (approved: {{allowed}}).' },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowedBaseImages: imagePatternListSchema('Approved base images (globs, e.g. `gcr.io/distroless/*`); empty = no restriction.'),
          applyToAllStages: { type: 'boolean', description: 'Also check build stages, not only the final chain.' },
        },
      },
      defaults: { allowedBaseImages: [], applyToAllStages: false },
    },
    examples: {
      invalid: '# policies: {allowedBaseImages: ["gcr.io/distroless/*"]}\nFROM ubuntu:24.04',
      valid: 'FROM golang:1.24 AS build\nFROM gcr.io/distroless/static:nonroot',
    },
  },
  check(ctx) {
    const allowed = ctx.options.allowedBaseImages ?? [];
    if (!allowed.length) return;
    const model = ctx.model;
    // the final stage's base image is the FROM at the root of its chain; with applyToAllStages, every root
    const roots = ctx.options.applyToAllStages
      ? model.stages.filter((s) => !s.parent)
      : model.final ? [model.rootOf(model.final)] : [];
    for (const stage of roots) {
      if (!stage.image || stage.scratch) continue;
      if (firstMatch(allowed, stage.image) !== undefined) continue;
      ctx.report({
        messageId: 'notAllowed',
        data: { image: stage.resolvedImage ?? stage.imageText, stage: model.describe(stage), allowed: listForMessage(allowed) },
        span: stage.imageSpan,
        resource: model.resource(stage),
      });
    }
  },
});
