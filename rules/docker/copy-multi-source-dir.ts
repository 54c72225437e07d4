import { dockerRule } from '../core/rule.js';
import { heredocsOf } from '../core/dockerfile-model.js';

export default dockerRule<'notDirectory'>({
  meta: {
    id: 'docker/copy-multi-source-dir',
    stage: 'build',
    category: 'best-practice',
    severity: 'error',
    title: 'COPY with several sources needs a directory destination',
    rationale: 'With more than one source, `COPY`/`ADD` copies into a directory, and the destination must end with `/` to say so; otherwise the build fails.',
    remediation: '```dockerfile\nCOPY package.json package-lock.json /app/\n```',
    references: [{ title: 'Dockerfile reference: COPY', url: 'https://docs.docker.com/reference/dockerfile/#copy' }],
    equivalents: { hadolint: ['DL3021'], trivy: ['DS-0011'] },
    fix: 'safe',
    messages: { notDirectory: '`{{keyword}}` has {{count}} sources, so the destination `{{dest}}` must be a directory ending with `/`.' },
    examples: { invalid: 'FROM node:22-slim\nCOPY package.json package-lock.json /app', valid: 'FROM node:22-slim\nCOPY package.json package-lock.json /app/' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || !ins.stage || heredocsOf(ins).length) continue;
      const exec = model.execForm(ins);
      const words = exec ?? model.args(ins);
      if (words.length < 3) continue;
      const dest = words[words.length - 1];
      const resolved = model.resolve(dest.text, ins);
      if (resolved === undefined || resolved.endsWith('/') || resolved.endsWith('\\') || resolved === '.') continue;
      const fixes = exec ? [] : [{ title: `Write the destination as ${dest.text}/`, edits: [{ start: dest.span.end, end: dest.span.end, text: '/' }] }];
      ctx.report({ messageId: 'notDirectory', data: { keyword: ins.keyword, count: words.length - 1, dest: dest.text }, span: dest.span, resource: model.resource(ins.stage), fixes });
    }
  },
});
