import { dockerRule } from '../core/rule.js';
import { managerFamily, packageCommands, virtualPackage } from '../core/packages.js';

interface Options {
  tools: string[];
  allowed: string[];
}

/** Debugging and network tools, with the package names distributions use for them. */
const DEFAULT_TOOLS = [
  'curl', 'wget', 'netcat', 'nc', 'ncat', 'netcat-openbsd', 'netcat-traditional', 'nmap-ncat', 'nmap', 'socat', 'telnet',
  'tcpdump', 'strace', 'ltrace', 'gdb', 'lsof', 'openssh', 'openssh-client', 'openssh-clients', 'openssh-server', 'ssh',
  'vim', 'vi', 'vim-tiny', 'nano', 'emacs', 'emacs-nox', 'iputils', 'iputils-ping', 'dnsutils', 'bind-tools', 'bind-utils',
  'net-tools', 'procps', 'procps-ng',
];

export default dockerRule<'tool', Options>({
  meta: {
    id: 'docker/no-debug-tools',
    stage: 'build',
    severity: 'warning',
    title: 'The final image must not ship debugging or network tools',
    rationale: 'Tools such as `curl`, `wget`, `netcat`, `socat`, `ssh`, `tcpdump`, `strace`, `gdb` or an editor are what an attacker needs after a foothold: to download a second stage, open a reverse shell, sniff traffic, attach to processes or move laterally. In the final image they are attack surface and CVE noise with no runtime purpose. Installing them in a build stage is fine: that is the multi-stage pattern, where the build stage fetches and compiles and only the result is copied into a minimal final stage. Removing a tool in a later RUN does not help, the earlier layer still contains it; removing it in the same RUN does.',
    remediation: 'Install the tool in a build stage and copy only what the application needs:\n\n```dockerfile\nFROM debian:12-slim AS fetch\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\\n && curl -fsSLo /tmp/app.tgz https://example.com/app.tgz\n\nFROM gcr.io/distroless/base-debian12:nonroot\nCOPY --from=fetch /tmp/app.tgz /app.tgz\n```\n\nFor live debugging use `kubectl debug` with an ephemeral debug container instead of baking tools in. If a tool is really needed at run time (a health check with `curl`), add it to the `allowed` option.',
    references: [
      { title: 'Docker: multi-stage builds', url: 'https://docs.docker.com/build/building/multi-stage/' },
      { title: 'Kubernetes: debugging with an ephemeral container', url: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container' },
      { title: 'NIST SP 800-190: minimise image contents', url: 'https://csrc.nist.gov/pubs/sp/800/190/final' },
    ],
    equivalents: {},
    fix: 'none',
    messages: {
      tool: '`{{pkg}}` is installed in the {{stage}} and ships in the final image. Install debugging and network tools in a build stage instead.',
    },
    options: {
      schema: {
        type: 'object',
        properties: {
          tools: { type: 'array', items: { type: 'string' }, description: 'Package names treated as debugging or network tools.' },
          allowed: { type: 'array', items: { type: 'string' }, description: 'Packages allowed in the final image even though they are in `tools`.' },
        },
        additionalProperties: false,
      },
      defaults: { tools: DEFAULT_TOOLS, allowed: [] },
    },
    examples: {
      invalid: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl vim',
      valid: 'FROM debian:12-slim AS fetch\nRUN apt-get update && apt-get install -y curl\n\nFROM debian:12-slim\nCOPY --from=fetch /opt/app /opt/app',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const tools = new Set((ctx.options.tools ?? DEFAULT_TOOLS).map((t) => t.toLowerCase()));
    for (const t of ctx.options.allowed ?? []) tools.delete(t.toLowerCase());
    for (const { ins, script } of model.runs(model.finalChain())) {
      const commands = packageCommands(script);
      commands.forEach((p, k) => {
        if (!p.os || p.action !== 'install') return;
        const virtual = virtualPackage(p);
        const later = commands.slice(k + 1).filter((r) => r.action === 'remove' && managerFamily(r.manager) === managerFamily(p.manager));
        const removed = new Set(later.flatMap((r) => r.packages.map((x) => x.name?.toLowerCase()).filter((n): n is string => !!n)));
        if (virtual && removed.has(virtual.toLowerCase())) return;
        for (const pkg of p.packages) {
          const name = pkg.name?.toLowerCase();
          if (!name || !tools.has(name) || removed.has(name)) continue;
          ctx.report({
            messageId: 'tool',
            data: { pkg: name, stage: model.describe(ins.stage!) },
            span: pkg.word.span,
            resource: model.resource(ins.stage),
          });
        }
      });
    }
  },
});
