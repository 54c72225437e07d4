import { dockerRule } from '../core/rule.js';

export default dockerRule<'untagged' | 'latest'>({
  meta: {
    id: 'docker/no-latest-base-image',
    stage: 'build',
    severity: 'warning',
    title: 'Base images must be pinned to a tag or digest other than latest',
    rationale: 'An untagged base image means `:latest`, and `:latest` moves: the same Dockerfile builds a different image next week, with a different distribution, different packages and possibly a different default user. Builds stop being reproducible, a compromised or broken upstream push flows straight into your image, and a scan of yesterday\'s image says nothing about today\'s. Every stage counts: a builder stage on `:latest` changes what gets compiled into the final image.',
    remediation: 'Pin a specific version tag, or better a digest (a tag can be re-pushed, a digest cannot):\n\n```dockerfile\nFROM python:3.13-slim\n# or\nFROM python:3.13-slim@sha256:<digest>\n```\n\nA bot (Renovate, Dependabot) can keep pinned tags and digests current.',
    references: [
      { title: 'Dockerfile reference: FROM', url: 'https://docs.docker.com/reference/dockerfile/#from' },
      { title: 'Docker build best practices: pin base image versions', url: 'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions' },
    ],
    equivalents: { hadolint: ['DL3006', 'DL3007'], checkov: ['CKV_DOCKER_7'], trivy: ['DS-0001'] },
    fix: 'none',
    messages: {
      untagged: 'The base image `{{image}}` of {{stage}} has no tag, so it means `:latest` and changes under you. Pin a version tag or a digest.',
      latest: 'The base image `{{image}}` of {{stage}} uses the moving `:latest` tag. Pin a version tag or a digest.',
    },
    examples: { invalid: 'FROM ubuntu\nFROM node:latest', valid: 'FROM ubuntu:24.04\nFROM node:22.11-slim@sha256:<digest>' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.stages) {
      const ref = stage.image;
      if (!ref || ref.digest) continue;
      const untagged = ref.tag === undefined || ref.tag === '';
      if (!untagged && ref.tag !== 'latest') continue;
      ctx.report({
        messageId: untagged ? 'untagged' : 'latest',
        data: { image: stage.resolvedImage ?? stage.imageText, stage: model.resource(stage)! },
        span: stage.imageSpan,
        resource: model.resource(stage),
      });
    }
  },
});
