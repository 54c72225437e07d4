import { dockerRule } from '../core/rule.js';

export default dockerRule<'cd'>({
  meta: {
    id: 'docker/no-cd-use-workdir',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Use WORKDIR instead of cd',
    rationale: '`cd` in a RUN only lasts for that RUN, so later instructions silently run somewhere else, and long `cd a && … && cd b` chains are hard to follow. `WORKDIR` sets the directory for every following instruction and documents it.',
    remediation: '```dockerfile\nWORKDIR /src/app\nRUN make\n```',
    references: [{ title: 'Docker build best practices: WORKDIR', url: 'https://docs.docker.com/build/building/best-practices/#workdir' }],
    equivalents: { hadolint: ['DL3003'], trivy: ['DS-0013'] },
    fix: 'none',
    messages: { cd: '`cd` only lasts for this RUN: set the directory with WORKDIR.' },
    examples: { invalid: 'FROM golang:1.26\nRUN cd /src && go build ./...', valid: 'FROM golang:1.26\nWORKDIR /src\nRUN go build ./...' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      for (const c of script.commands) {
        if (c.name === 'cd' && c.context === 'top' && !c.wrappers.length) ctx.report({ messageId: 'cd', span: c.word.span, resource: model.resource(ins.stage) });
      }
    }
  },
});
