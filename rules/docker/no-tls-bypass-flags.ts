import { dockerRule, type FixDescriptor } from '../core/rule.js';
import { deleteToken } from '../core/dockerfile-edit.js';
import { packageCommand } from '../core/packages.js';
import { readOptions, type Command, type Word } from '../core/shell.js';
import type { Span } from '../core/types.js';

const FALSY = /^(0|false|no|off)$/i;
const CURL_SHORT_VALUES = 'oHdXuAeErTwxyzbcKDFmQ';

interface Bypass {
  span: Span;
  /** What is disabled, for the message. */
  what: string;
  /** Edits that remove the bypass (none when removing it would need restructuring). */
  edits?: { start: number; end: number; text: string }[];
}

export default dockerRule<'bypass'>({
  meta: {
    id: 'docker/no-tls-bypass-flags',
    stage: 'build',
    severity: 'error',
    title: 'Do not disable TLS certificate verification',
    rationale: 'Flags such as `curl -k`, `wget --no-check-certificate`, `pip --trusted-host`, `npm config set strict-ssl false`, `sslverify=0` or `git -c http.sslVerify=false` accept any certificate, so anyone on the network path (a proxy, a compromised Wi-Fi, a hijacked DNS name) can serve modified packages, binaries or scripts, and they are built into the image. The usual reason is a corporate TLS-intercepting proxy; the fix for that is to trust its CA, not to turn verification off.',
    remediation: 'Remove the flag, and if a private or intercepting CA is the reason, install it into the image first:\n\n```dockerfile\nCOPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt\nRUN update-ca-certificates\n```\n\nFor Node.js set `NODE_EXTRA_CA_CERTS`, for pip `PIP_CERT` / `--cert`.',
    references: [
      { title: 'curl: --insecure', url: 'https://curl.se/docs/manpage.html#-k' },
      { title: 'pip: --trusted-host', url: 'https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host' },
      { title: 'npm config: strict-ssl', url: 'https://docs.npmjs.com/cli/using-npm/config#strict-ssl' },
    ],
    equivalents: { checkov: ['CKV2_DOCKER_2', 'CKV2_DOCKER_3', 'CKV2_DOCKER_4', 'CKV2_DOCKER_13', 'CKV2_DOCKER_15'] },
    fix: 'suggestion',
    messages: { bypass: '`{{command}}`: {{what}}, so anyone who can intercept the connection can serve the download. Trust the right CA instead.' },
    examples: {
      invalid: 'FROM debian:12-slim\nRUN curl -fsSLk https://example.com/tool -o /usr/local/bin/tool',
      valid: 'FROM debian:12-slim\nRUN curl -fsSL https://example.com/tool -o /usr/local/bin/tool',
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const { ins, script } of model.runs(model.stages)) {
      const exec = !!model.execForm(ins);
      for (const c of script.commands) {
        for (const b of bypasses(c, model.text, model.escape)) {
          const fixes: FixDescriptor[] = b.edits && !exec ? [{ title: 'Remove the flag that disables certificate verification', edits: b.edits }] : [];
          ctx.report({ messageId: 'bypass', data: { command: c.name, what: b.what }, span: b.span, resource: model.resource(ins.stage), fixes });
        }
      }
    }
  },
});

/** The span of one letter inside a short-option bundle (`k` in `-fsSLk`), when the word is written unquoted. */
function letterIn(text: string, w: Word, letter: string, valueLetters: string): Span | undefined {
  const t = w.text;
  if (!t.startsWith('-') || t.startsWith('--')) return undefined;
  const exact = !w.quoted && text.slice(w.span.start, w.span.end) === t;
  for (let j = 1; j < t.length; j++) {
    if (t[j] === letter) return exact ? { start: w.span.start + j, end: w.span.start + j + 1 } : w.span;
    if (valueLetters.includes(t[j])) return undefined;
  }
  return undefined;
}

function removeLetter(text: string, w: Word, letter: Span, escape: string): { start: number; end: number; text: string }[] {
  return w.text.length > 2 && letter.end - letter.start === 1 ? [{ start: letter.start, end: letter.end, text: '' }] : deleteToken(text, w.span, escape);
}

function bypasses(c: Command, text: string, escape: string): Bypass[] {
  const out: Bypass[] = [];
  const optionWithValue = (opt: Word, value: Word | undefined) => deleteToken(text, { start: opt.span.start, end: (value ?? opt).span.end }, escape);
  if (c.name === 'curl') {
    for (const w of c.args) {
      if (w.text === '--') break;
      if (w.text === '--insecure' || w.text === '--proxy-insecure') {
        out.push({ span: w.span, what: `\`${w.text}\` turns off certificate verification`, edits: deleteToken(text, w.span, escape) });
        continue;
      }
      const k = letterIn(text, w, 'k', CURL_SHORT_VALUES);
      if (k) out.push({ span: k, what: '`-k` turns off certificate verification', edits: removeLetter(text, w, k, escape) });
    }
  } else if (c.name === 'wget') {
    for (const w of c.args) {
      if (w.text === '--no-check-certificate') out.push({ span: w.span, what: '`--no-check-certificate` turns off certificate verification', edits: deleteToken(text, w.span, escape) });
    }
  } else if (c.name === 'git') {
    for (let k = 0; k < c.args.length; k++) {
      const w = c.args[k];
      const m = /^http\.(?:[^=]*\.)?sslverify=(.*)$/i.exec(w.text);
      if (m && FALSY.test(m[1]) && c.args[k - 1]?.text === '-c') {
        out.push({ span: w.span, what: `\`-c ${w.text}\` turns off certificate verification`, edits: optionWithValue(c.args[k - 1], w) });
      }
      if (/^http\.(?:.*\.)?sslverify$/i.test(w.text) && c.args.some((a) => a.text === 'config') && FALSY.test(c.args[k + 1]?.text ?? '')) {
        out.push({ span: w.span, what: `setting \`${w.text}\` to \`${c.args[k + 1].text}\` turns off certificate verification` });
      }
    }
  } else if (c.name === 'yum-config-manager' || c.name === 'dnf' || c.name === 'yum' || c.name === 'microdnf' || c.name === 'tdnf' || c.name === 'dnf5') {
    for (let k = 0; k < c.args.length; k++) {
      const w = c.args[k];
      const inline = /^--setopt=(?:[^=]*\.)?sslverify=(.*)$/i.exec(w.text);
      if (inline && FALSY.test(inline[1])) out.push({ span: w.span, what: `\`${w.text}\` turns off certificate verification`, edits: deleteToken(text, w.span, escape) });
      const next = c.args[k + 1];
      const separate = w.text === '--setopt' && next ? /^(?:[^=]*\.)?sslverify=(.*)$/i.exec(next.text) : null;
      if (separate && FALSY.test(separate[1])) out.push({ span: next!.span, what: `\`--setopt ${next!.text}\` turns off certificate verification`, edits: optionWithValue(w, next) });
    }
  } else if (c.name === 'npm' || c.name === 'yarn' || c.name === 'pnpm') {
    for (let k = 0; k < c.args.length; k++) {
      const w = c.args[k];
      const flag = /^--(strict-ssl)(?:=(.*))?$/.exec(w.text);
      if (flag && flag[2] !== undefined && FALSY.test(flag[2])) out.push({ span: w.span, what: `\`${w.text}\` turns off certificate verification`, edits: deleteToken(text, w.span, escape) });
      if ((w.text === 'strict-ssl' || w.text === 'enableStrictSsl') && c.args[k - 1]?.text === 'set' && FALSY.test(c.args[k + 1]?.text ?? '')) {
        out.push({ span: w.span, what: `setting \`${w.text}\` to \`${c.args[k + 1].text}\` turns off certificate verification` });
      }
      const inline = /^(strict-ssl|enableStrictSsl)=(.*)$/.exec(w.text);
      if (inline && c.args[k - 1]?.text === 'set' && FALSY.test(inline[2])) out.push({ span: w.span, what: `setting \`${w.text}\` turns off certificate verification` });
    }
  }
  const p = packageCommand(c);
  if (p?.manager === 'pip') {
    for (const o of p.options) {
      if (o.name !== 'trusted-host') continue;
      out.push({ span: o.word.span, what: `\`--trusted-host ${o.value ?? ''}\` turns off certificate verification for that host`, edits: optionWithValue(o.word, o.valueWord) });
    }
  }
  if (p && (p.manager === 'apt-get' || p.manager === 'apt' || p.manager === 'aptitude')) {
    const { options } = readOptions(c.args, { shortWithValue: 'oct', longWithValue: ['option', 'config-file', 'target-release'] });
    for (const o of options) {
      if (o.name !== 'o' && o.name !== 'option') continue;
      const m = /^Acquire::https::(?:[^:]+::)?Verify-(Peer|Host)=(.*)$/i.exec(o.value ?? '');
      if (!m || !FALSY.test(m[2])) continue;
      const word = o.valueWord ?? o.word;
      out.push({ span: word.span, what: `\`-o ${o.value}\` turns off certificate verification`, edits: optionWithValue(o.word, o.valueWord) });
    }
  }
  return out;
}
