import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { deleteInstruction, deleteToken } from '../core/dockerfile-edit.js';
import { propertiesOf } from '../core/dockerfile-model.js';

const FALSY = /^(0|false|no|off)$/i;

/**
 * Environment variables that turn TLS verification off, and the values that do it. Exported so that the Kubernetes
 * env rules can reuse the same matcher for `env[].value`.
 */
export function disablesTls(name: string, value: string): string | undefined {
  const upper = name.toUpperCase();
  const v = value.trim();
  switch (upper) {
    case 'NODE_TLS_REJECT_UNAUTHORIZED': return v === '0' ? 'makes Node.js accept any certificate' : undefined;
    case 'PYTHONHTTPSVERIFY': return v === '0' ? 'turns off HTTPS verification in Python' : undefined;
    case 'NPM_CONFIG_STRICT_SSL': return FALSY.test(v) ? 'turns off npm certificate checks' : undefined;
    case 'YARN_STRICT_SSL': case 'YARN_ENABLE_STRICT_SSL': return FALSY.test(v) ? 'turns off Yarn certificate checks' : undefined;
    case 'GIT_SSL_NO_VERIFY': return 'turns off git certificate checks (any value does)';
    case 'PIP_TRUSTED_HOST': return v ? 'makes pip trust these hosts without certificate checks' : undefined;
    case 'GOINSECURE': return v ? 'lets Go fetch these modules over insecure connections' : undefined;
    case 'GOFLAGS': return /(^|\s)-insecure(\s|=|$)/.test(v) ? 'passes -insecure to every go command' : undefined;
    case 'CURL_CA_BUNDLE': case 'REQUESTS_CA_BUNDLE': return v === '' ? 'empties the CA bundle, which turns verification off' : undefined;
    default: return undefined;
  }
}

export default dockerRule<'variable'>({
  meta: {
    id: 'docker/no-tls-bypass-env',
    stage: 'build',
    severity: 'error',
    title: 'Do not disable TLS verification through environment variables',
    rationale: 'Variables such as `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `NPM_CONFIG_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY` or `PIP_TRUSTED_HOST` switch certificate verification off for every tool that reads them. Set with ENV they stay in the image and keep verification off for the application at run time, so every outgoing HTTPS call can be intercepted; set with ARG or inline in RUN they expose the build to the same interception.',
    remediation: 'Remove the variable. If a private or intercepting CA is the reason, trust it instead:\n\n```dockerfile\nCOPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates\nENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corp-ca.crt\n```',
    references: [
      { title: 'Node.js: NODE_TLS_REJECT_UNAUTHORIZED', url: 'https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue' },
      { title: 'Git: GIT_SSL_NO_VERIFY', url: 'https://git-scm.com/book/en/v2/Git-Internals-Environment-Variables' },
      { title: 'Python PEP 493: PYTHONHTTPSVERIFY', url: 'https://peps.python.org/pep-0493/' },
    ],
    equivalents: { checkov: ['CKV2_DOCKER_5', 'CKV2_DOCKER_6', 'CKV2_DOCKER_12', 'CKV2_DOCKER_14', 'CKV2_DOCKER_16'] },
    fix: 'suggestion',
    messages: { variable: '`{{name}}` {{what}}. Remove it and trust the right CA instead.' },
    examples: { invalid: 'FROM node:22-slim\nENV NODE_TLS_REJECT_UNAUTHORIZED=0', valid: 'FROM node:22-slim\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/corp-ca.crt' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      const props = propertiesOf(ins);
      for (const p of props) {
        const raw = p.getValue();
        if (raw === null) continue;
        const value = model.resolve(raw, ins) ?? raw;
        const what = disablesTls(p.getName(), value);
        if (!what) continue;
        const span = model.span(p.getNameRange());
        const whole = model.span(p.getRange());
        const fixes: FixDescriptor[] = [{
          title: `Remove ${p.getName()}`,
          edits: props.length === 1 ? [deleteInstruction(model, ins)] : deleteToken(model.text, whole, model.escape),
        }];
        ctx.report({ messageId: 'variable', data: { name: p.getName(), what }, span, resource: model.resource(ins.stage), fixes });
      }
    }
    for (const { ins, script } of model.runs(model.stages)) {
      const exec = !!model.execForm(ins);
      for (const c of script.commands) {
        const words = [...c.assignments, ...(c.name === 'export' ? c.args : [])];
        for (const w of words) {
          const eq = w.text.indexOf('=');
          if (eq <= 0) continue;
          const name = w.text.slice(0, eq);
          const what = disablesTls(name, w.text.slice(eq + 1));
          if (!what) continue;
          const raw = model.text.slice(w.span.start, w.span.end);
          const span = raw.startsWith(name) ? { start: w.span.start, end: w.span.start + name.length } : w.span;
          const fixes: FixDescriptor[] = c.assignments.includes(w) && !exec ? [{ title: `Remove ${name}`, edits: deleteToken(model.text, w.span, model.escape) }] : [];
          ctx.report({ messageId: 'variable', data: { name, what }, span, resource: model.resource(ins.stage), fixes });
        }
      }
    }
  },
});
