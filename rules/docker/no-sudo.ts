import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { deleteToken } from '../core/dockerfile-edit.js';
import { packageCommands } from '../core/packages.js';
import { basename, type Word } from '../core/shell.js';

export default dockerRule<'command' | 'package'>({
  meta: {
    id: 'docker/no-sudo',
    stage: 'build',
    severity: 'warning',
    title: 'Do not use or install sudo',
    rationale: 'RUN already executes as the current `USER`, so `sudo` in a Dockerfile is at best redundant; it has unpredictable TTY and signal behaviour, and it only works when the image carries a sudoers configuration. Installing the `sudo` package in the final image leaves a privilege-escalation path for anyone who gets a shell as the application user (and often a password-less sudoers rule to go with it).',
    remediation: 'Drop `sudo`. For steps that need root, switch users around them instead:\n\n```dockerfile\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\nUSER 10001\n```\n\nIf something must change users at run time, use a minimal tool such as `gosu` or `su-exec` in the entrypoint.',
    references: [
      { title: 'Docker build best practices: USER', url: 'https://docs.docker.com/build/building/best-practices/#user' },
    ],
    equivalents: { hadolint: ['DL3004'], trivy: ['DS-0010'], checkov: ['CKV2_DOCKER_1'] },
    fix: 'suggestion',
    messages: {
      command: '`sudo` in a RUN of {{stage}}: RUN already runs as the current USER. Use `USER root` around the steps that need it.',
      package: 'The `sudo` package is installed in the {{stage}}: it leaves a privilege-escalation path in the final image.',
    },
    examples: { invalid: 'FROM debian:12-slim\nRUN sudo apt-get update', valid: 'FROM debian:12-slim\nUSER root\nRUN apt-get update' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      const seen = new Set<Word>();
      for (const c of script.commands) {
        const candidates = [...c.wrappers, ...(c.name === 'sudo' ? [c.word] : [])];
        for (const w of candidates) {
          if (basename(w.text) !== 'sudo' || seen.has(w)) continue;
          seen.add(w);
          const fixes: FixDescriptor[] = [];
          const k = c.words.indexOf(w);
          // the words between sudo and the wrapped command are sudo's own options
          const next = c.words.slice(k + 1).find((x) => !x.text.startsWith('-'));
          const options = c.words.slice(k + 1, next ? c.words.indexOf(next) : undefined);
          const changesUser = options.some((o) => /^-[ugi]|^--(user|group|login)/.test(o.text));
          if (next && w !== c.word && !changesUser && c.context === 'top') {
            fixes.push({ title: 'Remove sudo', edits: [{ start: w.span.start, end: next.span.start, text: '' }] });
          }
          ctx.report({ messageId: 'command', data: { stage: model.resource(ins.stage)! }, span: w.span, resource: model.resource(ins.stage), fixes });
        }
      }
      if (!ins.stage?.inFinalChain) continue;
      for (const p of packageCommands(script)) {
        if (!p.os || p.action !== 'install') continue;
        for (const pkg of p.packages) {
          if (pkg.name !== 'sudo') continue;
          ctx.report({
            messageId: 'package',
            data: { stage: model.describe(ins.stage) },
            span: pkg.word.span,
            resource: model.resource(ins.stage),
            fixes: p.packages.length > 1 ? [{ title: 'Do not install sudo', edits: deleteToken(model.text, pkg.word.span, model.escape) }] : [],
          });
        }
      }
    }
  },
});
