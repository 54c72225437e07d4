import { dockerRule } from '../core/rule.js';
import { heredocsOf } from '../core/dockerfile-model.js';

export default dockerRule<'relative'>({
  meta: {
    id: 'docker/copy-relative-needs-workdir',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Set WORKDIR before copying to a relative destination',
    rationale: 'A relative `COPY`/`ADD` destination is resolved against the working directory, which, without a `WORKDIR` in the Dockerfile, is whatever the base image chose (often `/`). Files then land in a different place when the base image changes, and readers cannot tell where they go.',
    remediation: '```dockerfile\nWORKDIR /app\nCOPY . .\n```',
    references: [{ title: 'Dockerfile reference: COPY', url: 'https://docs.docker.com/reference/dockerfile/#copy' }],
    equivalents: { hadolint: ['DL3045'] },
    fix: 'none',
    messages: { relative: '`{{dest}}` is relative but no WORKDIR is set: the files land in the base image\'s working directory.' },
    examples: { invalid: 'FROM node:22-slim\nCOPY package.json .', valid: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json .' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.stages) {
      let workdir = model.ancestorsHave(stage, 'workdir', (i) => i.keyword === 'WORKDIR');
      for (const ins of stage.instructions) {
        if (ins.keyword === 'WORKDIR') { workdir = true; continue; }
        if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || workdir || heredocsOf(ins).length) continue;
        const words = model.execForm(ins) ?? model.args(ins);
        if (words.length < 2) continue;
        const dest = words[words.length - 1];
        const path = model.resolve(dest.text, ins);
        if (path === undefined || /^(\/|[A-Za-z]:[\\/]|\\)/.test(path)) continue;
        ctx.report({ messageId: 'relative', data: { dest: dest.text }, span: dest.span, resource: model.resource(stage) });
      }
    }
  },
});
