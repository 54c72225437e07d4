import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileKindOf } from '../rules/index.js';
import { FileAnalyser, type FileOutcome, type ScanJob } from './scan-work.js';

/**
 * Analysing the files of a scan on every core. The main thread analyses files itself and starts helper threads next
 * to it when the scan is large enough to repay their start-up (each loads the bundle and compiles the configuration:
 * about 0.1–0.2 s). Files are handed out one at a time through shared counters, so a slow file never leaves a thread
 * idle, and the results are put back in scan order: the report is the same whatever the number of threads.
 *
 * There are two queues, Dockerfiles and the rest: the main thread takes Dockerfiles first, the helpers take the rest
 * first, and each turns to the other queue only when its own is empty. Every thread has to warm up (its first files run
 * in V8's interpreter, several times slower) the code of the files it analyses; kept apart, the Dockerfile code is
 * warmed up once instead of on every thread.
 *
 * `PALISADE_SCAN_THREADS` sets the number of threads (1 = all on the main thread).
 */

/** Below this many files per thread a helper costs more than it saves. */
const FILES_PER_HELPER = 150;
const MAX_THREADS = 8;

/** What a helper thread starts with: it waits for its `HelperJob` (sent once the walk has found every file). */
interface HelperData {
  palisadeScanHelper: true;
}

interface HelperJob {
  type: 'job';
  job: ScanJob;
  /** [q]: the position of the next file to take in queue q (see `fileQueues`). */
  claims: SharedArrayBuffer;
}

type HelperMessage = { type: 'outcomes'; outcomes: FileOutcome[] } | { type: 'partial'; partial: string[] } | { type: 'done' };

/**
 * A helper posts its outcomes this many at a time, and the main thread looks at its messages after this many files of
 * its own: a message per file cost the main thread about a tenth of its time on the benchmark corpus.
 */
const BATCH = 32;

/** The number of threads for a scan of `files` files. */
export function threadCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.PALISADE_SCAN_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, MAX_THREADS);
  return Math.max(1, Math.min(cores(), MAX_THREADS, Math.floor(files / FILES_PER_HELPER) + 1));
}

let coreCount: number | undefined;

function cores(): number {
  return (coreCount ??= typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * The threads of one scan. A helper is started as soon as the walk has found enough files for it (`found`), so that
 * loading the bundle on its thread (0.1–0.2 s) overlaps the rest of the walk; it then waits, idle and not keeping the
 * process alive, until `analyseAll` hands it the job. `close` ends the helpers a scan did not use (a scan that stopped
 * with an error, or found fewer files than counted: a file under two scanned paths is scanned once).
 */
export class ScanThreads {
  private readonly waiting: Helper[] = [];
  private script = bundleFile();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** The walk has found `files` files so far. */
  found(files: number): void {
    // a helper is due at every FILES_PER_HELPER files (or at once when the number of threads is set)
    if (files % FILES_PER_HELPER === 0 || files === 1) this.start(files);
  }

  /** Starts the helpers a scan of `files` files has and does not have yet. */
  private start(files: number): void {
    if (!this.script) return;
    while (this.waiting.length + 1 < threadCount(files, this.env)) {
      let worker: Worker;
      try {
        // V8's default heap sizing: a larger young generation saved about a tenth of the CPU time but cost more memory
        // than the scan's budget allows
        worker = new Worker(this.script, { workerData: { palisadeScanHelper: true } satisfies HelperData, stdout: false, stderr: false });
      } catch {
        this.script = undefined;
        return;
      }
      worker.on('error', () => undefined);
      worker.unref();
      // a helper may end before it gets its job (it failed to load): its end is watched from the start
      this.waiting.push({ worker, ended: new Promise((resolve) => worker.once('exit', () => resolve())) });
    }
  }

  /**
   * Analyse every file of the job; `accept` receives each outcome on the main thread (in no particular order). A helper
   * that dies (it should not: each file is analysed under the engine's guards) loses nothing: the files it took and did
   * not report are analysed again on the main thread.
   */
  async analyseAll(job: ScanJob, analyser: FileAnalyser, accept: (o: FileOutcome) => void): Promise<void> {
    const total = job.targets.length;
    const claims = new Int32Array(new SharedArrayBuffer(8));
    const done = new Uint8Array(total);
    const take = claimer(claims, fileQueues(job), DOCKERFILES);
    const record = (outcome: FileOutcome): void => {
      if (done[outcome.index]) return;
      done[outcome.index] = 1;
      accept(outcome);
    };

    this.start(total);
    const used = this.waiting.splice(0, threadCount(total, this.env) - 1);
    this.close();
    const helpers = used.map((helper) => runHelper(helper, { type: 'job', job, claims: claims.buffer as SharedArrayBuffer }, record, analyser));

    let own = 0;
    for (let i = take(); i !== undefined; i = take()) {
      record(analyser.analyse(i));
      // let the helpers' results in as they come, so that they do not queue up in memory
      if (helpers.length && ++own % BATCH === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(helpers);
    for (let i = 0; i < total; i++) if (!done[i]) record(analyser.analyse(i));
  }

  /** Ends the helpers that are still waiting for a job. */
  close(): void {
    for (const { worker } of this.waiting.splice(0)) void worker.terminate();
  }
}

const DOCKERFILES = 0;
const OTHER_FILES = 1;

/** The job's file indexes in two queues, in scan order: Dockerfiles, and everything else. The same on every thread. */
function fileQueues(job: ScanJob): [number[], number[]] {
  const queues: [number[], number[]] = [[], []];
  job.targets.forEach((t, i) => queues[fileKindOf(t.absolutePath) === 'dockerfile' ? DOCKERFILES : OTHER_FILES].push(i));
  return queues;
}

/** Takes the next file: from queue `first` while it lasts, then from the other; undefined when both are empty. */
function claimer(claims: Int32Array, queues: [number[], number[]], first: number): () => number | undefined {
  const order = [first, 1 - first];
  return () => {
    for (const q of order) {
      const queue = queues[q];
      if (Atomics.load(claims, q) >= queue.length) continue;
      const k = Atomics.add(claims, q, 1);
      if (k < queue.length) return queue[k];
    }
    return undefined;
  };
}

interface Helper {
  worker: Worker;
  /** Resolves when the thread has ended, for whatever reason. */
  ended: Promise<void>;
}

/**
 * Hands a helper its job; resolves when the helper has posted its last outcomes (its `done` comes after them, messages
 * keep their order) without waiting for the thread to wind down, or when it has ended for whatever reason (the main
 * thread then picks up what it left).
 */
function runHelper({ worker, ended }: Helper, job: HelperJob, record: (o: FileOutcome) => void, analyser: FileAnalyser): Promise<void> {
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  worker.on('message', (m: HelperMessage) => {
    if (m.type === 'outcomes') for (const o of m.outcomes) record(o);
    else if (m.type === 'partial') analyser.adoptPartialManifests(m.partial);
    else if (m.type === 'done') finished();
  });
  worker.ref();
  worker.postMessage(job);
  return Promise.race([done, ended]);
}

/** The file this code was loaded from (the CLI bundle), which a helper thread runs too. */
function bundleFile(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('.js') ? __filename : undefined;
}

/** Whether this thread is a scan helper (the bundle's entry point then runs `runHelperThread` instead of the CLI). */
export function isScanHelper(): boolean {
  return !isMainThread && !!(workerData as Partial<HelperData> | undefined)?.palisadeScanHelper;
}

/** A helper thread's life: wait for the job, take files until none is left, post their outcomes in batches, then end. */
export function runHelperThread(): void {
  parentPort!.once('message', (data: HelperJob) => {
    const take = claimer(new Int32Array(data.claims), fileQueues(data.job), OTHER_FILES);
    const analyser = new FileAnalyser(data.job, undefined, (partial) => {
      parentPort!.postMessage({ type: 'partial', partial } satisfies HelperMessage);
    });
    let outcomes: FileOutcome[] = [];
    const post = (): void => {
      // the findings' bytes move to the main thread rather than being copied
      const moved: ArrayBuffer[] = [];
      for (const o of outcomes) {
        if (o.report?.findings.length) moved.push(o.report.findings.buffer as ArrayBuffer);
        if (o.report?.layout) moved.push(o.report.layout.buffer as ArrayBuffer);
      }
      parentPort!.postMessage({ type: 'outcomes', outcomes } satisfies HelperMessage, moved);
      outcomes = [];
    };
    for (let i = take(); i !== undefined; i = take()) {
      outcomes.push(analyser.analyse(i));
      if (outcomes.length === BATCH) post();
    }
    if (outcomes.length) post();
    parentPort!.postMessage({ type: 'done' } satisfies HelperMessage);
  });
}
