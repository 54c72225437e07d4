import { dockerRule } from '../core/rule.js';
import { globMatch } from '../core/image-ref.js';

interface Options {
  allowedImages: string[];
}

const DISTRIBUTIONS = new Set(['ubuntu', 'debian', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'opensuse', 'leap', 'tumbleweed']);
const LANGUAGES = new Set(['node', 'python', 'ruby', 'php', 'golang', 'openjdk', 'maven', 'gradle']);
const MINIMAL = /(^|[-_.])(slim|alpine|minimal|micro|distroless|chainguard|scratch)([-_.\d]|$)/i;

export default dockerRule<'full', Options>({
  meta: {
    id: 'docker/prefer-minimal-base-image',
    stage: 'build',
    severity: 'info',
    title: 'Build the final image on a minimal base',
    rationale: 'A full distribution or full language image ships a package manager, a shell, compilers, hundreds of libraries and tools the application never uses. Each is attack surface for whoever gets code execution in the container and a source of vulnerability findings to triage. Minimal bases (distroless, Chainguard, `-slim`, `-alpine`, `scratch`) cut most of that away; multi-stage builds keep the full image for the build and copy only the result into the minimal one.',
    remediation: 'Build in a full image, run in a minimal one:\n\n```dockerfile\nFROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n```\n\nFor interpreted languages use the `-slim` or distroless variant (`python:3.13-slim`, `gcr.io/distroless/nodejs22-debian12`). Images your organisation vetted can be listed in `allowedImages`.',
    references: [
      { title: 'Docker: choose the right base image', url: 'https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image' },
      { title: 'Docker: multi-stage builds', url: 'https://docs.docker.com/build/building/multi-stage/' },
      { title: 'Distroless container images', url: 'https://github.com/GoogleContainerTools/distroless' },
    ],
    equivalents: {},
    fix: 'none',
    messages: {
      full: 'The {{stage}} is built on `{{image}}`, a full {{kind}} image. Use a minimal variant (distroless, -slim, -alpine) and a build stage for tooling.',
    },
    options: {
      schema: {
        type: 'object',
        properties: { allowedImages: { type: 'array', items: { type: 'string' }, description: 'Base images (globs) accepted as final images.' } },
        additionalProperties: false,
      },
      defaults: { allowedImages: [] },
    },
    examples: {
      invalid: 'FROM python:3.13\nCOPY app.py /app.py\nCMD ["python", "/app.py"]',
      valid: 'FROM python:3.13-slim\nCOPY app.py /app.py\nCMD ["python", "/app.py"]',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final) return;
    const root = model.rootOf(final);
    const ref = root.image;
    if (!ref || !root.resolvedImage) return;
    const repo = ref.repository.toLowerCase();
    const name = repo.slice(repo.lastIndexOf('/') + 1);
    const kind = DISTRIBUTIONS.has(name) || repo.startsWith('opensuse/') ? 'distribution' : LANGUAGES.has(name) ? 'language' : undefined;
    if (!kind) return;
    if (MINIMAL.test(ref.tag ?? '') || MINIMAL.test(repo) || MINIMAL.test(ref.registry)) return;
    const bare = root.resolvedImage.split('@')[0];
    if ((ctx.options.allowedImages ?? []).some((g) => globMatch(g, root.resolvedImage!) || globMatch(g, bare))) return;
    ctx.report({
      messageId: 'full',
      data: { stage: model.describe(final), image: root.resolvedImage, kind },
      span: root.imageSpan,
      resource: model.resource(final),
    });
  },
});
