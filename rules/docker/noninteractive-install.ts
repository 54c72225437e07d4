import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { findOption, packageCommands, type PackageCommand } from '../core/packages.js';

function assumesYes(p: PackageCommand): boolean {
  if (findOption(p, 'y', 'yes', 'assume-yes', 'assumeyes', 'force-yes', 'non-interactive', 'n', 'no-confirm')) return true;
  // apt-get -qq implies -y
  return (p.manager === 'apt-get' || p.manager === 'apt') && p.options.filter((o) => o.name === 'q').length >= 2;
}

function skipsRecommends(p: PackageCommand): boolean {
  return !!findOption(p, 'no-install-recommends') || p.options.some((o) => (o.name === 'o' || o.name === 'option') && /^APT::Install-Recommends=(0|false|no)$/i.test(o.value ?? ''));
}

export default dockerRule<'assumeYes' | 'recommends'>({
  meta: {
    id: 'docker/noninteractive-install',
    stage: 'build',
    category: 'best-practice',
    severity: 'warning',
    title: 'Install packages non-interactively and without recommends',
    rationale: 'A build has no terminal: without `-y` (`apt-get`, `yum`, `dnf`) or `-n`/`-y` (`zypper`), the install stops at the confirmation prompt and the build fails or hangs. Without `--no-install-recommends`, apt also installs "recommended" packages nobody asked for, often hundreds of megabytes of extra software and attack surface.',
    remediation: '```dockerfile\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n```',
    references: [{ title: 'Docker build best practices: apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' }],
    equivalents: { hadolint: ['DL3014', 'DL3015', 'DL3030', 'DL3034', 'DL3038'], trivy: ['DS-0021', 'DS-0029'] },
    fix: 'suggestion',
    messages: {
      assumeYes: '`{{command}}` without `-y` waits for a confirmation no one can give during a build.',
      recommends: '`{{command}}` without `--no-install-recommends` also installs packages nobody asked for.',
    },
    examples: { invalid: 'FROM debian:12-slim\nRUN apt-get install curl', valid: 'FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends curl' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      const exec = !!model.execForm(ins);
      for (const p of packageCommands(script)) {
        if (p.action !== 'install' || !p.actionWord) continue;
        const apt = p.manager === 'apt-get' || p.manager === 'apt' || p.manager === 'aptitude';
        const prompts = apt || p.manager === 'yum' || p.manager === 'dnf' || p.manager === 'zypper' || p.manager === 'tdnf';
        const word = p.actionWord;
        const command = `${p.command.name} ${word.text}`;
        const insert = (text: string, title: string): FixDescriptor[] => exec ? [] : [{ title, edits: [{ start: word.span.end, end: word.span.end, text }] }];
        if (prompts && !assumesYes(p)) ctx.report({ messageId: 'assumeYes', data: { command }, span: word.span, resource: model.resource(ins.stage), fixes: insert(' -y', 'Add -y') });
        if (apt && !skipsRecommends(p)) ctx.report({ messageId: 'recommends', data: { command }, span: word.span, resource: model.resource(ins.stage), fixes: insert(' --no-install-recommends', 'Add --no-install-recommends') });
      }
    }
  },
});
