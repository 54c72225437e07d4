import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { packageCommand } from '../core/packages.js';

const APT_GET_ACTIONS = new Set(['install', 'remove', 'purge', 'autoremove', 'update', 'upgrade', 'dist-upgrade', 'clean', 'autoclean']);

export default dockerRule<'apt'>({
  meta: {
    id: 'docker/prefer-apt-get',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Use apt-get rather than apt in scripts',
    rationale: '`apt` is the interactive front end: its output and behaviour may change between releases and it warns that it has no stable command-line interface. `apt-get` (and `apt-cache`) are the stable tools for scripts and Dockerfiles.',
    remediation: '```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n```',
    references: [{ title: 'Docker build best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' }],
    equivalents: { hadolint: ['DL3027'], checkov: ['CKV_DOCKER_9'] },
    fix: 'suggestion',
    messages: { apt: '`apt` is meant for interactive use: use `apt-get` in a Dockerfile.' },
    examples: { invalid: 'FROM debian:12-slim\nRUN apt update && apt install -y curl', valid: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      for (const c of script.commands) {
        if (c.name !== 'apt') continue;
        const p = packageCommand(c);
        const fixes: FixDescriptor[] = [];
        const raw = model.text.slice(c.word.span.start, c.word.span.end);
        if (p?.actionWord && APT_GET_ACTIONS.has(p.actionWord.text) && raw === c.word.text && !model.execForm(ins)) {
          fixes.push({ title: 'Use apt-get', edits: [{ start: c.word.span.end, end: c.word.span.end, text: '-get' }] });
        }
        ctx.report({ messageId: 'apt', span: c.word.span, resource: model.resource(ins.stage), fixes });
      }
    }
  },
});
