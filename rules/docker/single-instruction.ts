import { dockerRule } from '../core/rule.js';
import { deleteInstruction } from '../core/dockerfile-edit.js';

const SINGLE = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

export default dockerRule<'overridden'>({
  meta: {
    id: 'docker/single-instruction',
    stage: 'build',
    category: 'best-practice',
    severity: 'warning',
    title: 'Use one CMD, ENTRYPOINT and HEALTHCHECK per stage',
    rationale: 'Only the last `CMD`, `ENTRYPOINT` or `HEALTHCHECK` of a stage takes effect; earlier ones are dead code that misleads readers about what the container runs.',
    remediation: 'Keep only the last one of each:\n\n```dockerfile\nENTRYPOINT ["/app"]\nCMD ["--serve"]\n```',
    references: [
      { title: 'Dockerfile reference: CMD', url: 'https://docs.docker.com/reference/dockerfile/#cmd' },
      { title: 'Build checks: MultipleInstructionsDisallowed', url: 'https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/' },
    ],
    equivalents: { hadolint: ['DL4003', 'DL4004', 'DL3012'], trivy: ['DS-0016', 'DS-0007', 'DS-0023'], buildkit: ['MultipleInstructionsDisallowed'] },
    fix: 'safe',
    messages: { overridden: 'This {{keyword}} has no effect: the {{keyword}} on line {{line}} of the same stage replaces it.' },
    examples: { invalid: 'FROM alpine:3.22\nCMD ["a"]\nCMD ["b"]', valid: 'FROM alpine:3.22\nCMD ["b"]' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.stages) {
      for (const keyword of SINGLE) {
        const list = stage.instructions.filter((i) => i.keyword === keyword);
        const last = list[list.length - 1];
        for (const ins of list.slice(0, -1)) {
          ctx.report({
            messageId: 'overridden',
            data: { keyword, line: model.lines.positionAt(last.span.start).line + 1 },
            span: ins.keywordSpan,
            resource: model.resource(stage),
            fixes: [{ title: `Remove the overridden ${keyword}`, edits: [deleteInstruction(model, ins)] }],
          });
        }
      }
    }
  },
});
