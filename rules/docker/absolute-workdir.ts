import { dockerRule } from '../core/rule.js';

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\)/;

export default dockerRule<'relative'>({
  meta: {
    id: 'docker/absolute-workdir',
    stage: 'build',
    category: 'best-practice',
    severity: 'warning',
    title: 'WORKDIR should be an absolute path',
    rationale: 'A relative `WORKDIR` is resolved against the previous working directory, which for the first one is whatever the base image set: the same Dockerfile then puts files in different places on different bases, and readers cannot tell where commands run. A relative WORKDIR after an absolute one in the same build is fine.',
    remediation: '```dockerfile\nWORKDIR /app\n```',
    references: [
      { title: 'Dockerfile reference: WORKDIR', url: 'https://docs.docker.com/reference/dockerfile/#workdir' },
      { title: 'Build checks: WorkdirRelativePath', url: 'https://docs.docker.com/reference/build-checks/workdir-relative-path/' },
    ],
    equivalents: { hadolint: ['DL3000'], checkov: ['CKV_DOCKER_10'], trivy: ['DS-0009'], buildkit: ['WorkdirRelativePath'] },
    fix: 'none',
    messages: { relative: '`WORKDIR {{path}}` is relative and no absolute WORKDIR precedes it: it depends on the base image\'s working directory.' },
    examples: { invalid: 'FROM node:22-slim\nWORKDIR app', valid: 'FROM node:22-slim\nWORKDIR /app' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.stages) {
      let absolute = model.ancestorsHave(stage, 'absolute-workdir', (i) => i.keyword === 'WORKDIR' && ABSOLUTE.test(model.resolve(model.args(i)[0]?.text ?? '', i) ?? '/'));
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'WORKDIR') continue;
        const arg = model.args(ins)[0];
        const path = arg ? model.resolve(arg.text, ins) : undefined;
        if (!arg || path === undefined) { absolute = true; continue; }
        if (ABSOLUTE.test(path)) { absolute = true; continue; }
        if (!absolute) ctx.report({ messageId: 'relative', data: { path }, span: arg.span, resource: model.resource(stage) });
      }
    }
  },
});
