import { dockerRule } from '../core/rule.js';

export default dockerRule<'chpasswd' | 'passwd'>({
  meta: {
    id: 'docker/no-chpasswd',
    stage: 'build',
    severity: 'warning',
    title: 'Do not set account passwords in the image',
    rationale: 'Setting a password during the build (`chpasswd`, `passwd --stdin`, `echo … | passwd`) writes the password hash into `/etc/shadow` of a layer, where anyone with the image can take it offline and crack it, and it creates an account that accepts password logins inside the container. The plain-text password usually sits in the Dockerfile or a build argument as well. Containers should not need interactive logins at all.',
    remediation: 'Remove the password step. Create service users without a password (`useradd --no-log-init -r app`, `adduser -D app`) and give operators access through the orchestrator (`kubectl exec`, `kubectl debug`) instead of a login.',
    references: [
      { title: 'Docker build best practices: USER', url: 'https://docs.docker.com/build/building/best-practices/#user' },
    ],
    equivalents: { checkov: ['CKV2_DOCKER_17'] },
    fix: 'none',
    messages: {
      chpasswd: '`chpasswd` sets an account password in the image: its hash stays in a layer and the account accepts password logins.',
      passwd: '`passwd` reads a password from the build here: its hash stays in a layer and the account accepts password logins.',
    },
    examples: { invalid: 'FROM debian:12-slim\nRUN echo "app:secret" | chpasswd', valid: 'FROM debian:12-slim\nRUN useradd --no-log-init -r -u 10001 app' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      const piped = new Set(script.pipelines.flatMap((p) => p.commands.slice(1)));
      for (const c of script.commands) {
        if (c.name === 'chpasswd') {
          ctx.report({ messageId: 'chpasswd', span: c.word.span, resource: model.resource(ins.stage) });
        } else if (c.name === 'passwd' && (c.args.some((a) => a.text === '--stdin') || piped.has(c) || c.redirects.some((r) => r.op === '<<<' || r.op === '<'))) {
          ctx.report({ messageId: 'passwd', span: c.word.span, resource: model.resource(ins.stage) });
        }
      }
    }
  },
});
