import { dockerRule } from '../core/rule.js';
import { isShellName, readOptions, shellScriptArgument, type Command, type Word } from '../core/shell.js';

const INTERPRETER = /^(python[0-9.]*|perl|ruby|node|nodejs|php[0-9.]*)$/;

/** curl or wget writing what it downloads to standard output. */
export function downloadsToStdout(c: Command): boolean {
  if (c.name === 'curl') {
    const { options } = readOptions(c.args, { shortWithValue: 'oHdXuAeErTwxyzbcKDFm', longWithValue: ['output', 'header', 'data', 'request', 'user', 'user-agent', 'referer', 'cacert', 'cert', 'proxy', 'write-out', 'config', 'retry', 'max-time', 'connect-timeout', 'form', 'url', 'output-dir'] });
    return !options.some((o) => ((o.name === 'o' || o.name === 'output') && o.value !== '-' && o.value !== '/dev/stdout')
      || o.name === 'O' || o.name === 'remote-name' || o.name === 'remote-name-all');
  }
  if (c.name === 'wget') {
    const { options } = readOptions(c.args, { shortWithValue: 'OoaPeiUTtwYlAR', longWithValue: ['output-document', 'output-file', 'directory-prefix', 'user-agent', 'header', 'tries', 'timeout'] });
    return options.some((o) => (o.name === 'O' || o.name === 'output-document') && (o.value === '-' || o.value === '/dev/stdout'));
  }
  return false;
}

/** A shell or interpreter that executes the script it reads on standard input. */
function runsStdin(c: Command): boolean {
  if (isShellName(c.name)) {
    if (shellScriptArgument(c.args)) return false;
    for (let k = 0; k < c.args.length; k++) {
      const t = c.args[k].text;
      if (t === '-s' || t === '-' || t === '--') return true;
      if (t === '-o' || t === '+o') { k++; continue; }
      if (/^[-+]/.test(t)) continue;
      return false;
    }
    return true;
  }
  if (!INTERPRETER.test(c.name)) return false;
  for (const a of c.args) {
    const t = a.text;
    if (t === '-') return true;
    if (/^-(c|m|e|E|p|r)$/.test(t) || t === '--eval' || t === '--print') return false;
    if (t.startsWith('-')) continue;
    return false;
  }
  return true;
}

export default dockerRule<'pipe' | 'substitution'>({
  meta: {
    id: 'docker/no-pipe-to-shell',
    stage: 'build',
    severity: 'warning',
    title: 'Do not pipe downloaded scripts into a shell',
    rationale: '`curl … | sh` runs whatever the server returns at build time, with the build\'s privileges, without any integrity check: a compromised host, a hijacked DNS name, a malicious mirror or a truncated download (the shell runs the part that arrived) all execute in your image. Nothing records what was actually run, and the next build may run something else. The same holds for `sh -c "$(curl …)"` and `bash <(curl …)`.',
    remediation: 'Download to a file, verify it against a pinned checksum or signature, then run it:\n\n```dockerfile\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh && rm /tmp/install.sh\n```\n\nOr `ADD --checksum=sha256:<sha256> <url> /tmp/install.sh`. Prefer a distribution package or a pinned release binary when one exists.',
    references: [
      { title: 'Dockerfile reference: ADD --checksum', url: 'https://docs.docker.com/reference/dockerfile/#add---checksum' },
      { title: 'OpenSSF: Concise guide for evaluating open source software', url: 'https://best.openssf.org/Concise-Guide-for-Evaluating-Open-Source-Software' },
    ],
    equivalents: {},
    fix: 'none',
    messages: {
      pipe: '`{{downloader}}` output is piped into `{{shell}}`: a remote script runs unverified. Download it, check its checksum, then run it.',
      substitution: '`{{shell}}` runs a script downloaded by `{{downloader}}` without verifying it. Download it, check its checksum, then run it.',
    },
    examples: {
      invalid: 'FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | bash',
      valid: 'FROM debian:12-slim\nRUN curl -fsSLo /tmp/i.sh https://example.com/install.sh \\\n && echo "<sha256>  /tmp/i.sh" | sha256sum -c - && bash /tmp/i.sh',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      for (const p of script.pipelines) {
        const from = p.commands.findIndex(downloadsToStdout);
        if (from < 0) continue;
        const to = p.commands.findIndex((c, k) => k > from && runsStdin(c));
        if (to < 0 || !p.pipes[to - 1]) continue;
        ctx.report({
          messageId: 'pipe',
          data: { downloader: p.commands[from].name, shell: p.commands[to].name },
          span: p.pipes[to - 1],
          resource: model.resource(ins.stage),
        });
      }
      const downloads = script.commands.filter((c) => c.context === 'substitution' && downloadsToStdout(c));
      if (!downloads.length) continue;
      for (const c of script.commands) {
        const inside = (w: Word): Command | undefined => downloads.find((d) => d.word.span.start >= w.span.start && d.word.span.end <= w.span.end);
        let target: Word | undefined;
        if (isShellName(c.name)) {
          const body = shellScriptArgument(c.args);
          if (body && inside(body) && /^["']?\$\(/.test(body.text.trim()) ) target = body;
          else target = c.args.find((a) => a.text.startsWith('<(') && inside(a));
        } else if (c.name === 'eval' || c.name === 'source' || c.name === '.' || INTERPRETER.test(c.name)) {
          target = c.args.find((a) => (a.text.startsWith('<(') || (c.name === 'eval' && a.text.startsWith('$('))) && inside(a));
        }
        if (!target) continue;
        ctx.report({
          messageId: 'substitution',
          data: { downloader: inside(target)!.name, shell: c.name },
          span: target.span,
          resource: model.resource(ins.stage),
        });
      }
    }
  },
});
