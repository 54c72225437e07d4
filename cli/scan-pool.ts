import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { FileAnalyser, type FileOutcome, type ScanJob } from './scan-work.js';

/**
 * Analysing the files of a scan on every core. The main thread analyses files itself and starts helper threads next
 * to it when the scan is large enough to repay their start-up (each loads the bundle and compiles the configuration:
 * about 0.1–0.2 s). Files are handed out one at a time through a shared counter, so a slow file never leaves a thread
 * idle, and the results are put back in scan order: the report is the same whatever the number of threads.
 *
 * `PALISADE_SCAN_THREADS` sets the number of threads (1 = all on the main thread).
 */

/** Below this many files per thread a helper costs more than it saves. */
const FILES_PER_HELPER = 150;
const MAX_THREADS = 8;

interface HelperData {
  palisadeScanHelper: true;
  job: ScanJob;
  /** [0]: the next file to take. */
  claims: SharedArrayBuffer;
}

type HelperMessage = { type: 'outcomes'; outcomes: FileOutcome[] } | { type: 'done' };

/**
 * A helper posts its outcomes this many at a time, and the main thread looks at its messages after this many files of
 * its own: a message per file cost the main thread about a tenth of its time on the benchmark corpus.
 */
const BATCH = 32;

/** The number of threads for a scan of `files` files. */
export function threadCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.PALISADE_SCAN_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, MAX_THREADS);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, MAX_THREADS, Math.floor(files / FILES_PER_HELPER) + 1));
}

/**
 * Analyse every file of the job; `accept` receives each outcome on the main thread (in no particular order). A helper
 * that dies (it should not: each file is analysed under the engine's guards) loses nothing: the files it took and did
 * not report are analysed again on the main thread.
 */
export async function analyseAll(job: ScanJob, analyser: FileAnalyser, threads: number, accept: (o: FileOutcome) => void): Promise<void> {
  const total = job.targets.length;
  const claims = new Int32Array(new SharedArrayBuffer(4));
  const done = new Uint8Array(total);
  const take = (): number => Atomics.add(claims, 0, 1);
  const record = (outcome: FileOutcome): void => {
    if (done[outcome.index]) return;
    done[outcome.index] = 1;
    accept(outcome);
  };

  const helpers: Promise<void>[] = [];
  const script = bundleFile();
  for (let k = 1; k < threads && script; k++) helpers.push(runHelper(script, { palisadeScanHelper: true, job, claims: claims.buffer as SharedArrayBuffer }, record));

  let own = 0;
  for (let i = take(); i < total; i = take()) {
    record(analyser.analyse(i));
    // let the helpers' results in as they come, so that they do not queue up in memory
    if (helpers.length && ++own % BATCH === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(helpers);
  for (let i = 0; i < total; i++) if (!done[i]) record(analyser.analyse(i));
}

function runHelper(script: string, data: HelperData, record: (o: FileOutcome) => void): Promise<void> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      // V8's default heap sizing: a larger young generation saved about a tenth of the CPU time but cost more memory
      // than the scan's budget allows
      worker = new Worker(script, { workerData: data, stdout: false, stderr: false });
    } catch {
      resolve();
      return;
    }
    worker.on('message', (m: HelperMessage) => {
      if (m.type === 'outcomes') for (const o of m.outcomes) record(o);
    });
    // whatever happens to the helper, the main thread picks up what it left
    worker.on('error', () => undefined);
    worker.on('exit', () => resolve());
  });
}

/** The file this code was loaded from (the CLI bundle), which a helper thread runs too. */
function bundleFile(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('.js') ? __filename : undefined;
}

/** Whether this thread is a scan helper (the bundle's entry point then runs `runHelperThread` instead of the CLI). */
export function isScanHelper(): boolean {
  return !isMainThread && !!(workerData as Partial<HelperData> | undefined)?.palisadeScanHelper;
}

/** A helper thread's life: take files until none is left, post each outcome, then say so and end. */
export function runHelperThread(): void {
  const data = workerData as HelperData;
  const claims = new Int32Array(data.claims);
  const total = data.job.targets.length;
  const analyser = new FileAnalyser(data.job);
  let outcomes: FileOutcome[] = [];
  const post = (): void => {
    // the findings' bytes move to the main thread rather than being copied
    const moved: ArrayBuffer[] = [];
    for (const o of outcomes) if (o.report?.findings.length) moved.push(o.report.findings.buffer as ArrayBuffer);
    parentPort!.postMessage({ type: 'outcomes', outcomes } satisfies HelperMessage, moved);
    outcomes = [];
  };
  for (let i = Atomics.add(claims, 0, 1); i < total; i = Atomics.add(claims, 0, 1)) {
    outcomes.push(analyser.analyse(i));
    if (outcomes.length === BATCH) post();
  }
  if (outcomes.length) post();
  parentPort!.postMessage({ type: 'done' } satisfies HelperMessage);
}
