import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { deleteInstruction } from '../core/dockerfile-edit.js';
import { heredocsOf, type DockerfileModel, type DockerInstruction } from '../core/dockerfile-model.js';
import { managerFamily, packageCommands } from '../core/packages.js';


/** Move a one-line update RUN into the start of the next RUN: `RUN apt-get update && apt-get install …`. */
function mergeEdits(model: DockerfileModel, ins: DockerInstruction, next: DockerInstruction): FixDescriptor['edits'] | undefined {
  const first = model.args(ins)[0];
  const target = model.args(next)[0];
  if (!first || !target) return undefined;
  const body = model.text.slice(first.span.start, ins.span.end).trim();
  if (body.includes('\n')) return undefined;
  return [deleteInstruction(model, ins), { start: target.span.start, end: target.span.start, text: `${body} && ` }];
}

export default dockerRule<'stale'>({
  meta: {
    id: 'docker/no-stale-package-index',
    stage: 'build',
    severity: 'info',
    title: 'Update the package index in the same RUN as the install',
    rationale: 'A RUN that only refreshes the package index (`apt-get update`, `apk update`, `dnf makecache`, `zypper refresh`) becomes a cached layer. Later builds reuse that layer with its old index while the install step changes, so packages are installed from an index that may be weeks old: outdated, vulnerable versions, or failures when the old versions have left the mirror.',
    remediation: 'Refresh and install in one RUN, and clean up in the same step:\n\n```dockerfile\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n```',
    references: [
      { title: 'Docker build best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' },
      { title: 'CIS Docker Benchmark 4.7: update instructions are not used alone', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { checkov: ['CKV_DOCKER_5'], trivy: ['DS-0017'], 'cis-docker': ['4.7'] },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: { stale: '`{{command}}` runs without an install in the same RUN: the cached index goes stale. Update and install in one RUN.' },
    examples: {
      invalid: 'FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install -y curl',
      valid: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      const commands = packageCommands(script);
      for (const p of commands) {
        if (p.action !== 'update' || !p.os) continue;
        const family = managerFamily(p.manager);
        if (commands.some((q) => q.action === 'install' && managerFamily(q.manager) === family)) continue;
        const span = { start: p.command.word.span.start, end: (p.actionWord ?? p.command.word).span.end };
        const fixes: FixDescriptor[] = [];
        const after = model.nextInStage(ins);
        const next = after?.keyword === 'RUN' ? after : undefined;
        const nextScript = next ? model.script(next) : undefined;
        if (next && nextScript && !model.execForm(ins) && !model.execForm(next) && !heredocsOf(ins).length && !heredocsOf(next).length
          && !model.flags(next).length && packageCommands(nextScript).some((q) => q.action === 'install' && managerFamily(q.manager) === family)) {
          const edits = mergeEdits(model, ins, next);
          if (edits) fixes.push({ title: 'Merge with the next RUN', edits });
        }
        ctx.report({
          messageId: 'stale',
          data: { command: model.text.slice(span.start, span.end) },
          span,
          resource: model.resource(ins.stage),
          fixes,
        });
      }
    }
  },
});
