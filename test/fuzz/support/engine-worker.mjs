// Child process of the engine fuzz suite (see run-cases.mjs): builds one input per message, deterministically from the
// case, lints it with the built engine and checks what must hold for any input whatsoever. Answers with the list of
// violated properties (empty when the case passes).
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { palisade } from '../../support/engine.mjs';
import { HOSTILE, textOf } from './hostile.mjs';
import { mutate } from './mutations.mjs';
import { Random } from './random.mjs';
import { checkFindings } from './well-formed.mjs';

const configs = new Map();
function configOf(preset) {
  if (!configs.has(preset)) configs.set(preset, palisade.resolveConfig({ extends: [preset] }, palisade.builtinRules));
  return configs.get(preset);
}

/** The input of a case: `{fileName, text, original?}`. */
export function inputOf(c) {
  if (c.kind === 'hostile') {
    const h = HOSTILE.find((x) => x.name === c.name);
    return { fileName: h.fileName, text: textOf(h.make()), expect: h.expect };
  }
  const original = fs.readFileSync(c.file, 'utf8');
  const donor = c.donor ? fs.readFileSync(c.donor, 'utf8') : undefined;
  const m = mutate(original, new Random(c.seed), donor);
  return { fileName: c.fileName, text: m.text, original, ops: m.ops };
}

/** A hostile text read as a `.palisade.yaml`: problems reported, never an exception, custom rules compiled or refused. */
function runConfigCase(c) {
  const h = HOSTILE.find((x) => x.name === c.name);
  const text = textOf(h.make());
  const started = process.hrtime.bigint();
  const problems = [];
  try {
    const parsed = palisade.parseConfigText(text, palisade.builtinRules);
    for (const p of parsed.problems) {
      if (typeof p.message !== 'string' || !p.message || !(p.span.start >= 0 && p.span.end <= text.length && p.span.start <= p.span.end)) problems.push(`malformed problem ${JSON.stringify(p).slice(0, 200)}`);
    }
    palisade.resolveConfig(parsed.config, palisade.builtinRules);
  } catch (e) {
    problems.push(`reading it as a configuration threw: ${e?.stack ?? e}`);
  }
  return { problems, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

function runCase(c, options) {
  if (c.kind === 'config') return runConfigCase(c);
  const problems = [];
  const engine = palisade.defaultEngine();
  const config = configOf(options.preset ?? 'all');
  let input;
  try {
    input = inputOf(c);
  } catch (e) {
    return { problems: [`the case could not be built: ${e.stack}`] };
  }
  const lint = (text, session) => engine.lint({ text, fileName: input.fileName }, config, undefined, session);
  const started = process.hrtime.bigint();
  let findings;
  try {
    findings = lint(input.text);
  } catch (e) {
    return { problems: [`lint threw: ${e?.stack ?? e}`], content: input.text };
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  problems.push(...checkFindings(input.text, findings, palisade));

  const skipped = findings.filter((f) => f.ruleId === 'skipped-file');
  if (input.expect === 'skipped' && !(findings.length === 1 && skipped.length === 1 && /File skipped: /.test(skipped[0].message))) {
    problems.push(`expected exactly one skipped-file finding, got ${summary(findings)}`);
  } else if (input.expect === 'quiet' && findings.length) {
    problems.push(`expected no finding (not Kubernetes), got ${summary(findings)}`);
  } else if (input.expect === 'analysed' && skipped.length) {
    problems.push(`expected the file to be analysed, got ${summary(findings)}`);
  }
  if (skipped.length && findings.length !== skipped.length) problems.push(`a skipped file has other findings too: ${summary(findings)}`);

  if (options.determinism) {
    const again = lint(input.text);
    if (!isDeepStrictEqual(again, findings)) problems.push('two lints of the same text differ');
  }
  if (options.session && input.original !== undefined) {
    // as typed in an editor: the session first saw the original, then the mutated text; the result must not depend on
    // what the session remembers
    const session = new palisade.LintSession();
    try {
      lint(input.original, session);
      const incremental = lint(input.text, session);
      if (!isDeepStrictEqual(incremental, findings)) problems.push(`incremental lint (session) differs from a fresh lint: ${firstDifference(incremental, findings)}`);
    } catch (e) {
      problems.push(`incremental lint threw: ${e?.stack ?? e}`);
    }
  }
  if (options.fixes) problems.push(...checkFixes(input.text, findings, lint, options.fixes));
  return { problems, ms, findings: findings.length, skipped: skipped.length > 0, content: problems.length ? input.text : undefined };
}

/** Apply each offered fix (at most `limit`): never a throw, never an internal error, never a new parse error. */
function checkFixes(text, findings, lint, limit) {
  const problems = [];
  const parseErrors = findings.filter((f) => f.ruleId === 'parse-error').length;
  let tried = 0;
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      if (tried++ >= limit) return problems;
      const fixed = palisade.applyEdits(text, fix.edits);
      if (fixed === undefined) {
        problems.push(`${f.ruleId}: fix "${fix.title}" has overlapping edits`);
        continue;
      }
      let after;
      try {
        after = lint(fixed);
      } catch (e) {
        problems.push(`${f.ruleId}: lint after fix "${fix.title}" threw: ${e?.stack ?? e}`);
        continue;
      }
      const internal = after.find((x) => x.ruleId === 'internal-error');
      if (internal) problems.push(`${f.ruleId}: after fix "${fix.title}": ${internal.message}`);
      const errorsAfter = after.filter((x) => x.ruleId === 'parse-error');
      if (errorsAfter.length > parseErrors) problems.push(`${f.ruleId}: fix "${fix.title}" breaks the syntax: ${errorsAfter[0].message}`);
    }
  }
  return problems;
}

function summary(findings) {
  const counts = {};
  for (const f of findings) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
  const first = findings.find((f) => f.ruleId === 'skipped-file' || f.ruleId === 'internal-error');
  return `${JSON.stringify(counts).slice(0, 300)}${first ? ` (${first.message})` : ''}`;
}

function firstDifference(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!isDeepStrictEqual(a[i], b[i])) return `#${i}: ${JSON.stringify(a[i])?.slice(0, 300)} vs ${JSON.stringify(b[i])?.slice(0, 300)}`;
  }
  return '';
}

process.on('message', (m) => {
  if (m?.type !== 'case') return;
  const result = runCase(m.case, m.options ?? {});
  process.send({ type: 'result', id: m.case.id, ...result });
});
process.send({ type: 'ready' });
