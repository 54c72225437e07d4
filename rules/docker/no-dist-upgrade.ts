import { dockerRule } from '../core/rule.js';
import { packageCommands } from '../core/packages.js';

export default dockerRule<'distUpgrade'>({
  meta: {
    id: 'docker/no-dist-upgrade',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Do not dist-upgrade inside an image build',
    rationale: '`apt-get dist-upgrade` and `zypper dist-upgrade` may add and remove packages and move the image to a new distribution point release as a side effect of a rebuild. The base image\'s maintainers publish updated images for that; upgrading inside the build makes the result unpredictable and much larger.',
    remediation: 'Rebuild on a newer base image tag instead, and install only the packages you need.',
    references: [{ title: 'Docker build best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' }],
    equivalents: { hadolint: ['DL3035'], trivy: ['DS-0024'] },
    fix: 'none',
    messages: { distUpgrade: '`{{command}}` changes the whole distribution during the build: use a newer base image instead.' },
    examples: { invalid: 'FROM debian:12-slim\nRUN apt-get update && apt-get dist-upgrade -y', valid: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      for (const p of packageCommands(script)) {
        if (p.action !== 'dist-upgrade' || !p.actionWord || (p.manager !== 'apt-get' && p.manager !== 'apt' && p.manager !== 'zypper' && p.manager !== 'aptitude')) continue;
        ctx.report({ messageId: 'distUpgrade', data: { command: `${p.command.name} ${p.actionWord.text}` }, span: p.actionWord.span, resource: model.resource(ins.stage) });
      }
    }
  },
});
