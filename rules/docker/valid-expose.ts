import { dockerRule } from '../core/rule.js';

export default dockerRule<'mapping' | 'range' | 'protocol' | 'casing' | 'format'>({
  meta: {
    id: 'docker/valid-expose',
    stage: 'build',
    category: 'best-practice',
    severity: 'error',
    title: 'EXPOSE must list valid container ports',
    rationale: '`EXPOSE` documents the container ports the image listens on: `port[/tcp|udp|sctp]` or a range, 0–65535. Host addresses and `host:container` mappings belong to `docker run -p` or the Service, not the image; BuildKit warns about them and about upper-case protocols, and ports outside the range fail the build.',
    remediation: '```dockerfile\nEXPOSE 8080/tcp 9090\n```',
    references: [
      { title: 'Dockerfile reference: EXPOSE', url: 'https://docs.docker.com/reference/dockerfile/#expose' },
      { title: 'Build checks: ExposeInvalidFormat', url: 'https://docs.docker.com/reference/build-checks/expose-invalid-format/' },
      { title: 'Build checks: ExposeProtoCasing', url: 'https://docs.docker.com/reference/build-checks/expose-proto-casing/' },
    ],
    equivalents: { hadolint: ['DL3011'], trivy: ['DS-0008'], buildkit: ['ExposeInvalidFormat', 'ExposeProtoCasing'] },
    fix: 'safe',
    messages: {
      mapping: '`EXPOSE {{port}}` maps a host address or port: EXPOSE only lists container ports.',
      range: '`{{port}}` is not a port number (0–65535).',
      protocol: '`{{port}}` uses an unknown protocol: use tcp, udp or sctp.',
      casing: 'Write the protocol of `{{port}}` in lower case.',
      format: '`{{port}}` is not a valid EXPOSE entry: use `port[/protocol]` or `from-to[/protocol]`.',
    },
    examples: { invalid: 'FROM nginx:1.27\nEXPOSE 0.0.0.0:80:80/TCP', valid: 'FROM nginx:1.27\nEXPOSE 80/tcp' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'EXPOSE' || !ins.stage) continue;
      for (const w of model.args(ins)) {
        const port = model.resolve(w.text, ins);
        if (port === undefined || port === '') continue;
        const resource = model.resource(ins.stage);
        const [number, protocol, extra] = port.split('/');
        if (number.includes(':')) {
          const container = number.slice(number.lastIndexOf(':') + 1);
          const literal = w.text === port && /^\d+(-\d+)?$/.test(container);
          ctx.report({
            messageId: 'mapping', data: { port }, span: w.span, resource,
            fixes: literal ? [{ title: `Expose only the container port ${container}`, kind: 'suggestion', edits: [{ start: w.span.start, end: w.span.end, text: protocol ? `${container}/${protocol.toLowerCase()}` : container }] }] : [],
          });
          continue;
        }
        const m = /^(\d+)(?:-(\d+))?$/.exec(number);
        if (!m || extra !== undefined) { ctx.report({ messageId: 'format', data: { port }, span: w.span, resource }); continue; }
        if (Number(m[1]) > 65535 || (m[2] !== undefined && (Number(m[2]) > 65535 || Number(m[2]) < Number(m[1])))) { ctx.report({ messageId: 'range', data: { port }, span: w.span, resource }); continue; }
        if (protocol === undefined) continue;
        if (!/^(tcp|udp|sctp)$/i.test(protocol)) { ctx.report({ messageId: 'protocol', data: { port }, span: w.span, resource }); continue; }
        if (protocol !== protocol.toLowerCase()) {
          const raw = model.text.slice(w.span.start, w.span.end);
          const slash = raw.lastIndexOf('/');
          const fixes = raw === port && slash >= 0
            ? [{ title: 'Lower-case the protocol', edits: [{ start: w.span.start + slash + 1, end: w.span.end, text: protocol.toLowerCase() }] }]
            : [];
          ctx.report({ messageId: 'casing', data: { port }, span: w.span, resource, fixes });
        }
      }
    }
  },
});
