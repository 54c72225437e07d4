import { dockerRule } from '../core/rule.js';
import { heredocsOf } from '../core/dockerfile-model.js';

/** Extensions ADD may unpack (it detects tar archives, compressed or not); such sources stay on ADD. */
const ARCHIVE = /\.(tar|tgz|tbz|tbz2|tb2|txz|tlz|tzst|taz|gz|bz2|xz|lz|lzma|zst|z|Z)$/i;
const REMOTE = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/|git@)/;
/** Flags COPY understands as well; any other flag (`--checksum`, `--keep-git-dir`, `--unpack`) is ADD-only. */
const SHARED_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude']);

export default dockerRule<'add'>({
  meta: {
    id: 'docker/prefer-copy-over-add',
    stage: 'build',
    severity: 'warning',
    title: 'Use COPY instead of ADD for local files',
    rationale: '`ADD` does more than copy: it fetches URLs and silently unpacks local tar archives. Used for plain local files it hides that behaviour from reviewers, and a file that later becomes an archive (or is replaced by one in the build context) gets extracted into the image instead of copied. `COPY` does exactly one thing. This rule only flags `ADD` whose sources are all local, none of them an archive, and that uses no `ADD`-only flag, so switching to `COPY` cannot change the result.',
    remediation: 'Replace `ADD` with `COPY`; keep `ADD` only to unpack a local archive or to fetch a remote source with `--checksum`:\n\n```dockerfile\nCOPY --chown=app:app config/ /etc/app/\n```',
    references: [
      { title: 'Dockerfile reference: ADD or COPY', url: 'https://docs.docker.com/build/building/best-practices/#add-or-copy' },
      { title: 'CIS Docker Benchmark 4.9: use COPY instead of ADD', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { hadolint: ['DL3020'], checkov: ['CKV_DOCKER_4'], trivy: ['DS-0005'], 'cis-docker': ['4.9'] },
    profiles: ['cis'],
    fix: 'safe',
    messages: { add: '`ADD` copies only local files here: use `COPY`, which never fetches or unpacks.' },
    examples: { invalid: 'FROM alpine:3.22\nADD config/ /etc/app/', valid: 'FROM alpine:3.22\nCOPY config/ /etc/app/' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ADD' || !ins.stage || heredocsOf(ins).length) continue;
      if (model.flags(ins).some((f) => !SHARED_FLAGS.has(f.name))) continue;
      const words = model.execForm(ins) ?? model.args(ins);
      if (words.length < 2) continue;
      const sources = words.slice(0, -1).map((w) => model.resolve(w.text, ins));
      // unresolvable variables could name a URL or an archive; `file:<hash> in /` is a generated form
      if (sources.some((s) => s === undefined || s === '' || REMOTE.test(s) || ARCHIVE.test(s) || /^file:/.test(s))) continue;
      if (words.some((w) => w.text === 'in') && /^file:/.test(words[0].text)) continue;
      const keyword = model.text.slice(ins.keywordSpan.start, ins.keywordSpan.end);
      ctx.report({
        messageId: 'add',
        span: ins.keywordSpan,
        resource: model.resource(ins.stage),
        fixes: [{
          title: 'Replace ADD with COPY',
          edits: [{ start: ins.keywordSpan.start, end: ins.keywordSpan.end, text: keyword === keyword.toLowerCase() ? 'copy' : 'COPY' }],
          isPreferred: true,
        }],
      });
    }
  },
});
