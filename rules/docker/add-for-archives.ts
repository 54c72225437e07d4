import { dockerRule } from '../core/rule.js';
import { heredocsOf } from '../core/dockerfile-model.js';

const TAR = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

export default dockerRule<'archive'>({
  meta: {
    id: 'docker/add-for-archives',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    enabledByDefault: false,
    title: 'Let ADD unpack local archives',
    rationale: '`COPY app.tar.gz /tmp/` followed by `RUN tar -xzf /tmp/app.tar.gz` stores the archive in one layer and its contents in the next, so the image carries both (unless the RUN also deletes it, which still leaves it in the COPY layer). `ADD` unpacks a local tar archive in a single step and stores only the contents. Off by default: `COPY` + `tar` is explicit and some teams prefer it.',
    remediation: '```dockerfile\nADD app.tar.gz /opt/app/\n```',
    references: [{ title: 'Dockerfile reference: ADD', url: 'https://docs.docker.com/reference/dockerfile/#add' }],
    equivalents: { hadolint: ['DL3010'] },
    fix: 'none',
    messages: { archive: '`{{file}}` is copied and then extracted with tar: `ADD {{file}} <dir>` does both without storing the archive.' },
    examples: { invalid: 'FROM alpine:3.22\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt', valid: 'FROM alpine:3.22\nADD app.tar.gz /opt/' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.stages) {
      stage.instructions.forEach((ins, k) => {
        if (ins.keyword !== 'COPY' || model.flag(ins, 'from') || heredocsOf(ins).length) return;
        const words = model.execForm(ins) ?? model.args(ins);
        for (const src of words.slice(0, -1)) {
          if (!TAR.test(src.text)) continue;
          const base = src.text.split('/').pop()!;
          const extracted = stage.instructions.slice(k + 1).some((r) => r.keyword === 'RUN' && (model.script(r)?.commands ?? []).some((c) =>
            c.name === 'tar' && c.args.some((a) => /^(-[a-zA-Z]*x|x[a-zA-Z]*$|--extract$|--get$)/.test(a.text)) && c.args.some((a) => a.text.endsWith(base))));
          if (extracted) ctx.report({ messageId: 'archive', data: { file: src.text }, span: src.span, resource: model.resource(stage) });
        }
      });
    }
  },
});
