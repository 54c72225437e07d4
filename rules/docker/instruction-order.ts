import { dockerRule } from '../core/rule.js';

export default dockerRule<'beforeFrom' | 'onbuild'>({
  meta: {
    id: 'docker/instruction-order',
    stage: 'build',
    category: 'best-practice',
    severity: 'error',
    title: 'Instructions must be in a valid order',
    rationale: 'A Dockerfile must start with `FROM` (after optional `ARG`s, comments and parser directives); anything else before the first `FROM` fails the build. `ONBUILD` cannot trigger `ONBUILD`, `FROM` or `MAINTAINER`: those triggers are rejected when a child image builds on this one.',
    remediation: 'Move the instruction after `FROM`, and keep `ONBUILD` triggers to ordinary build steps:\n\n```dockerfile\nARG VERSION=3.22\nFROM alpine:${VERSION}\nONBUILD COPY . /src\n```',
    references: [
      { title: 'Dockerfile reference: FROM', url: 'https://docs.docker.com/reference/dockerfile/#from' },
      { title: 'Dockerfile reference: ONBUILD', url: 'https://docs.docker.com/reference/dockerfile/#onbuild' },
    ],
    equivalents: { hadolint: ['DL3061', 'DL3043'] },
    fix: 'none',
    messages: {
      beforeFrom: '`{{keyword}}` comes before the first FROM: only ARG may precede it.',
      onbuild: '`ONBUILD {{keyword}}` is not allowed: ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.',
    },
    examples: { invalid: 'RUN echo hi\nFROM alpine:3.22', valid: 'FROM alpine:3.22\nRUN echo hi' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (!ins.stage && ins.keyword !== 'ARG' && ins.keyword !== 'FROM') {
        ctx.report({ messageId: 'beforeFrom', data: { keyword: ins.keyword }, span: ins.keywordSpan });
      }
      if (ins.keyword === 'ONBUILD') {
        const trigger = model.args(ins)[0];
        const keyword = trigger?.text.toUpperCase();
        if (trigger && (keyword === 'ONBUILD' || keyword === 'FROM' || keyword === 'MAINTAINER')) {
          ctx.report({ messageId: 'onbuild', data: { keyword: keyword! }, span: trigger.span, resource: model.resource(ins.stage) });
        }
      }
    }
  },
});
