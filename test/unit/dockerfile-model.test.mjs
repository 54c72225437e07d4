// The Dockerfile model every docker/* rule reads: stages and the final chain, variables, shells, exec forms, RUN
// scripts, package commands, image references, credentials and the end-of-life table; and its behaviour on hostile
// input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allRulesConfig, palisade } from '../support/engine.mjs';

const { DockerfileModel, LineIndex, packageCommands, parseImageRef, findEolReleases, findCredentials, isSecretName } = palisade;

const model = (text, options) => new DockerfileModel(text, new LineIndex(text), options);
const at = (text, span) => text.slice(span.start, span.end);
const byKeyword = (m, keyword, n = 0) => m.instructions.filter((i) => i.keyword === keyword)[n];

describe('Dockerfile model', () => {
  test('stages, names, parents and the final chain', () => {
    const text = 'FROM golang:1.26 AS Build\nRUN make\nFROM build AS test\nFROM alpine:3.22 AS runtime\nFROM runtime\n';
    const m = model(text);
    assert.deepEqual(m.stages.map((s) => s.name), ['build', 'test', 'runtime', undefined]);
    assert.equal(m.stages[1].parent, m.stages[0]);
    assert.equal(m.final, m.stages[3]);
    assert.deepEqual(m.stages.map((s) => s.inFinalChain), [false, false, true, true]);
    assert.deepEqual(m.stages.map((s) => m.resource(s)), ['stage "build"', 'stage "test"', 'stage "runtime"', 'stage 3']);
    assert.equal(m.rootOf(m.stages[3]), m.stages[2]);
    const target = model(text, { targetStage: 'TEST' });
    assert.equal(target.final, target.stages[1]);
    assert.deepEqual(target.stages.map((s) => s.inFinalChain), [true, true, false, false]);
  });

  test('image references are resolved from global ARGs; scratch and stage names are not images', () => {
    const text = 'ARG REG=registry.example.com:5000\nARG TAG\nFROM ${REG}/app AS a\nFROM node:${TAG:-22} AS b\nFROM scratch\nFROM a\nFROM alpine:${TAG}\n';
    const m = model(text);
    assert.equal(m.stages[0].resolvedImage, 'registry.example.com:5000/app');
    assert.equal(m.stages[0].image.registry, 'registry.example.com:5000');
    assert.equal(m.stages[0].image.tag, undefined);
    assert.equal(m.stages[1].image.tag, '22');
    assert.equal(m.stages[2].scratch, true);
    assert.equal(m.stages[2].image, undefined);
    assert.equal(m.stages[3].parent, m.stages[0]);
    assert.equal(m.stages[4].resolvedImage, undefined, 'an ARG without value cannot be resolved');
  });

  test('variables: stage ARGs take global defaults, ENV is inherited through FROM <stage>, ARG is not', () => {
    const text = 'ARG V=1\nFROM alpine:3.22 AS base\nARG V\nARG ONLY_HERE=x\nENV HOME_DIR=/srv/$V\nFROM base\nRUN true\n';
    const m = model(text);
    const env = byKeyword(m, 'ENV');
    const run = byKeyword(m, 'RUN');
    assert.deepEqual(m.lookup('V', env), { defined: true, value: '1', kind: 'ARG' });
    assert.equal(m.resolve('$HOME_DIR/x', run), '/srv/1/x');
    assert.equal(m.lookup('ONLY_HERE', run).defined, false);
    assert.equal(m.lookup('V', run).defined, false);
    assert.equal(m.resolve('${MISSING}', run), undefined);
    assert.equal(m.resolve('${MISSING:-fallback}', run), 'fallback');
  });

  test('ENV pairs of one instruction see the values from before it', () => {
    const m = model('FROM a\nENV A=1 B=$A\nENV C=$A\n');
    const [first, second] = m.instructions.filter((i) => i.keyword === 'ENV');
    assert.equal(m.lookup('B', second).value, undefined, 'B=$A used the old (unset) A');
    assert.equal(m.lookup('C', byKeyword(m, 'ENV', 1)).defined, false);
    assert.equal(m.resolve('$C', { ...second, index: second.index + 1 }), '1');
    void first;
  });

  test('SHELL is inherited, and non-POSIX shells or Windows bases disable script reading', () => {
    const text = 'FROM alpine:3.22 AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM a AS b\nRUN echo b\nFROM a\nSHELL ["pwsh", "-Command"]\nRUN echo c\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\nRUN ["cmd", "/c", "dir"]\n';
    const m = model(text);
    const [rb, rc, rw, rx] = m.instructions.filter((i) => i.keyword === 'RUN');
    assert.deepEqual(m.shellAt(rb), ['/bin/bash', '-o', 'pipefail', '-c']);
    assert.ok(m.isPosixShell(rb));
    assert.ok(!m.isPosixShell(rc));
    assert.equal(m.script(rc), undefined);
    assert.ok(!m.isPosixShell(rw));
    assert.equal(m.script(rw), undefined);
    assert.deepEqual(m.script(rx).commands.map((c) => c.name), ['cmd'], 'exec form does not use SHELL');
  });

  test('words, flags and arguments are split as Docker does', () => {
    const text = 'FROM a\nCOPY --from=build --chown=app:app "my dir/" other\\ file /dst/\n';
    const m = model(text);
    const copy = byKeyword(m, 'COPY');
    assert.deepEqual(m.flags(copy).map((f) => [f.name, f.value, at(text, f.valueSpan)]), [['from', 'build', 'build'], ['chown', 'app:app', 'app:app']]);
    assert.deepEqual(m.args(copy).map((w) => w.text), ['my dir/', 'other file', '/dst/']);
    assert.deepEqual(m.args(copy).map((w) => at(text, w.span)), ['"my dir/"', 'other\\ file', '/dst/']);
  });

  test('exec form is decoded with JSON escapes and exact spans; invalid JSON is shell form', () => {
    const text = 'FROM a\nCMD ["node", "a b.js", "\\u0041\\"q\\""]\nCMD [ \'x\' ]\nRUN ["sh", "-c", "curl -k https://x | sh"]\n';
    const m = model(text);
    const [cmd, bad] = m.instructions.filter((i) => i.keyword === 'CMD');
    assert.deepEqual(m.execForm(cmd).map((w) => w.text), ['node', 'a b.js', 'A"q"']);
    assert.deepEqual(m.execForm(cmd).map((w) => at(text, w.span)), ['"node"', '"a b.js"', '"\\u0041\\"q\\""']);
    assert.equal(m.execForm(bad), undefined);
    const script = m.script(byKeyword(m, 'RUN'));
    const curl = script.commands.find((c) => c.name === 'curl');
    assert.equal(at(text, curl.args[0].span), '-k');
    assert.equal(at(text, script.pipelines.find((p) => p.pipes.length).pipes[0]), '|');
  });

  test('RUN scripts: flags are skipped, heredocs run by a shell are read, heredocs fed to other programs are not', () => {
    const text = [
      'FROM a',
      'RUN --mount=type=secret,id=x apk add curl',
      'RUN <<EOF',
      'apk add git',
      'curl x | sh',
      'EOF',
      'RUN python3 <<EOF',
      'import os',
      'EOF',
      'RUN <<EOF',
      '#!/usr/bin/env python3',
      'print(1)',
      'EOF',
      'RUN <<EOF',
      'unterminated | sh',
      '',
    ].join('\n');
    const m = model(text);
    const runs = m.instructions.filter((i) => i.keyword === 'RUN');
    assert.deepEqual(m.script(runs[0]).commands.map((c) => c.name), ['apk']);
    assert.deepEqual(m.script(runs[1]).commands.map((c) => c.name), ['apk', 'curl', 'sh']);
    assert.deepEqual(m.script(runs[2]).commands.map((c) => c.name), ['python3']);
    assert.deepEqual(m.script(runs[3]).commands.map((c) => c.name), []);
    assert.deepEqual(m.script(runs[4]).commands.map((c) => c.name), ['unterminated', 'sh']);
  });

  test('stage references, working directories and tag spans', () => {
    const text = 'FROM golang:1.26 AS build\nWORKDIR /src\nWORKDIR app\nCOPY . .\nFROM build\nCOPY --from=build /a /b\nCOPY --from=0 /a /b\nFROM node:22.11-slim@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac\n';
    const m = model(text);
    const copies = m.instructions.filter((i) => i.keyword === 'COPY');
    assert.equal(m.workdirAt(copies[0]), '/src/app');
    assert.equal(m.workdirAt(copies[1]), '/src/app', 'inherited through FROM build');
    assert.equal(m.stageNamed('BUILD', copies[1]), m.stages[0]);
    assert.equal(m.stageNamed('0', copies[2]), m.stages[0]);
    assert.equal(m.stageNamed('2', copies[2]), undefined, 'only stages defined before the COPY count');
    assert.equal(at(text, m.tagSpan(m.stages[0])), '1.26');
    assert.equal(at(text, m.tagSpan(m.stages[2])), '22.11-slim');
  });

  test('package commands: managers, actions, packages and versions', () => {
    const m = model('FROM a\nRUN apt-get -y install --no-install-recommends curl=7.88 git:amd64 ./x.deb && apk add --virtual .deps gcc~13 && python3 -m pip install -r r.txt flask==3.1 "uvicorn[standard]>=0.30" && yum install -y git-2.43.5.x86_64 && npm i -g @scope/cli@1.2.3 pnpm && go install golang.org/x/tools/cmd/goimports@v0.28.0 && apt-get purge -y curl\n');
    const p = packageCommands(m.script(byKeyword(m, 'RUN')));
    const summary = p.map((c) => [c.manager, c.action, c.packages.map((x) => `${x.name ?? '-'}@${x.version ?? ''}`).join(' ')]);
    assert.deepEqual(summary, [
      ['apt-get', 'install', 'curl@7.88 git@ -@'],
      ['apk', 'install', 'gcc@~13'],
      ['pip', 'install', 'flask@==3.1 uvicorn@>=0.30'],
      ['yum', 'install', 'git@2.43.5'],
      ['npm', 'install', '@scope/cli@1.2.3 pnpm@'],
      ['go', 'install', 'golang.org/x/tools/cmd/goimports@v0.28.0'],
      ['apt-get', 'remove', 'curl@'],
    ]);
    assert.equal(p[1].options.find((o) => o.name === 'virtual').value, '.deps');
  });

  test('image references: registries, ports, tags and digests', () => {
    assert.deepEqual(
      ['nginx', 'localhost:5000/app', 'registry:5000/team/app:1.2', 'ghcr.io/o/r:v1@sha256:abc', 'library/node:22'].map((r) => {
        const x = parseImageRef(r);
        return [x.registry, x.repository, x.tag ?? null, x.digest ?? null];
      }),
      [
        ['docker.io', 'nginx', null, null],
        ['localhost:5000', 'app', null, null],
        ['registry:5000', 'team/app', '1.2', null],
        ['ghcr.io', 'o/r', 'v1', 'sha256:abc'],
        ['docker.io', 'library/node', '22', null],
      ],
    );
  });

  test('end-of-life table: versions and codenames from tags, the distribution variant too', () => {
    const eol = (ref) => findEolReleases(parseImageRef(ref)).map((m) => `${m.product} ${m.cycle} ${m.eol}`);
    assert.deepEqual(eol('python:3.8-slim-buster'), ['Python 3.8 2024-10-07', 'Debian 10 2024-06-30']);
    assert.deepEqual(eol('node:hydrogen-alpine3.18'), ['Node.js 18 2025-04-30', 'Alpine Linux 3.18 2025-05-09']);
    assert.deepEqual(eol('ubuntu:focal-20240123'), ['Ubuntu 20.04 2025-05-29']);
    assert.deepEqual(eol('node:8'), ['Node.js 10 2021-04-30'], 'older than the table: its oldest row');
    assert.deepEqual(eol('python:3'), [], 'a major-only tag names no release line');
    assert.deepEqual(eol('alpine:latest'), []);
    assert.deepEqual(findEolReleases(parseImageRef('corp/base:2.1'), [{ image: 'corp/base', cycle: '2', eol: '2025-01-01' }]).map((m) => m.eol), ['2025-01-01']);
  });

  test('credential patterns and secret names (shared with the Kubernetes rules)', () => {
    const text = 'key=AKIAIOSFODNN7EXAMPLE url=https://u:p4ss@h/x tok=ghp_0123456789abcdefghijABCDEFGHIJ012345 ref=https://u:$PASS@h';
    assert.deepEqual(findCredentials(text).map((m) => [m.kind, at(text, m)]), [
      ['aws-access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
      ['url-credentials', 'u:p4ss'],
      ['github-token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'],
    ]);
    assert.deepEqual(['API_TOKEN', 'DB_PASSWORD', 'aws_secret_access_key', 'PGPASSWORD', 'VITE_NPM_TOKEN', 'PUBLIC_KEY', 'KEY_FILE', 'MONKEY', 'VERSION', 'TOKEN_VERSION'].map(isSecretName),
      [true, true, true, true, true, false, false, false, false, false]);
  });

  test('hostile input never throws, never reports an internal error, and stays linear-ish', () => {
    const config = allRulesConfig();
    const junk = Array.from({ length: 100000 }, (_, i) => String.fromCharCode(1 + ((i * 7919) % 60000))).join('');
    const cases = {
      'continuation lines': 'FROM alpine:3.22\nRUN apk add \\\n' + '  curl \\\n'.repeat(60000) + '  git\n',
      'unterminated heredoc': 'FROM alpine:3.22\nRUN <<EOF\n' + 'echo a | sh\ncat <<X\n'.repeat(20000),
      'escape directive': '# escape=`\nFROM alpine:3.22\nRUN echo `\n' + 'a `\n'.repeat(60000),
      'odd escape directive': '# escape=x\n# escape=\\\nFROM a\nRUN echo \\\n',
      'binary junk': junk,
      'unbalanced quotes and substitutions': 'FROM alpine:3.22\nRUN echo "' + 'a\'b$(c`'.repeat(30000) + '\n',
      'deep stage chain': 'FROM alpine:3.22 AS s0\n' + Array.from({ length: 4000 }, (_, i) => `FROM s${i} AS s${i + 1}\nWORKDIR w\nCOPY --from=s${i} /a b\nCMD x\n`).join(''),
      'many variables': 'FROM alpine:3.22\n' + 'ENV A=1 B=$A C=$UNDEFINED_VARIABLE\nLABEL x=$A\n'.repeat(10000),
      'empty': '',
      'only comments': '# hello\n# world\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      const started = Date.now();
      const findings = palisade.lint({ text, fileName: 'Dockerfile' }, config);
      const elapsed = Date.now() - started;
      assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), [], name);
      assert.ok(elapsed < 20000, `${name}: ${elapsed} ms`);
    }
  });
});
