import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { deleteToken } from '../core/dockerfile-edit.js';
import { packageCommand } from '../core/packages.js';
import type { Span } from '../core/types.js';

const TRUE = /^(1|true|yes|on)$/i;

export default dockerRule<'flag' | 'trustedRepo'>({
  meta: {
    id: 'docker/no-unsigned-packages',
    stage: 'build',
    severity: 'error',
    title: 'Do not install packages without signature verification',
    rationale: 'Package managers verify repository signatures so that a mirror, a proxy or anyone on the network path cannot substitute packages. `--allow-unauthenticated`, `--force-yes`, `apk --allow-untrusted`, `--nogpgcheck`, `gpgcheck=0`, `rpm --nosignature` and `[trusted=yes]` repositories switch that off and install whatever arrives, as root, into the image.',
    remediation: 'Remove the flag and import the repository\'s signing key instead:\n\n```dockerfile\nRUN curl -fsSLo /usr/share/keyrings/vendor.asc https://vendor.example.com/key.asc \\\n && echo "deb [signed-by=/usr/share/keyrings/vendor.asc] https://vendor.example.com/apt stable main" \\\n      > /etc/apt/sources.list.d/vendor.list\n```',
    references: [
      { title: 'Debian: SecureApt', url: 'https://wiki.debian.org/SecureApt' },
      { title: 'CIS Docker Benchmark 4.11: verified packages only', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { checkov: ['CKV2_DOCKER_7', 'CKV2_DOCKER_8', 'CKV2_DOCKER_9', 'CKV2_DOCKER_10', 'CKV2_DOCKER_11'], 'cis-docker': ['4.11'] },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      flag: '`{{flag}}` makes {{manager}} install packages without checking their signatures.',
      trustedRepo: 'A `[trusted=yes]` apt repository is installed from without any signature check.',
    },
    examples: {
      invalid: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --allow-unauthenticated vendor-tool',
      valid: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y vendor-tool',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      const exec = !!model.execForm(ins);
      const report = (flag: string, manager: string, span: Span, removal?: Span): void => {
        const fixes: FixDescriptor[] = removal && !exec ? [{ title: `Remove ${flag}`, edits: deleteToken(model.text, removal, model.escape) }] : [];
        ctx.report({ messageId: 'flag', data: { flag, manager }, span, resource: model.resource(ins.stage), fixes });
      };
      for (const c of script.commands) {
        const p = packageCommand(c);
        if (p) {
          for (const o of p.options) {
            const name = o.long ? `--${o.name}` : `-${o.name}`;
            switch (p.manager) {
              case 'apt-get': case 'apt': case 'aptitude':
                if (o.long && (o.name === 'allow-unauthenticated' || o.name === 'force-yes' || o.name === 'allow-insecure-repositories')) report(name, p.manager, o.word.span, o.word.span);
                else if ((o.name === 'o' || o.name === 'option') && /^APT::Get::AllowUnauthenticated=(.*)$/i.test(o.value ?? '') && TRUE.test((o.value ?? '').split('=')[1])) {
                  const w = o.valueWord ?? o.word;
                  report(`-o ${o.value}`, p.manager, w.span, { start: o.word.span.start, end: w.span.end });
                }
                break;
              case 'apk':
                if (o.name === 'allow-untrusted') report(name, 'apk', o.word.span, o.word.span);
                break;
              case 'rpm':
                if (['nosignature', 'nodigest', 'noverify', 'nofiledigest'].includes(o.name)) report(name, 'rpm', o.word.span, o.word.span);
                break;
              case 'yum': case 'dnf': case 'microdnf': case 'tdnf':
                if (o.name === 'nogpgcheck') report(name, p.manager, o.word.span, o.word.span);
                else if (o.name === 'setopt' && /^(?:[^=]*\.)?gpgcheck=(0|false|no)$/i.test(o.value ?? '')) {
                  const w = o.valueWord ?? o.word;
                  report(`--setopt=${o.value}`, p.manager, w.span, { start: o.word.span.start, end: w.span.end });
                }
                break;
              default:
                break;
            }
          }
        }
        if (c.name === 'echo' || c.name === 'printf') {
          for (const a of c.args) {
            const m = /deb(-src)?\s+\[[^\]]*\btrusted=yes\b[^\]]*\]/.exec(a.text);
            if (!m) continue;
            const raw = model.text.slice(a.span.start, a.span.end);
            const at = raw.indexOf('trusted=yes');
            const span = at >= 0 ? { start: a.span.start + at, end: a.span.start + at + 'trusted=yes'.length } : a.span;
            ctx.report({ messageId: 'trustedRepo', span, resource: model.resource(ins.stage), fixes: [] });
          }
        }
      }
    }
  },
});
