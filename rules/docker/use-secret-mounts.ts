import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { readOptions, type Command, type Word } from '../core/shell.js';

interface CredentialSetup {
  /** Short id of the tool, used as the secret id. */
  tool: string;
  /** The word holding the credential, when there is exactly one (the fix replaces it). */
  value?: Word;
}

const CREDENTIAL_FILES = /(^|\/)(\.npmrc|\.netrc|\.pypirc|\.git-credentials|\.docker\/config\.json|\.aws\/credentials)$/;

/** Whether a command sets up credentials, and which word carries the credential. */
/** Commands that can set up credentials (most RUN commands are none of these: nothing is allocated for them). */
const CREDENTIAL_COMMANDS = new Set(['aws', 'gcloud', 'az', 'doctl', 'docker', 'npm', 'yarn', 'pnpm', 'git', 'echo', 'printf', 'cat', 'tee']);

function credentialSetup(c: Command): CredentialSetup | undefined {
  if (!CREDENTIAL_COMMANDS.has(c.name)) return undefined;
  const a = c.args.map((w) => w.text);
  switch (c.name) {
    case 'aws': {
      const k = a.findIndex((t, i) => t === 'set' && a[i - 1] === 'configure');
      if (k >= 0 && /^aws_(access_key_id|secret_access_key|session_token)$/.test(a[k + 1] ?? '')) return { tool: 'aws', value: c.args[k + 2] };
      return undefined;
    }
    case 'gcloud':
      return a.includes('auth') && a.includes('activate-service-account') ? { tool: 'gcloud' } : undefined;
    case 'az': {
      if (a[0] !== 'login') return undefined;
      const { options } = readOptions(c.args.slice(1), { shortWithValue: 'pu', longWithValue: ['password', 'username', 'federated-token', 'tenant'] });
      const o = options.find((x) => x.name === 'p' || x.name === 'password' || x.name === 'federated-token');
      return o ? { tool: 'azure', value: o.valueWord } : undefined;
    }
    case 'doctl': {
      if (a[0] !== 'auth' || a[1] !== 'init') return undefined;
      const { options } = readOptions(c.args.slice(2), { shortWithValue: 't', longWithValue: ['access-token', 'context'] });
      const o = options.find((x) => x.name === 't' || x.name === 'access-token');
      return o ? { tool: 'doctl', value: o.valueWord } : undefined;
    }
    case 'docker': {
      if (a[0] !== 'login') return undefined;
      const { options } = readOptions(c.args.slice(1), { shortWithValue: 'pu', longWithValue: ['password', 'username'] });
      const o = options.find((x) => x.name === 'p' || x.name === 'password');
      if (o) return { tool: 'docker', value: o.valueWord };
      if (options.some((x) => x.name === 'password-stdin') && c.redirects.some((r) => r.op === '<<<')) return { tool: 'docker' };
      return undefined;
    }
    case 'npm': case 'yarn': case 'pnpm': {
      const k = a.findIndex((t, i) => t === 'set' && a[i - 1] === 'config');
      const key = k >= 0 ? a[k + 1] ?? '' : '';
      if (!/_authToken|_auth$|_password$/.test(key)) return undefined;
      const eq = key.indexOf('=');
      return { tool: 'npm', value: eq >= 0 ? undefined : c.args[k + 2] };
    }
    case 'git': {
      const url = c.args.find((w) => /^[a-z+]+:\/\/[^/\s@]+:[^/\s@]+@/.test(w.text));
      return a.includes('clone') && url ? { tool: 'git' } : undefined;
    }
    case 'echo': case 'printf': case 'cat': case 'tee': {
      const targets = [...c.redirects.filter((r) => r.op === '>' || r.op === '>>').map((r) => r.target?.text ?? ''), ...(c.name === 'tee' ? a : [])];
      return targets.some((t) => CREDENTIAL_FILES.test(t)) ? { tool: 'credentials' } : undefined;
    }
    default:
      return undefined;
  }
}

export default dockerRule<'setup'>({
  meta: {
    id: 'docker/use-secret-mounts',
    stage: 'build',
    severity: 'warning',
    title: 'Provide build credentials through secret mounts',
    rationale: 'Commands that log in or write credentials during the build (`aws configure set aws_secret_access_key`, `docker login -p`, `npm config set //…:_authToken`, `echo … > ~/.npmrc`, `git clone https://user:token@…`) store the credential in a layer of the image, and the value they read (a build argument, an environment variable) is recorded in the history and cache. A BuildKit secret mount exists only while that one RUN executes and is never written to the image. The rule looks at the stages that end up in the final image.',
    remediation: 'Mount the credential for the one RUN that needs it:\n\n```dockerfile\n# syntax=docker/dockerfile:1\nRUN --mount=type=secret,id=npm,target=/root/.npmrc npm ci\n```\n\n```sh\ndocker build --secret id=npm,src=$HOME/.npmrc .\n```',
    references: [
      { title: 'Build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
      { title: 'Dockerfile reference: RUN --mount=type=secret', url: 'https://docs.docker.com/reference/dockerfile/#run---mounttypesecret' },
    ],
    equivalents: { trivy: ['DS-0031'] },
    fix: 'suggestion',
    messages: { setup: '`{{command}}` sets up credentials in a RUN of the {{stage}} without a secret mount: the credential ends up in the image. Use `RUN --mount=type=secret`.' },
    examples: {
      invalid: 'FROM node:22-slim\nARG NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken $NPM_TOKEN && npm ci',
      valid: 'FROM node:22-slim\nRUN --mount=type=secret,id=npm,target=/root/.npmrc npm ci',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.finalChain())) {
      if (model.flags(ins).some((f) => f.name === 'mount' && /(^|,)type=secret(,|$)/.test(f.value ?? ''))) continue;
      for (const c of script.commands) {
        const setup = credentialSetup(c);
        if (!setup) continue;
        const fixes: FixDescriptor[] = [];
        if (setup.value && c.context === 'top' && !model.execForm(ins)) {
          fixes.push({
            title: `Read the credential from a build secret (docker build --secret id=${setup.tool},…)`,
            edits: [
              { start: ins.keywordSpan.end, end: ins.keywordSpan.end, text: ` --mount=type=secret,id=${setup.tool}` },
              { start: setup.value.span.start, end: setup.value.span.end, text: `"$(cat /run/secrets/${setup.tool})"` },
            ],
          });
        }
        ctx.report({
          messageId: 'setup',
          data: { command: c.name, stage: model.describe(ins.stage!) },
          span: c.word.span,
          resource: model.resource(ins.stage),
          fixes,
        });
      }
    }
  },
});
