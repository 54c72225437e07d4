import { dockerRule } from '../core/rule.js';
import type { Command } from '../core/shell.js';

export default dockerRule<'both'>({
  meta: {
    id: 'docker/single-downloader',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Use either curl or wget, not both',
    rationale: 'Using both `curl` and `wget` in one Dockerfile usually means both get installed: twice the download tooling, twice the attack surface and CVEs, for the same job.',
    remediation: 'Pick one downloader (or use `ADD --checksum` for plain downloads) and use it everywhere.',
    references: [{ title: 'Docker build best practices', url: 'https://docs.docker.com/build/building/best-practices/' }],
    equivalents: { hadolint: ['DL4001'], trivy: ['DS-0014'] },
    fix: 'none',
    messages: { both: 'This Dockerfile already uses `{{first}}`; using `{{second}}` too means two download tools. Pick one.' },
    examples: { invalid: 'FROM debian:12-slim\nRUN curl -fsSLO https://example.com/a\nRUN wget https://example.com/b', valid: 'FROM debian:12-slim\nRUN curl -fsSLO https://example.com/a\nRUN curl -fsSLO https://example.com/b' },
  },
  check(ctx) {
    const model = ctx.model;
    const uses: { command: Command; stage: string | undefined }[] = [];
    for (const { ins, script } of model.runs(model.stages)) {
      for (const c of script.commands) if (c.name === 'curl' || c.name === 'wget') uses.push({ command: c, stage: model.resource(ins.stage) });
    }
    uses.sort((a, b) => a.command.word.span.start - b.command.word.span.start);
    const first = uses[0];
    if (!first) return;
    const second = uses.find((u) => u.command.name !== first.command.name);
    if (!second) return;
    ctx.report({ messageId: 'both', data: { first: first.command.name, second: second.command.name }, span: second.command.word.span, resource: second.stage });
  },
});
