import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { deleteInstruction } from '../core/dockerfile-edit.js';
import { propertiesOf, type DockerfileModel, type DockerInstruction } from '../core/dockerfile-model.js';
import { isSecretName } from '../core/secrets.js';

export default dockerRule<'env' | 'arg' | 'globalArg'>({
  meta: {
    id: 'docker/no-secrets-in-arg-env',
    stage: 'build',
    severity: 'warning',
    title: 'Secrets must not be passed through ARG or ENV',
    rationale: '`ENV` values are stored in the image configuration: anyone who can pull the image reads them with `docker inspect`, and every container and child process inherits them. `ARG` values are not in the final configuration, but a `RUN` that uses one records it in the image history and the build cache, and max-mode provenance attestations include build arguments. A name such as `API_TOKEN`, `DB_PASSWORD` or `AWS_SECRET_ACCESS_KEY` says the value is a credential. The finding is an error when a literal value is assigned in the final image\'s stages, a warning otherwise (a builder stage\'s ENV does not reach the final image unless it is inherited).',
    remediation: 'Pass secrets as BuildKit secret mounts, which are never written to a layer, the history or the cache:\n\n```dockerfile\n# syntax=docker/dockerfile:1\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n```\n\n```sh\ndocker build --secret id=npm_token,env=NPM_TOKEN .\n```\n\nRuntime secrets belong to the orchestrator (a Kubernetes Secret mounted as a file), not to the image.',
    references: [
      { title: 'Build checks: SecretsUsedInArgOrEnv', url: 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/' },
      { title: 'Build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
      { title: 'CIS Docker Benchmark 4.10: do not store secrets in Dockerfiles', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { buildkit: ['SecretsUsedInArgOrEnv'], hadolint: ['DL3064'], trivy: ['DS-0031'], 'cis-docker': ['4.10'] },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      env: '`ENV {{name}}` in {{stage}} looks like a secret: ENV values are stored in the image configuration and inherited by every process.',
      arg: '`ARG {{name}}` in {{stage}} looks like a secret: build arguments used by RUN end up in the image history, the build cache and provenance.',
      globalArg: '`ARG {{name}}` looks like a secret: build arguments are recorded in the build cache and provenance. Use a secret mount instead.',
    },
    examples: {
      invalid: 'FROM node:22-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci',
      valid: 'FROM node:22-slim\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n    echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') continue;
      const props = propertiesOf(ins);
      for (const p of props) {
        const name = p.getName();
        if (!isSecretName(name)) continue;
        const span = model.span(p.getNameRange());
        const value = p.getValue();
        // a literal (not just a `$REFERENCE`) written into the final image's stages is a committed secret
        const literal = value !== null && value !== '' && !/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value.trim());
        const stage = ins.stage;
        const severity = literal && stage?.inFinalChain ? 'error' : 'warning';
        if (!stage) {
          ctx.report({ messageId: 'globalArg', data: { name }, span, severity });
          continue;
        }
        const fixes = ins.keyword === 'ARG' && props.length === 1 ? secretMountFix(ctx.model, ins, name) : undefined;
        ctx.report({
          messageId: ins.keyword === 'ENV' ? 'env' : 'arg',
          data: { name, stage: model.resource(stage)! },
          span,
          severity,
          resource: model.resource(stage),
          fixes,
        });
      }
    }
  },
});

/** The syntax directive pins a frontend older than 1.10, which has no `env=` for secret mounts. */
function supportsSecretEnv(syntax: string | undefined): boolean {
  const m = syntax ? /dockerfile:(\d+)(?:\.(\d+))?/.exec(syntax) : null;
  if (!m || m[2] === undefined) return true;
  return Number(m[1]) > 1 || Number(m[2]) >= 10;
}

/** When exactly one RUN of the stage uses the ARG: remove the ARG and mount a secret on that RUN. */
function secretMountFix(model: DockerfileModel, arg: DockerInstruction, name: string): FixDescriptor[] | undefined {
  const stage = arg.stage;
  if (!stage) return undefined;
  const uses = new RegExp(`\\$(?:${name}\\b|\\{${name}[}:?+-])`);
  const runs = stage.instructions.filter((i) => i.index > arg.index && i.keyword === 'RUN' && uses.test(model.text.slice(i.span.start, i.span.end)));
  const others = stage.instructions.filter((i) => i.index > arg.index && i.keyword !== 'RUN' && uses.test(model.text.slice(i.span.start, i.span.end)));
  if (runs.length !== 1 || others.length) return undefined;
  const run = runs[0];
  const id = name.toLowerCase();
  const mount = supportsSecretEnv(model.directives.get('syntax'))
    ? `--mount=type=secret,id=${id},env=${name}`
    : `--mount=type=secret,id=${id},target=/run/secrets/${id}`;
  return [{
    title: `Pass ${name} as a build secret (docker build --secret id=${id},env=${name})`,
    edits: [deleteInstruction(model, arg), { start: run.keywordSpan.end, end: run.keywordSpan.end, text: ` ${mount}` }],
  }];
}
