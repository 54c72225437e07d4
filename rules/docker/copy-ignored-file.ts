import { cleanPath, ignoredBy } from '../core/dockerignore.js';
import { dockerRule } from '../core/rule.js';
import { baseNameOf } from '../core/workspace-index.js';

export default dockerRule<'ignored'>({
  meta: {
    id: 'docker/copy-ignored-file',
    stage: 'build',
    category: 'best-practice',
    severity: 'warning',
    title: 'COPY and ADD should not name files .dockerignore excludes',
    rationale: 'Files excluded by `.dockerignore` are never sent to the builder, so a `COPY` or `ADD` of one fails the build, or, for a folder whose content is partly excluded, silently copies less than it seems. It usually means the ignore file and the Dockerfile drifted apart.',
    remediation: 'Either stop copying the path, or re-include it in `.dockerignore` with a `!` pattern:\n\n```\n# .dockerignore\nconfig/\n!config/app.yaml\n```\n\nThe build context is taken to be the Dockerfile\'s folder; `<Dockerfile>.dockerignore` next to the Dockerfile wins over `.dockerignore`, as BuildKit does. Sources with wildcards and `COPY --from` are not checked.',
    references: [
      { title: 'Docker build checks: CopyIgnoredFile', url: 'https://docs.docker.com/reference/build-checks/copy-ignored-file/' },
      { title: 'Docker: .dockerignore files', url: 'https://docs.docker.com/build/concepts/context/#dockerignore-files' },
    ],
    equivalents: { buildkit: ['CopyIgnoredFile'] },
    fix: 'none',
    scope: 'workspace',
    messages: {
      ignored: '`{{keyword}} {{source}}` copies a path that {{ignoreFile}} excludes from the build context (pattern `{{pattern}}`): the builder never receives it.',
    },
    examples: {
      invalid: '# .dockerignore: secrets/\nFROM alpine:3.21\nCOPY secrets/app.key /etc/app/',
      valid: '# .dockerignore: secrets/\nFROM alpine:3.21\nCOPY config/app.yaml /etc/app/',
    },
  },
  checkWorkspace(ctx) {
    for (const summary of ctx.index.files()) {
      if (!summary.copies?.length || !ctx.wants(summary.fileName)) continue;
      const ignore = ctx.index.dockerignoreFor(summary.fileName);
      if (!ignore?.dockerignore?.length) continue;
      for (const copy of summary.copies) {
        if (/[*?[]/.test(copy.source)) continue;
        const path = cleanPath(copy.source.replace(/^\/+/, ''));
        // the context root, or a path outside the context (the build fails anyway): nothing to judge
        if (path === '.' || path.startsWith('..')) continue;
        const pattern = ignoredBy(ignore.dockerignore, path);
        if (!pattern) continue;
        ctx.report({
          messageId: 'ignored', fileName: summary.fileName, range: copy.range, resource: copy.resource,
          data: { keyword: copy.keyword, source: copy.source, ignoreFile: `\`${baseNameOf(ignore.fileName)}\``, pattern: pattern.pattern },
          related: [{
            fileName: ignore.fileName,
            range: { start: { line: pattern.line, character: pattern.start }, end: { line: pattern.line, character: pattern.end } },
            message: `this pattern excludes ${path}`,
          }],
        });
      }
    }
  },
});
