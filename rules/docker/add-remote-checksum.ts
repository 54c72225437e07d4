import { dockerRule } from '../core/rule.js';
import { heredocsOf } from '../core/dockerfile-model.js';

const GIT = /^(git@|git:\/\/|ssh:\/\/)|^https?:\/\/[^#\s]+\.git(#.*)?$/i;
const HTTP = /^https?:\/\//i;
const FULL_SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i;

export default dockerRule<'url' | 'gitRef'>({
  meta: {
    id: 'docker/add-remote-checksum',
    stage: 'build',
    severity: 'info',
    title: 'Pin remote ADD sources with a checksum or commit',
    rationale: '`ADD <url>` downloads the file again on every cache miss and puts whatever the server returns into the image: a compromised or changed upstream goes unnoticed. `ADD --checksum=sha256:…` makes the build fail when the content differs. For git sources, a branch or tag can be moved; only a full commit SHA names fixed content.',
    remediation: 'Add the expected digest, or pin the git source to a commit:\n\n```dockerfile\nADD --checksum=sha256:<sha256> https://example.com/tool-1.2.3.tar.gz /opt/\nADD https://github.com/example/repo.git#<40-hex commit> /src\n```',
    references: [
      { title: 'Dockerfile reference: ADD --checksum', url: 'https://docs.docker.com/reference/dockerfile/#add---checksum' },
      { title: 'Dockerfile reference: adding files from a Git repository', url: 'https://docs.docker.com/reference/dockerfile/#adding-files-from-a-git-repository' },
    ],
    equivalents: {},
    fix: 'none',
    messages: {
      url: '`ADD {{url}}` downloads without an integrity check: add `--checksum=sha256:…`.',
      gitRef: '`ADD {{url}}` follows {{ref}}, which can move: pin a full commit SHA.',
    },
    examples: {
      invalid: 'FROM alpine:3.22\nADD https://example.com/tool.tgz /opt/',
      valid: 'FROM alpine:3.22\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tgz /opt/',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ADD' || !ins.stage || heredocsOf(ins).length) continue;
      const checksum = !!model.flag(ins, 'checksum')?.value;
      const words = model.execForm(ins) ?? model.args(ins);
      for (const w of words.slice(0, -1)) {
        const url = model.resolve(w.text, ins) ?? w.text;
        if (GIT.test(url)) {
          if (checksum) continue;
          const hash = url.indexOf('#');
          const ref = hash >= 0 ? url.slice(hash + 1).split(':')[0] : '';
          if (FULL_SHA.test(ref)) continue;
          ctx.report({ messageId: 'gitRef', data: { url, ref: ref ? `\`${ref}\`` : 'the default branch' }, span: w.span, resource: model.resource(ins.stage) });
        } else if (HTTP.test(url) && !checksum) {
          ctx.report({ messageId: 'url', data: { url }, span: w.span, resource: model.resource(ins.stage) });
        }
      }
    }
  },
});
