import { dockerRule } from '../core/rule.js';
import { joinPath } from '../core/dockerfile-model.js';

const SYSTEM_DIRS = ['/proc', '/boot', '/dev', '/initrd', '/lost+found', '/sys'];

export default dockerRule<'workdir'>({
  meta: {
    id: 'docker/no-system-workdir',
    stage: 'build',
    severity: 'warning',
    title: 'WORKDIR must not be a system directory',
    rationale: '`/proc`, `/sys` and `/dev` are kernel interfaces the runtime mounts over at start; `/boot`, `/initrd` and `/lost+found` belong to the host\'s boot and filesystem machinery. Using one as a working directory writes application files where they are hidden by mounts, mixes them with kernel state, or invites the container to be run with those paths mounted writable.',
    remediation: 'Use a dedicated application directory:\n\n```dockerfile\nWORKDIR /app\n```',
    references: [{ title: 'Dockerfile reference: WORKDIR', url: 'https://docs.docker.com/reference/dockerfile/#workdir' }],
    equivalents: { trivy: ['DS-0030'] },
    fix: 'none',
    messages: { workdir: '`WORKDIR {{path}}` is inside {{dir}}, a system directory. Use an application directory such as /app.' },
    examples: { invalid: 'FROM alpine:3.22\nWORKDIR /proc/app', valid: 'FROM alpine:3.22\nWORKDIR /app' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'WORKDIR' || !ins.stage) continue;
      const arg = model.args(ins)[0];
      const path = arg ? model.resolve(arg.text, ins) : undefined;
      if (!arg || !path) continue;
      // a relative WORKDIR continues from the previous one (`WORKDIR /` then `WORKDIR proc`)
      const base = path.startsWith('/') ? '/' : model.workdirAt(ins);
      if (base === undefined) continue;
      const normal = joinPath(base, path).replace(/\/$/, '') || '/';
      const dir = SYSTEM_DIRS.find((d) => normal === d || normal.startsWith(`${d}/`));
      if (dir) ctx.report({ messageId: 'workdir', data: { path, dir }, span: arg.span, resource: model.resource(ins.stage) });
    }
  },
});
