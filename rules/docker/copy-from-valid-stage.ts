import { dockerRule } from '../core/rule.js';

export default dockerRule<'self' | 'later' | 'undefined'>({
  meta: {
    id: 'docker/copy-from-valid-stage',
    stage: 'build',
    category: 'best-practice',
    severity: 'error',
    title: 'COPY --from must name an earlier stage or an image',
    rationale: '`COPY --from` reads files from an earlier stage (by name or index) or from an image. A stage cannot copy from itself or from a stage defined after it, and a name that matches no stage is pulled as an image from Docker Hub, usually a typo that fails the build, or worse, copies files from an unexpected public image.',
    remediation: 'Name a stage defined above, or a fully qualified image with a tag:\n\n```dockerfile\nFROM golang:1.26 AS build\nFROM alpine:3.22\nCOPY --from=build /out/app /app\nCOPY --from=docker.io/library/busybox:1.37 /bin/busybox /busybox\n```',
    references: [
      { title: 'Dockerfile reference: COPY --from', url: 'https://docs.docker.com/reference/dockerfile/#copy---from' },
    ],
    equivalents: { hadolint: ['DL3023', 'DL3022'], trivy: ['DS-0006'] },
    fix: 'none',
    messages: {
      self: '`--from={{ref}}` names the stage this COPY is in: a stage cannot copy from itself.',
      later: '`--from={{ref}}` names a stage defined later in the file; only earlier stages can be copied from.',
      undefined: '`--from={{ref}}` matches no stage above: it will be pulled as an image. Check the stage name, or write the image with its tag.',
    },
    examples: { invalid: 'FROM golang:1.26 AS build\nFROM alpine:3.22\nCOPY --from=biuld /out/app /app', valid: 'FROM golang:1.26 AS build\nFROM alpine:3.22\nCOPY --from=build /out/app /app' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'COPY' || !ins.stage) continue;
      const flag = model.flag(ins, 'from');
      if (!flag?.value || !flag.valueSpan) continue;
      const ref = model.resolve(flag.value, ins);
      if (!ref) continue;
      const lower = ref.toLowerCase();
      const own = ins.stage;
      const data = { ref };
      const report = (messageId: 'self' | 'later' | 'undefined'): void => ctx.report({ messageId, data, span: flag.valueSpan!, resource: model.resource(own) });
      if (/^\d+$/.test(lower)) {
        const n = Number(lower);
        if (n === own.index) report('self');
        else if (n > own.index || n >= model.stages.length) report('later');
        continue;
      }
      if (own.name === lower) { report('self'); continue; }
      if (model.stageNamed(lower, ins)) continue;
      if (model.stages.some((s) => s.name === lower && s.index > own.index)) { report('later'); continue; }
      // a bare word without tag, registry or digest is almost always a misspelt stage
      if (!/[:/@.]/.test(lower)) report('undefined');
    }
  },
});
