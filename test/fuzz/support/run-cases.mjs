// Run fuzz cases in child processes, one case at a time per child, with a wall-clock budget per case. A case that
// overruns its budget has its child killed (a hang), a child that dies mid-case (a stack overflow that V8 cannot
// recover from, an out-of-memory abort) is reported as a crash; either way the next case starts in a fresh child.
// Running in children is what makes "no hang, no crash" testable: in-process, a hang would hang the test runner.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where failing inputs are written so that they can be replayed (printed with each failure). */
export const FAILURES_DIR = process.env.PALISADE_FUZZ_FAILURES ?? path.join(os.tmpdir(), 'palisade-fuzz-failures');

/**
 * Run `cases` (plain objects with an `id`) through `worker` (a module that answers `{type: 'case', case, options}`
 * messages with `{id, problems, ms, ...}`). Returns one result per case, in the order given. `parallel` children run
 * side by side; `budgetMs(case)` is the time a case may take, child start-up excluded.
 */
export async function runCases({ worker, cases, options = {}, budgetMs, parallel = defaultParallelism(), heapMb = 3072 }) {
  const results = new Array(cases.length);
  let next = 0;
  const lanes = [];
  for (let lane = 0; lane < Math.min(parallel, cases.length); lane++) {
    lanes.push((async () => {
      let child;
      try {
        while (next < cases.length) {
          const index = next++;
          const c = cases[index];
          if (!child) child = await startChild(worker, heapMb);
          const outcome = await runOne(child, c, options, budgetMs(c));
          if (outcome.dead) {
            child.kill('SIGKILL');
            child = undefined;
          }
          results[index] = outcome.result;
        }
      } finally {
        child?.kill('SIGKILL');
      }
    })());
  }
  await Promise.all(lanes);
  return results;
}

function defaultParallelism() {
  return Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
}

function startChild(worker, heapMb) {
  const child = fork(worker, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [`--max-old-space-size=${heapMb}`],
  });
  child.stderrTail = '';
  child.stderr.on('data', (d) => { child.stderrTail = (child.stderrTail + d).slice(-4000); });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => (m?.type === 'ready' ? resolve(child) : reject(new Error(`unexpected first message ${JSON.stringify(m)}`))));
    child.once('exit', (code, signal) => reject(new Error(`fuzz worker exited while starting (${code ?? signal}): ${child.stderrTail}`)));
  });
}

function runOne(child, c, options, budget) {
  return new Promise((resolve) => {
    const started = Date.now();
    const finish = (outcome) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(outcome);
    };
    const onMessage = (m) => {
      if (m?.type === 'result' && m.id === c.id) finish({ result: { ...m, wallMs: Date.now() - started } });
    };
    const onExit = (code, signal) => finish({
      dead: true,
      result: { id: c.id, problems: [`crashed: the process died (${signal ?? `exit code ${code}`}) ${child.stderrTail.trim().split('\n').slice(-6).join(' | ')}`], wallMs: Date.now() - started },
    });
    const timer = setTimeout(() => finish({
      dead: true,
      result: { id: c.id, problems: [`hang: no result within the budget of ${budget} ms`], wallMs: Date.now() - started },
    }), budget);
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send({ type: 'case', case: c, options });
  });
}

/** Keep a failing input for replay; returns its path. */
export function saveFailure(id, content) {
  fs.mkdirSync(FAILURES_DIR, { recursive: true });
  const file = path.join(FAILURES_DIR, id.replace(/[^A-Za-z0-9._-]+/g, '_'));
  fs.writeFileSync(file, content);
  return file;
}

/** Format the failing results of a run for an assertion message. */
export function describeFailures(results, limit = 25) {
  const failed = results.filter((r) => r.problems?.length);
  const lines = failed.slice(0, limit).map((r) => `- ${r.id}${r.saved ? ` (input: ${r.saved})` : ''}\n    ${r.problems.slice(0, 5).join('\n    ')}`);
  if (failed.length > limit) lines.push(`… and ${failed.length - limit} more`);
  return `${failed.length} of ${results.length} cases failed:\n${lines.join('\n')}`;
}
