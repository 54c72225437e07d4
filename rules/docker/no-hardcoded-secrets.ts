import { dockerRule } from '../core/rule.js';
import { CREDENTIAL_LABELS, findCredentials, maskCredential } from '../core/secrets.js';
import { readOptions } from '../core/shell.js';
import type { Span } from '../core/types.js';

export default dockerRule<'credential' | 'dockerLogin'>({
  meta: {
    id: 'docker/no-hardcoded-secrets',
    stage: 'build',
    severity: 'error',
    title: 'Dockerfiles must not contain credentials',
    rationale: 'A credential written in a Dockerfile is in the repository history, in every build log and, when the instruction reaches a layer or the image configuration, in the image itself, where `docker history` and any registry reader can recover it even if a later instruction deletes it. The patterns here are high-confidence shapes (AWS access key ids, GitHub, Slack and npm tokens, Google API keys, JSON Web Tokens, private keys, passwords in URLs, `docker login -p`), so a finding almost always means a live secret.',
    remediation: 'Treat the credential as leaked: revoke and rotate it. Then pass it at build time as a secret mount, which never reaches a layer:\n\n```dockerfile\nRUN --mount=type=secret,id=token,env=TOKEN ./fetch-deps.sh\n```\n\n```sh\ndocker build --secret id=token,env=TOKEN .\n```',
    references: [
      { title: 'Build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
      { title: 'CIS Docker Benchmark 4.10: do not store secrets in Dockerfiles', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: {
      checkov: ['CKV_SECRET_2', 'CKV_SECRET_4', 'CKV_SECRET_9', 'CKV_SECRET_12', 'CKV_SECRET_13', 'CKV_SECRET_14'],
      'cis-docker': ['4.10'],
      kubescape: ['C-0012'],
    },
    profiles: ['cis'],
    fix: 'none',
    messages: {
      credential: 'This instruction contains {{kind}} (`{{masked}}`). Revoke it and pass it as a build secret instead.',
      dockerLogin: '`docker login` with a literal password (`{{masked}}`): the password is in the Dockerfile and the image history. Use `--password-stdin` with a secret mount.',
    },
    examples: {
      invalid: 'FROM alpine:3.22\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
      valid: 'FROM alpine:3.22\nRUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://bucket/x /x',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const reported: Span[] = [];
    for (const ins of model.instructions) {
      const text = model.text.slice(ins.span.start, ins.span.end);
      for (const m of findCredentials(text)) {
        const span = { start: ins.span.start + m.start, end: ins.span.start + m.end };
        reported.push(span);
        ctx.report({
          messageId: 'credential',
          data: { kind: CREDENTIAL_LABELS[m.kind], masked: maskCredential(text.slice(m.start, m.end)) },
          span,
          resource: model.resource(ins.stage),
        });
      }
      if (ins.keyword !== 'RUN') continue;
      for (const c of model.script(ins)?.commands ?? []) {
        if (c.name !== 'docker' || c.args[0]?.text !== 'login') continue;
        const { options } = readOptions(c.args.slice(1), { shortWithValue: 'pu', longWithValue: ['password', 'username'] });
        for (const o of options) {
          if (o.name !== 'p' && o.name !== 'password') continue;
          const value = o.value ?? '';
          // `-p "$PASSWORD"` reads a variable; only a literal is a hard-coded secret
          if (!value || value.includes('$') || value.includes('`')) continue;
          const span = o.valueWord ? o.valueWord.span : o.word.span;
          if (reported.some((r) => r.start < span.end && span.start < r.end)) continue;
          ctx.report({ messageId: 'dockerLogin', data: { masked: maskCredential(value) }, span, resource: model.resource(ins.stage) });
        }
      }
    }
  },
});
