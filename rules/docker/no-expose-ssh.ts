import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { deleteInstruction, deleteToken } from '../core/dockerfile-edit.js';

/** Whether an EXPOSE entry (`22`, `22/tcp`, `20-30/udp`) includes port 22. */
export function includesSsh(port: string): boolean {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(port.trim());
  if (!m) return false;
  const from = Number(m[1]);
  const to = m[2] !== undefined ? Number(m[2]) : from;
  return from <= 22 && 22 <= to;
}

export default dockerRule<'ssh'>({
  meta: {
    id: 'docker/no-expose-ssh',
    stage: 'build',
    severity: 'warning',
    title: 'Do not expose the SSH port',
    rationale: 'Exposing port 22 means the image is meant to run an SSH server: another long-running daemon, another credential (keys or passwords baked into the image) and a remote login path into the container that bypasses the orchestrator\'s access control and audit. Containers are reached for maintenance through `docker exec` or `kubectl exec`/`kubectl debug`, which need no listening daemon.',
    remediation: 'Remove port 22 from `EXPOSE` and the SSH server from the image. Use `kubectl exec` or an ephemeral debug container for access.',
    references: [
      { title: 'Dockerfile reference: EXPOSE', url: 'https://docs.docker.com/reference/dockerfile/#expose' },
      { title: 'Kubernetes: ephemeral debug containers', url: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container' },
    ],
    equivalents: { checkov: ['CKV_DOCKER_1'], trivy: ['DS-0004'] },
    fix: 'suggestion',
    messages: { ssh: 'The {{stage}} exposes `{{port}}`, the SSH port: do not run an SSH server in a container.' },
    examples: { invalid: 'FROM debian:12-slim\nEXPOSE 22 8080', valid: 'FROM debian:12-slim\nEXPOSE 8080' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const stage of model.finalChain()) {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'EXPOSE') continue;
        const ports = model.args(ins);
        for (const p of ports) {
          const value = model.resolve(p.text, ins);
          if (value === undefined || !value.split(/\s+/).some(includesSsh)) continue;
          const fixes: FixDescriptor[] = [{
            title: ports.length === 1 ? 'Remove the EXPOSE instruction' : `Stop exposing ${p.text}`,
            edits: ports.length === 1 ? [deleteInstruction(model, ins)] : deleteToken(model.text, p.span, model.escape),
          }];
          ctx.report({ messageId: 'ssh', data: { stage: model.describe(stage), port: value }, span: p.span, resource: model.resource(stage), fixes });
        }
      }
    }
  },
});
