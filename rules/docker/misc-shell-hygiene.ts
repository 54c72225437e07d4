import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { readOptions } from '../core/shell.js';

const INTERACTIVE = new Set(['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim']);

export default dockerRule<'wgetProgress' | 'useraddLog' | 'lnShell' | 'interactive'>({
  meta: {
    id: 'docker/misc-shell-hygiene',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Keep RUN commands build-friendly',
    rationale: 'A few commands behave badly in image builds: `wget` without `--progress` floods build logs; `useradd` with a large UID and without `-l` writes a sparse `lastlog` file that grows the layer by hundreds of megabytes; replacing `/bin/sh` with a symlink to bash (`ln -sf /bin/bash /bin/sh`) changes the shell behind the package manager\'s back instead of declaring it with `SHELL`; and interactive or process-management tools (`ssh`, `vim`, `top`, `service`, `shutdown`, `kill`, `mount`, `ps`, `free`) do nothing useful during a build.',
    remediation: '```dockerfile\nRUN wget --progress=dot:giga https://example.com/big.tar.gz\nRUN useradd -l -u 1000001 app\nSHELL ["/bin/bash", "-c"]\n```',
    references: [{ title: 'Docker build best practices', url: 'https://docs.docker.com/build/building/best-practices/' }],
    equivalents: { hadolint: ['DL3047', 'DL3046', 'DL4005', 'DL3001'] },
    fix: 'safe',
    messages: {
      wgetProgress: '`wget` without `--progress` fills the build log with progress output: add `--progress=dot:giga` or `-q`.',
      useraddLog: '`useradd -u {{uid}}` without `-l` makes a huge sparse lastlog file in the layer: add `-l`.',
      lnShell: 'Replacing /bin/sh with a symlink hides the shell change: declare it with `SHELL [...]` instead.',
      interactive: '`{{command}}` is interactive or manages processes: it does nothing useful in an image build.',
    },
    examples: { invalid: 'FROM debian:12-slim\nRUN wget https://example.com/big.tar.gz', valid: 'FROM debian:12-slim\nRUN wget --progress=dot:giga https://example.com/big.tar.gz' },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      const exec = !!model.execForm(ins);
      const resource = model.resource(ins.stage);
      for (const c of script.commands) {
        const insertAfterWord = (text: string, title: string): FixDescriptor[] =>
          exec || model.text.slice(c.word.span.start, c.word.span.end) !== c.word.text ? [] : [{ title, edits: [{ start: c.word.span.end, end: c.word.span.end, text }] }];
        if (c.name === 'wget') {
          const { options } = readOptions(c.args, { shortWithValue: 'OoaPeiUTtwYlAR', longWithValue: ['output-document', 'output-file', 'append-output', 'progress'] });
          const quiet = options.some((o) => ['q', 'quiet', 'no-verbose', 'progress', 'o', 'output-file', 'a', 'append-output'].includes(o.name)) || c.args.some((a) => a.text === '-nv');
          if (!quiet) ctx.report({ messageId: 'wgetProgress', span: c.word.span, resource, fixes: insertAfterWord(' --progress=dot:giga', 'Add --progress=dot:giga') });
        } else if (c.name === 'useradd') {
          const { options } = readOptions(c.args, { shortWithValue: 'ugsdGcpefkK', longWithValue: ['uid', 'gid', 'shell', 'home-dir', 'groups', 'comment', 'password', 'expiredate', 'inactive', 'skel', 'key'] });
          const uid = options.find((o) => o.name === 'u' || o.name === 'uid')?.value;
          const noLog = options.some((o) => o.name === 'l' || o.name === 'no-log-init');
          if (uid && /^\d{6,}$/.test(uid) && !noLog) ctx.report({ messageId: 'useraddLog', data: { uid }, span: c.word.span, resource, fixes: insertAfterWord(' -l', 'Add -l (--no-log-init)') });
        } else if (c.name === 'ln') {
          const operands = c.args.filter((a) => !a.text.startsWith('-'));
          if (operands.length >= 2 && operands[operands.length - 1].text === '/bin/sh' && c.args.some((a) => /^-[a-zA-Z]*s/.test(a.text))) {
            ctx.report({ messageId: 'lnShell', span: c.word.span, resource });
          }
        } else if (INTERACTIVE.has(c.name) && c.context === 'top') {
          ctx.report({ messageId: 'interactive', data: { command: c.name }, span: c.word.span, resource });
        }
      }
    }
  },
});
