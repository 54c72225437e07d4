import { dockerRule } from '../core/rule.js';

export default dockerRule<'maintainer'>({
  meta: {
    id: 'docker/no-maintainer',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Use a LABEL instead of the deprecated MAINTAINER',
    rationale: '`MAINTAINER` is deprecated and sets a field most tools no longer read. The OCI annotation `org.opencontainers.image.authors` is where registries, scanners and SBOM tools look for the image\'s owner, which is what you need when a vulnerability has to be routed to someone.',
    remediation: '```dockerfile\nLABEL org.opencontainers.image.authors="team@example.com"\n```',
    references: [
      { title: 'Dockerfile reference: MAINTAINER (deprecated)', url: 'https://docs.docker.com/reference/dockerfile/#maintainer-deprecated' },
      { title: 'OCI image annotations', url: 'https://github.com/opencontainers/image-spec/blob/main/annotations.md' },
    ],
    equivalents: { hadolint: ['DL4000'], checkov: ['CKV_DOCKER_6'], trivy: ['DS-0022'], buildkit: ['MaintainerDeprecated'] },
    fix: 'safe',
    messages: { maintainer: '`MAINTAINER` is deprecated: use `LABEL org.opencontainers.image.authors`.' },
    examples: { invalid: 'FROM alpine:3.22\nMAINTAINER team@example.com', valid: 'FROM alpine:3.22\nLABEL org.opencontainers.image.authors="team@example.com"' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'MAINTAINER') continue;
      const words = model.args(ins);
      const fixes = [];
      if (words.length) {
        const value = model.text.slice(words[0].span.start, words[words.length - 1].span.end).replace(/\s*\\\r?\n\s*/g, ' ');
        const quoted = `"${value.replace(/^"(.*)"$/, '$1').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
        fixes.push({
          title: 'Replace with LABEL org.opencontainers.image.authors',
          edits: [{ start: ins.keywordSpan.start, end: ins.span.end, text: `LABEL org.opencontainers.image.authors=${quoted}` }],
          isPreferred: true,
        });
      }
      ctx.report({ messageId: 'maintainer', span: ins.keywordSpan, resource: model.resource(ins.stage), fixes });
    }
  },
});
