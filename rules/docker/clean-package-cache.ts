import { dockerRule, type FixDescriptor } from '../core/rule.js';
import type { DockerfileModel, DockerInstruction } from '../core/dockerfile-model.js';
import { findOption, packageCommands, type PackageCommand } from '../core/packages.js';
import type { Script } from '../core/shell.js';

type Kind = 'apt' | 'apk' | 'rpm' | 'zypper' | 'pip' | 'yarn';

const CACHE_DIRS: Record<Kind, RegExp> = {
  apt: /^\/var\/(lib|cache)\/apt/,
  apk: /^\/var\/cache\/apk|^\/etc\/apk\/cache/,
  rpm: /^\/var\/cache\/(yum|dnf|libdnf5)/,
  zypper: /^\/var\/cache\/zypp/,
  pip: /\.cache\/pip|^\/root\/\.cache/,
  yarn: /yarn/,
};

function kindOf(p: PackageCommand): Kind | undefined {
  switch (p.manager) {
    case 'apt-get': case 'apt': case 'aptitude': return 'apt';
    case 'apk': return 'apk';
    case 'yum': case 'dnf': case 'microdnf': case 'tdnf': return 'rpm';
    case 'zypper': return 'zypper';
    case 'pip': return 'pip';
    case 'yarn': return 'yarn';
    default: return undefined;
  }
}

/** Whether the RUN removes the cache after the install (or never writes one). */
function cleaned(kind: Kind, p: PackageCommand, script: Script, after: number): boolean {
  const later = script.commands.filter((c) => c.word.span.start > after);
  const removes = (re: RegExp): boolean => later.some((c) => c.name === 'rm' && c.args.some((a) => re.test(a.text)));
  const cleans = (managers: string[], ...words: string[]): boolean => later.some((c) => managers.includes(c.name) && words.some((w) => c.args.some((a) => a.text === w)));
  switch (kind) {
    case 'apt': return removes(/^\/var\/lib\/apt\/lists/);
    case 'apk': return !!findOption(p, 'no-cache') || removes(/^\/var\/cache\/apk/) || later.some((c) => c.name === 'apk' && c.args[0]?.text === 'cache' && /^(clean|purge)$/.test(c.args[1]?.text ?? ''));
    case 'rpm': return cleans(['yum', 'dnf', 'microdnf', 'tdnf', 'dnf5'], 'clean') || removes(/^\/var\/cache\/(yum|dnf|libdnf5)/);
    case 'zypper': return cleans(['zypper'], 'clean', 'cc');
    case 'pip': return !!findOption(p, 'no-cache-dir') || later.some((c) => /^pip[0-9.]*$/.test(c.name) && c.args[0]?.text === 'cache' && c.args[1]?.text === 'purge');
    case 'yarn': return later.some((c) => c.name === 'yarn' && c.args[0]?.text === 'cache' && c.args[1]?.text === 'clean');
  }
}

const HOW: Record<Kind, string> = {
  apt: 'remove /var/lib/apt/lists/* in the same RUN',
  apk: 'use `apk add --no-cache`',
  rpm: 'run `<manager> clean all` in the same RUN',
  zypper: 'run `zypper clean --all` in the same RUN',
  pip: 'use `pip install --no-cache-dir`',
  yarn: 'run `yarn cache clean` in the same RUN',
};

export default dockerRule<'cache'>({
  meta: {
    id: 'docker/clean-package-cache',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Do not leave package-manager caches in the final image',
    rationale: 'Package indexes and download caches (`/var/lib/apt/lists`, `/var/cache/apk`, `/var/cache/dnf`, `~/.cache/pip`, the Yarn cache) are written into the layer of the RUN that installs, and deleting them in a later RUN does not shrink the image. They add tens to hundreds of megabytes and stale metadata. The rule looks at the stages that end in the final image; build stages may keep their caches, and RUNs that use a BuildKit cache mount for the directory are fine.',
    remediation: 'Clean in the same RUN, or use a cache mount:\n\n```dockerfile\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nRUN apk add --no-cache git\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n```',
    references: [
      { title: 'Docker build best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' },
      { title: 'Optimize cache usage: cache mounts', url: 'https://docs.docker.com/build/cache/optimize/#use-cache-mounts' },
    ],
    equivalents: {
      hadolint: ['DL3009', 'DL3019', 'DL3032', 'DL3036', 'DL3040', 'DL3042', 'DL3060'],
      trivy: ['DS-0015', 'DS-0019', 'DS-0020', 'DS-0025', 'DS-0027'],
    },
    fix: 'suggestion',
    messages: { cache: '`{{command}}` leaves its package cache in the {{stage}}: {{how}}.' },
    examples: {
      invalid: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
      valid: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.finalChain())) {
      const exec = !!model.execForm(ins);
      const mounts = model.flags(ins).filter((f) => f.name === 'mount' && /(^|,)type=cache(,|$)/.test(f.value ?? '')).map((f) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1] ?? '');
      for (const p of packageCommands(script)) {
        const kind = kindOf(p);
        if (!kind || !p.actionWord || p.action !== 'install') continue;
        if (mounts.some((m) => CACHE_DIRS[kind].test(m))) continue;
        if (kind === 'pip' && pipCacheDisabled(model, ins)) continue;
        if (cleaned(kind, p, script, p.command.word.span.start)) continue;
        const fixes: FixDescriptor[] = [];
        const word = p.actionWord;
        const end = model.args(ins)[model.args(ins).length - 1]?.span.end ?? ins.span.end;
        const single = !model.text.slice(ins.keywordSpan.end, ins.span.end).includes('<<');
        if (!exec && single && p.command.context === 'top') {
          if (kind === 'apk') fixes.push({ title: 'Add --no-cache', edits: [{ start: word.span.end, end: word.span.end, text: ' --no-cache' }] });
          else if (kind === 'pip') fixes.push({ title: 'Add --no-cache-dir', edits: [{ start: word.span.end, end: word.span.end, text: ' --no-cache-dir' }] });
          else {
            const tail = kind === 'apt' ? 'rm -rf /var/lib/apt/lists/*' : kind === 'rpm' ? `${p.command.name} clean all` : kind === 'zypper' ? 'zypper clean --all' : 'yarn cache clean';
            fixes.push({ title: `Append \`${tail}\``, edits: [{ start: end, end, text: ` && ${tail}` }] });
          }
        }
        ctx.report({
          messageId: 'cache',
          data: { command: `${p.command.name} ${word.text}`, stage: model.describe(ins.stage!), how: HOW[kind] },
          span: word.span,
          resource: model.resource(ins.stage),
          fixes,
        });
      }
    }
  },
});

/** `ENV PIP_NO_CACHE_DIR=…` earlier in the chain turns pip's cache off for every install. */
function pipCacheDisabled(model: DockerfileModel, ins: DockerInstruction): boolean {
  const v = model.lookup('PIP_NO_CACHE_DIR', ins);
  return v.kind === 'ENV' && v.value !== '';
}
