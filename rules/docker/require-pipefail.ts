import { dockerRule } from '../core/rule.js';
import { insertLineBefore } from '../core/dockerfile-edit.js';
import { setsPipefailBefore } from '../core/shell.js';

export default dockerRule<'pipe'>({
  meta: {
    id: 'docker/require-pipefail',
    stage: 'build',
    severity: 'warning',
    title: 'Set pipefail before piping in RUN',
    rationale: 'A pipeline\'s exit status is that of its last command. Without `pipefail`, `curl … | tar -x` or `curl … | gpg --verify` succeeds when the download fails, so the build goes on with a missing, truncated or unverified file and the step that was supposed to guard it is silently skipped. The default `/bin/sh -c` has no `pipefail` unless the script sets it.',
    remediation: 'Make the shell fail on any failing stage of a pipe, once per stage:\n\n```dockerfile\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt\n```\n\nOn Alpine/BusyBox images use `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]`, or start the RUN with `set -o pipefail &&`.',
    references: [
      { title: 'Docker build best practices: using pipes', url: 'https://docs.docker.com/build/building/best-practices/#using-pipes' },
      { title: 'Dockerfile reference: SHELL', url: 'https://docs.docker.com/reference/dockerfile/#shell' },
    ],
    equivalents: { hadolint: ['DL4006'] },
    fix: 'suggestion',
    messages: { pipe: 'This pipe runs without `pipefail`: if an earlier command fails, the RUN still succeeds. Set `SHELL [..., "-o", "pipefail", "-c"]` or `set -o pipefail`.' },
    examples: {
      invalid: 'FROM debian:12-slim\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt',
      valid: 'FROM debian:12-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      if (model.execForm(ins)) continue;
      const shell = model.shellAt(ins);
      if (shell.some((s, k) => s === 'pipefail' && /^-[a-zA-Z]*o$/.test(shell[k - 1] ?? ''))) continue;
      const pipe = script.pipelines.filter((p) => p.context === 'top' && p.pipes.length).map((p) => p.pipes[0]).sort((a, b) => a.start - b.start)[0];
      if (!pipe || setsPipefailBefore(script, pipe.start)) continue;
      const root = model.rootOf(ins.stage!);
      const busybox = /alpine|busybox/i.test(`${root.image?.repository ?? ''}:${root.image?.tag ?? ''}`);
      const line = busybox ? 'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]' : 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';
      ctx.report({
        messageId: 'pipe',
        span: pipe,
        resource: model.resource(ins.stage),
        fixes: [{ title: `Add \`${line}\` before this RUN`, edits: [insertLineBefore(model, ins, line)] }],
      });
    }
  },
});
