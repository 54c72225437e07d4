import { dockerRule, type FixDescriptor } from '../core/rule.js';

/** A shell-form command that is only plain words: converting it to JSON cannot change what runs apart from PID 1. */
const PLAIN = /^[A-Za-z0-9_./:=@%+,-]+$/;

export default dockerRule<'shellForm'>({
  meta: {
    id: 'docker/exec-form-cmd',
    stage: 'build',
    category: 'best-practice',
    severity: 'warning',
    title: 'Write CMD and ENTRYPOINT in exec (JSON) form',
    rationale: 'In shell form, `CMD node server.js` runs as `/bin/sh -c "node server.js"`: the shell is PID 1, it does not forward SIGTERM, so the application never hears `docker stop` or a Kubernetes termination and is killed after the grace period, without a clean shutdown. A shell-form ENTRYPOINT also ignores `CMD` and `docker run` arguments. The exec form runs the program directly.',
    remediation: 'Use the JSON array form:\n\n```dockerfile\nCMD ["node", "server.js"]\n```\n\nIf shell features are needed, `exec` the program at the end (`CMD ["sh", "-c", "… && exec node server.js"]`).',
    references: [
      { title: 'Dockerfile reference: shell and exec form', url: 'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form' },
      { title: 'Build checks: JSONArgsRecommended', url: 'https://docs.docker.com/reference/build-checks/json-args-recommended/' },
    ],
    equivalents: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
    fix: 'safe',
    messages: { shellForm: '`{{keyword}}` in shell form runs under `/bin/sh -c`, which does not pass signals to the program. Use the JSON form.' },
    examples: { invalid: 'FROM node:22-slim\nCMD node server.js', valid: 'FROM node:22-slim\nCMD ["node", "server.js"]' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if ((ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') || !ins.stage) continue;
      const args = model.args(ins);
      if (!args.length || model.execForm(ins)) continue;
      // BuildKit skips the check when the stage chose its own SHELL on purpose
      if (model.hasCustomShell(ins)) continue;
      const span = { start: args[0].span.start, end: args[args.length - 1].span.end };
      const raw = model.text.slice(span.start, span.end);
      const fixes: FixDescriptor[] = [];
      const words = raw.split(/[ \t]+/);
      if (!/[\r\n]/.test(raw) && words.every((w) => PLAIN.test(w))) {
        fixes.push({ title: 'Convert to exec form', edits: [{ start: span.start, end: span.end, text: `[${words.map((w) => JSON.stringify(w)).join(', ')}]` }], isPreferred: true });
      }
      ctx.report({ messageId: 'shellForm', data: { keyword: ins.keyword }, span, resource: model.resource(ins.stage), fixes });
    }
  },
});
