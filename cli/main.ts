import fs from 'node:fs';
import v8 from 'node:v8';
import { builtinRules, explain, parseConfigText, suggest, type PalisadeConfig } from '../rules/index.js';
import { USAGE, UsageError, parseCommand, usageOf } from './arguments.js';
import { runCheckConfig } from './check-config.js';
import { ConfigError, findConfigFile } from './config-loader.js';
import { runInit } from './init.js';
import { PRODUCT_VERSION } from './product.js';
import { formatRuleCatalog } from './rule-catalog.js';
import { runScan, type ScanEnvironment } from './scan.js';
import { isScanHelper, runHelperThread } from './scan-pool.js';

/** Exit codes: findings below/above `--fail-on`, and usage or configuration errors. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Run the CLI with these arguments; resolves to the exit code. Never rejects. */
export async function main(argv: readonly string[], io: ScanEnvironment = processEnvironment()): Promise<number> {
  try {
    const command = parseCommand(argv);
    switch (command.name) {
      case 'help':
        io.stdout.write(usageOf(command.topic));
        return EXIT_CLEAN;
      case 'version':
        io.stdout.write(`${PRODUCT_VERSION}\n`);
        return EXIT_CLEAN;
      case 'rules':
        io.stdout.write(formatRuleCatalog(command.format));
        return EXIT_CLEAN;
      case 'explain': {
        // built-in rules and engine findings; then the custom rules of the configuration that applies here
        const text = explain(command.id) ?? explain(command.id, localConfig(io.cwd));
        if (text === undefined) {
          const ids = builtinRules.map((r) => r.meta.id);
          throw new UsageError(`Unknown rule "${command.id}"${suggest(command.id, ids) || '.'} \`palisade rules\` lists them.`);
        }
        io.stdout.write(text);
        return EXIT_CLEAN;
      }
      case 'scan':
        return await runScan(command.options, io);
      case 'init':
        return runInit(command.options, io);
      case 'check-config':
        return runCheckConfig(command.options, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.note(e.message);
      if (argv.length === 0) io.stderr(USAGE);
      else io.note('Run "palisade --help" for usage.');
      return EXIT_USAGE;
    }
    if (e instanceof ConfigError) {
      for (const p of e.problems) io.note(p);
      return EXIT_USAGE;
    }
    io.note(`internal error: ${(e as Error)?.stack ?? String(e)}`);
    return EXIT_USAGE;
  }
}

/** The configuration found from `cwd` upward, if any and readable (for explaining its custom rules). */
function localConfig(cwd: string): PalisadeConfig | undefined {
  const file = findConfigFile(cwd);
  if (!file) return undefined;
  try {
    return parseConfigText(fs.readFileSync(file, 'utf8'), builtinRules).config;
  } catch {
    return undefined;
  }
}

function processEnvironment(): ScanEnvironment {
  return {
    cwd: process.cwd(),
    stdout: process.stdout,
    note: (message) => process.stderr.write(`palisade: ${message}\n`),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  };
}

// A scan keeps every file's findings and workspace summary while the parsers churn through short-lived trees. V8
// would let the heap grow to about four times what is live before collecting it; half again is enough here and keeps
// the peak memory of large scans low at no measurable cost in time. (The flag is read at every collection.)
v8.setFlagsFromString('--heap-growing-percent=50');
// A scan is a batch job: every thread runs the same few hundred functions over thousands of files and then exits. With
// V8's default budget, most of the rules and helpers reach the optimising compiler, whose work on background threads
// (measured with perf: about 2.5 s per scan thread on the benchmark corpus) competes with the analysis on a small
// machine and is paid again by every helper thread. Four times the budget leaves only the really hot functions to it
// (the parsers, the walkers); the rest run as baseline code. Measured on the benchmark corpus in interleaved runs on 2
// vCPUs, every rule on: total CPU 14.3 s instead of 16.1 s, wall time 7.8 s instead of 8.7 s (mean of 3). 8×, 16× and
// 32× could not be told apart from 4× (up to eight interleaved rounds), and 4× keeps more code optimised. V8 reads the
// budget whenever it resets a function's counter, so setting it here covers the helper threads too. The editor's
// server, a long-lived process, keeps the defaults.
v8.setFlagsFromString('--interrupt-budget=270336');
// What the optimising compiler does compile, it compiles with less inlined into each function: V8 lets a function take
// in up to 920 bytes of its callees' bytecode, and the rules' `check` functions, which call the pod-spec walkers and
// report helpers, then cost 20–50 ms each to compile, on every scan thread. With 100 bytes only small helpers are
// inlined. Paired runs on the benchmark corpus (2 vCPUs, each pair run back to back in alternating order, 10 pairs):
// every rule on, wall time 0.94× (the smaller budget won all ten pairs), CPU 0.93×; 230 bytes gave 0.93× against the
// default and 100 a further 0.98× against 230; no inlining at all was 1.02× against 100. Halving the interrupt budget
// again with the smaller inlining was 1.03×, sixteen times it 1.00×.
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');

// The bundle's entry point: run, then let Node exit once stdout is drained. A reader that goes away early
// (`palisade scan | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
// A scan's helper threads load this same bundle (scan-pool.ts) and only analyse files.
if (isScanHelper()) runHelperThread();
else void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
