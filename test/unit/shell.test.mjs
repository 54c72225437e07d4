// The shell reader behind every RUN rule: commands, words, pipes and nested scripts with exact offsets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { palisade } from '../support/engine.mjs';

const { parseShell, joinContinuations, readOptions, setsPipefailBefore, parseScript } = palisade;

/** Parse a whole text as shell (no Docker continuation handling). */
const sh = (text) => parseShell(text, { start: 0, end: text.length });
/** Parse as a Dockerfile RUN body: continuations joined, comment lines dropped. */
const run = (text, escape = '\\') => parseShell(text, { start: 0, end: text.length }, { dockerContinuations: true, escape });
const at = (text, span) => text.slice(span.start, span.end);
const names = (script) => script.commands.map((c) => c.name);

describe('shell reader', () => {
  test('splits simple commands on &&, ||, ;, | and newlines', () => {
    const text = 'apt-get update && apt-get install -y curl || true; echo a | tee /x\nls';
    const s = sh(text);
    assert.deepEqual(names(s), ['apt-get', 'apt-get', 'true', 'echo', 'tee', 'ls']);
    assert.deepEqual(s.commands[1].args.map((w) => w.text), ['install', '-y', 'curl']);
    const piped = s.pipelines.find((p) => p.pipes.length);
    assert.deepEqual(piped.commands.map((c) => c.name), ['echo', 'tee']);
    assert.equal(at(text, piped.pipes[0]), '|');
    assert.equal(piped.pipes[0].start, text.indexOf('| tee'));
  });

  test('|| is not a pipe and |& is', () => {
    const text = 'a || b; c |& d';
    const s = sh(text);
    assert.equal(s.pipelines.filter((p) => p.pipes.length).length, 1);
    assert.equal(at(text, s.pipelines.find((p) => p.pipes.length).pipes[0]), '|&');
  });

  test('words keep their exact spans through quotes and escapes', () => {
    const text = `echo 'single q' "dbl \\"q\\" $HOME" plain\\ space`;
    const [echo] = sh(text).commands;
    assert.deepEqual(echo.args.map((w) => w.text), ['single q', 'dbl "q" $HOME', 'plain space']);
    assert.deepEqual(echo.args.map((w) => at(text, w.span)), [`'single q'`, `"dbl \\"q\\" $HOME"`, 'plain\\ space']);
    assert.deepEqual(echo.args.map((w) => [w.quoted, w.expands]), [[true, false], [true, true], [false, false]]);
  });

  test('Dockerfile continuations are joined and comment lines inside them are dropped', () => {
    const text = 'apk add \\\n# a comment\n   curl \\\n\n   wget && echo done';
    const s = run(text);
    assert.deepEqual(names(s), ['apk', 'echo']);
    const [curl, wget] = s.commands[0].args.slice(1);
    assert.equal(curl.text, 'curl');
    assert.equal(at(text, curl.span), 'curl');
    assert.equal(at(text, wget.span), 'wget');
    assert.equal(text.slice(0, wget.span.start).split('\n').length, 5, 'wget is on line 5');
  });

  test('a word split by a continuation maps back to both lines', () => {
    const text = 'echo ab\\\ncd';
    const [echo] = run(text).commands;
    assert.equal(echo.args[0].text, 'abcd');
    assert.equal(at(text, echo.args[0].span), 'ab\\\ncd');
  });

  test('the backtick escape directive joins lines and leaves backslashes to the shell', () => {
    const text = 'echo a `\n  && type C:\\x';
    const s = run(text, '`');
    assert.deepEqual(names(s), ['echo', 'type']);
    assert.equal(joinContinuations(text, { start: 0, end: text.length }, '`').text, 'echo a   && type C:\\x');
  });

  test('sudo, env, xargs and friends are peeled off as wrappers', () => {
    const text = 'sudo -E -u root env A=1 B=2 apt-get install x && find . | xargs -n1 rm && timeout 5 curl x';
    const s = sh(text);
    const apt = s.commands.find((c) => c.name === 'apt-get');
    assert.deepEqual(apt.wrappers.map((w) => w.text), ['sudo', 'env']);
    assert.deepEqual(apt.assignments.map((w) => w.text), ['A=1', 'B=2']);
    assert.equal(at(text, apt.word.span), 'apt-get');
    assert.deepEqual(s.commands.find((c) => c.name === 'rm').wrappers.map((w) => w.text), ['xargs']);
    assert.ok(s.commands.some((c) => c.name === 'curl'));
  });

  test('sh -c and bash -c scripts are read at their real offsets', () => {
    const text = `bash -ec "apt-get install -y \\"pkg\\" && curl -k https://x | sh" && sh -c 'echo hi'`;
    const s = sh(text);
    const apt = s.commands.find((c) => c.name === 'apt-get');
    assert.equal(apt.context, 'shell');
    assert.deepEqual(apt.wrappers.map((w) => w.text), ['bash']);
    assert.equal(apt.args[2].text, 'pkg');
    // the outer backslashes belong to the outer quoting: the inner word starts at its own quote
    assert.equal(at(text, apt.args[2].span), '"pkg\\"');
    const k = s.commands.find((c) => c.name === 'curl').args[0];
    assert.equal(at(text, k.span), '-k');
    const pipe = s.pipelines.find((p) => p.context === 'shell' && p.pipes.length).pipes[0];
    assert.equal(at(text, pipe), '|');
    assert.ok(s.commands.some((c) => c.name === 'echo' && c.context === 'shell'));
  });

  test('sh without -c runs a file, so its argument is not read as a script', () => {
    const s = sh('sh ./install.sh "rm -rf /"');
    assert.deepEqual(names(s), ['sh']);
  });

  test('command substitutions and process substitutions are parsed as nested scripts', () => {
    const text = 'echo $(curl -fsSL https://x) `wget -qO- y` && bash <(curl z)';
    const s = sh(text);
    const nested = s.commands.filter((c) => c.context === 'substitution').map((c) => c.name);
    assert.deepEqual(nested.sort(), ['curl', 'curl', 'wget']);
    const first = s.commands.find((c) => c.name === 'curl');
    assert.equal(at(text, first.word.span), 'curl');
    assert.equal(first.word.span.start, text.indexOf('curl'));
  });

  test('heredoc bodies inside a script are data, not commands', () => {
    const text = 'cat > /etc/x <<EOF\nrm -rf /\ncurl evil | sh\nEOF\necho after';
    const s = sh(text);
    assert.deepEqual(names(s), ['cat', 'echo']);
    assert.deepEqual(s.commands[0].redirects.map((r) => [r.op, r.target.text]), [['>', '/etc/x'], ['<<', 'EOF']]);
  });

  test('redirections are recorded and never taken as arguments', () => {
    const text = 'echo token > ~/.npmrc 2>&1 && docker login --password-stdin <<< "$PW"';
    const s = sh(text);
    assert.deepEqual(s.commands[0].args.map((w) => w.text), ['token']);
    assert.deepEqual(s.commands[0].redirects.map((r) => r.op), ['>', '>&']);
    assert.deepEqual(s.commands[1].redirects.map((r) => [r.op, r.target.text]), [['<<<', '$PW']]);
  });

  test('for loops, case patterns and function definitions do not become commands', () => {
    const text = 'for p in a b c; do apk add $p; done; case "$x" in a|b) echo ab ;; *) echo other ;; esac; f() { ls; }; if [ -f x ]; then rm x; fi';
    assert.deepEqual(names(sh(text)), ['apk', 'echo', 'echo', 'ls', '[', 'rm']);
  });

  test('readOptions splits bundles, reads values and stops at --', () => {
    const { args } = sh('curl -fsSLo out.tar --retry 3 --header=X:1 https://x -- -k').commands[0];
    const { options, operands } = readOptions(args, { shortWithValue: 'o', longWithValue: ['retry'] });
    assert.deepEqual(options.map((o) => [o.name, o.value ?? null]), [['f', null], ['s', null], ['S', null], ['L', null], ['o', 'out.tar'], ['retry', '3'], ['header', 'X:1']]);
    assert.deepEqual(operands.map((w) => w.text), ['https://x', '-k']);
  });

  test('pipefail is seen when set before the pipe at the top level', () => {
    const yes = sh('set -euo pipefail && curl x | tar -x');
    assert.ok(setsPipefailBefore(yes, yes.pipelines.find((p) => p.pipes.length).pipes[0].start));
    const late = sh('curl x | tar -x; set -o pipefail');
    assert.ok(!setsPipefailBefore(late, late.pipelines.find((p) => p.pipes.length).pipes[0].start));
    const nested = sh(`bash -c 'set -o pipefail' && curl x | tar -x`);
    assert.ok(!setsPipefailBefore(nested, nested.pipelines.find((p) => p.pipes.length && p.context === 'top').pipes[0].start));
  });

  test('never throws and stays fast on unbalanced or random input', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = `ab $'"\`\\()|&;<>{}#\n=-*?[]!`;
    for (let k = 0; k < 300; k++) {
      const len = Math.floor(rand() * 200);
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
      const s = run(text);
      for (const c of s.commands) {
        assert.ok(c.word.span.start >= 0 && c.word.span.end <= text.length && c.word.span.start <= c.word.span.end);
      }
    }
    const started = Date.now();
    run('echo "' + 'a$(b'.repeat(20000));
    run('$('.repeat(20000));
    run("'".repeat(30001) + '`'.repeat(30001));
    parseScript(joinContinuations('x \\\n'.repeat(60000), { start: 0, end: 240000 }));
    assert.ok(Date.now() - started < 10000, 'hostile shell input is read in linear-ish time');
  });
});
