import { dockerRule } from '../core/rule.js';

export default dockerRule<'entire'>({
  meta: {
    id: 'docker/no-copy-entire-fs',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Do not copy a stage\'s whole filesystem',
    rationale: '`COPY --from=<stage> / /` carries everything the other stage contains (package manager, caches, compilers, build secrets left on disk) into this one, which defeats the point of a multi-stage build and hides what the final image really holds.',
    remediation: 'Copy only the artefacts you need:\n\n```dockerfile\nCOPY --from=build /out/app /usr/local/bin/app\n```',
    references: [{ title: 'Docker: multi-stage builds', url: 'https://docs.docker.com/build/building/multi-stage/' }],
    equivalents: { hadolint: ['DL3067'] },
    fix: 'none',
    messages: { entire: 'This copies the entire filesystem of `{{from}}`: copy only the files the image needs.' },
    examples: { invalid: 'FROM golang:1.26 AS build\nFROM scratch\nCOPY --from=build / /', valid: 'FROM golang:1.26 AS build\nFROM scratch\nCOPY --from=build /out/app /app' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'COPY' || !ins.stage) continue;
      const from = model.flag(ins, 'from')?.value;
      if (!from) continue;
      const words = model.execForm(ins) ?? model.args(ins);
      for (const w of words.slice(0, -1)) {
        if (/^\/(\.|\*)?\/?$/.test(w.text)) ctx.report({ messageId: 'entire', data: { from }, span: w.span, resource: model.resource(ins.stage) });
      }
    }
  },
});
