import { dockerRule } from '../core/rule.js';
import { packageCommands, type PackageCommand } from '../core/packages.js';

interface Options {
  ignorePackages: string[];
}

/** Whether an install needs per-package versions (installs from a lock or requirements file do not). */
function pinsApply(p: PackageCommand): boolean {
  if (p.action !== 'install') return false;
  if (p.manager === 'npm' && (p.actionWord?.text === 'ci' || p.actionWord?.text === 'clean-install')) return false;
  if (p.manager === 'pip' && p.options.some((o) => o.name === 'r' || o.name === 'requirement' || o.name === 'c' || o.name === 'constraint')) return false;
  return p.manager !== 'rpm' && p.manager !== 'dpkg';
}

const FLOATING = /^(latest|next|\*|x)$/i;

export default dockerRule<'unpinned', Options>({
  meta: {
    id: 'docker/pin-package-versions',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Pin the versions of installed packages',
    rationale: 'An install without a version takes whatever the repository serves on the day of the build: two builds of the same commit differ, a broken or malicious release is picked up silently, and a vulnerability report cannot be traced to a version in the Dockerfile. Pinning makes upgrades deliberate (and automatable with Renovate or Dependabot).',
    remediation: '```dockerfile\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\nRUN pip install --no-cache-dir flask==3.1.0\nRUN npm install -g pnpm@9.15.0\n```\n\nOr install from a lock or requirements file (`npm ci`, `pip install -r requirements.txt`).',
    references: [
      { title: 'Docker build best practices: version pinning', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' },
    ],
    equivalents: { hadolint: ['DL3008', 'DL3013', 'DL3016', 'DL3018', 'DL3028', 'DL3033', 'DL3037', 'DL3041', 'DL3062'] },
    fix: 'none',
    messages: { unpinned: '`{{pkg}}` is installed with {{manager}} without a version: the build takes whatever is current. Pin it.' },
    options: {
      schema: { type: 'object', properties: { ignorePackages: { type: 'array', items: { type: 'string' }, description: 'Packages that may float (e.g. ca-certificates).' } }, additionalProperties: false },
      defaults: { ignorePackages: [] },
    },
    examples: { invalid: 'FROM python:3.13-slim\nRUN pip install flask', valid: 'FROM python:3.13-slim\nRUN pip install flask==3.1.0' },
  },
  check(ctx) {
    const model = ctx.model;
    const ignore = new Set((ctx.options.ignorePackages ?? []).map((x) => x.toLowerCase()));
    for (const { ins, script } of model.runs(model.stages)) {
      for (const p of packageCommands(script)) {
        if (!pinsApply(p)) continue;
        for (const pkg of p.packages) {
          if (!pkg.name || ignore.has(pkg.name.toLowerCase()) || pkg.name.startsWith('@') && !pkg.name.includes('/')) continue;
          if (pkg.version !== undefined && pkg.version !== '' && !FLOATING.test(pkg.version)) continue;
          ctx.report({ messageId: 'unpinned', data: { pkg: pkg.name, manager: p.manager }, span: pkg.word.span, resource: model.resource(ins.stage) });
        }
      }
    }
  },
});
