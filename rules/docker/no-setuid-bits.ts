import { dockerRule } from '../core/rule.js';

/** Whether a chmod mode adds the setuid or setgid bit: `+s`, `u+s`, `g=rxs`, or an octal mode with 2, 4 or 6 in front. */
export function addsSetuid(mode: string): boolean {
  if (/^[0-7]{4,}$/.test(mode)) return (Number(mode[mode.length - 4]) & 6) !== 0;
  // symbolic: comma-separated clauses like u+s, g=rwxs, a+rwx; only + and = add bits
  return mode.split(',').some((clause) => /^[ugoa]*([+=][rwxXst]*)+$/.test(clause) && /[+=][rwxXt]*s/.test(clause) && !/^o+[+=]/.test(clause));
}

export default dockerRule<'chmod' | 'copyChmod'>({
  meta: {
    id: 'docker/no-setuid-bits',
    stage: 'build',
    severity: 'info',
    title: 'Do not add setuid or setgid bits',
    rationale: 'A setuid or setgid binary runs with its owner\'s (usually root\'s) privileges whoever starts it. Every one added to an image is a privilege-escalation path for a process that gets code execution as the unprivileged application user; only `allowPrivilegeEscalation: false` (no_new_privs) in the runtime blocks it.',
    remediation: 'Remove the setuid/setgid bit, and grant a specific capability instead when the binary needs one:\n\n```dockerfile\nRUN setcap cap_net_bind_service=+ep /usr/local/bin/server\n```\n\nAlso consider stripping existing bits: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`.',
    references: [
      { title: 'CIS Docker Benchmark 4.8: remove setuid and setgid permissions', url: 'https://www.cisecurity.org/benchmark/docker' },
      { title: 'Kubernetes: allowPrivilegeEscalation', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
    ],
    equivalents: { 'cis-docker': ['4.8'] },
    profiles: ['cis'],
    fix: 'none',
    messages: {
      chmod: '`chmod {{mode}}` adds a setuid/setgid bit: the file runs with its owner\'s privileges for any user.',
      copyChmod: '`--chmod={{mode}}` adds a setuid/setgid bit to the copied files.',
    },
    examples: { invalid: 'FROM alpine:3.22\nRUN chmod u+s /usr/local/bin/tool', valid: 'FROM alpine:3.22\nRUN chmod 0755 /usr/local/bin/tool' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      for (const c of script.commands) {
        if (c.name !== 'chmod') continue;
        // the mode is the first argument that is not an option (`-R`, `--recursive`); `-s`-like words are modes too
        const mode = c.args.find((a) => !/^--/.test(a.text) && !/^-[RcfvH]+$/.test(a.text));
        if (mode && addsSetuid(mode.text.replace(/^-/, '+').replace(/^\+\+/, '+'))) {
          ctx.report({ messageId: 'chmod', data: { mode: mode.text }, span: mode.span, resource: model.resource(ins.stage) });
        }
      }
    }
    for (const ins of model.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || !ins.stage) continue;
      const flag = model.flag(ins, 'chmod');
      if (flag?.value && flag.valueSpan && addsSetuid(flag.value)) {
        ctx.report({ messageId: 'copyChmod', data: { mode: flag.value }, span: flag.valueSpan, resource: model.resource(ins.stage) });
      }
    }
  },
});
