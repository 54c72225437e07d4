import { dockerRule } from '../core/rule.js';

export default dockerRule<'duplicate'>({
  meta: {
    id: 'docker/unique-stage-names',
    stage: 'build',
    category: 'best-practice',
    severity: 'error',
    title: 'Stage names must be unique',
    rationale: 'Two stages with the same `AS` name (names compare case-insensitively) make `COPY --from=<name>`, `FROM <name>` and `--target <name>` ambiguous; BuildKit rejects the file, and older builders silently use one of them.',
    remediation: 'Give every stage its own name:\n\n```dockerfile\nFROM golang:1.26 AS build-api\nFROM golang:1.26 AS build-worker\n```',
    references: [
      { title: 'Build checks: DuplicateStageName', url: 'https://docs.docker.com/reference/build-checks/duplicate-stage-name/' },
    ],
    equivalents: { hadolint: ['DL3024'], checkov: ['CKV_DOCKER_11'], trivy: ['DS-0012'], buildkit: ['DuplicateStageName'] },
    fix: 'none',
    messages: { duplicate: 'Stage name `{{name}}` is already used on line {{line}}.' },
    examples: { invalid: 'FROM alpine:3.22 AS build\nFROM alpine:3.22 AS build', valid: 'FROM alpine:3.22 AS build\nFROM alpine:3.22 AS test' },
  },
  check(ctx) {
    const model = ctx.model;
    const seen = new Map<string, number>();
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameSpan) continue;
      const first = seen.get(stage.name);
      if (first !== undefined) {
        ctx.report({ messageId: 'duplicate', data: { name: stage.name, line: first }, span: stage.nameSpan, resource: model.resource(stage) });
      } else seen.set(stage.name, model.lines.positionAt(stage.from.span.start).line + 1);
    }
  },
});
