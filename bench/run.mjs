#!/usr/bin/env node
// `npm run bench`: Palisade's speed, side by side with the parse floor, in one run on one machine.
//
//   node bench/run.mjs [--corpus DIR] [--runs N] [--edits N]
//
// 1. Parse floor: a process that walks the workspace, reads every file and parses it (bench/parse-floor.mjs).
// 2. CLI scan: `node dist/cli.js scan <corpus>/workspace --format json --output /dev/null --fail-on never`, wall time
//    and peak RSS. The floor and the scan run alternately, N times each; the best run of each is compared, which is
//    the figure least disturbed by other load on the machine (the median is shown too).
// 3. As you type: `dist/server.js --stdio` with no debounce, `large/rendered-platform.yaml` open, one-character edits
//    (inserts and deletes, spread over the file's documents); the time from each edit to the diagnostics of its
//    version, against the time to parse the whole file once.
//
// The corpus comes from ../shared/bench/make-corpus.mjs (written to bench/.corpus/ once) or from --corpus DIR, a
// folder with the same layout (workspace/ and large/rendered-platform.yaml).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = { scanRatio: 1.3, rssMiB: 300, p95Ms: 50, p95Ratio: 0.5 };

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string' },
    runs: { type: 'string', default: '3' },
    edits: { type: 'string', default: '200' },
  },
});
const runs = Math.max(1, Number(args.runs) || 3);
const editCount = Math.max(10, Number(args.edits) || 200);

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------------------
// The corpus

function corpusDir() {
  if (args.corpus) {
    const dir = path.resolve(args.corpus);
    if (!fs.existsSync(path.join(dir, 'workspace'))) fail(`${dir} has no workspace/ folder`);
    return dir;
  }
  const dir = path.join(root, 'bench', '.corpus');
  if (fs.existsSync(path.join(dir, 'manifest.json'))) return dir;
  const generator = path.join(root, '..', 'shared', 'bench', 'make-corpus.mjs');
  if (!fs.existsSync(generator)) {
    fail([
      'no corpus. The generator ../shared/bench/make-corpus.mjs is not next to this repository, and no --corpus was given.',
      'Point --corpus at a folder holding workspace/ (Dockerfiles and YAML to scan) and large/rendered-platform.yaml',
      '(one large multi-document manifest), e.g. node bench/run.mjs --corpus /path/to/corpus',
    ].join('\n       '));
  }
  console.log(`Generating the corpus into ${path.relative(root, dir)}/ …`);
  const r = spawnSync(process.execPath, [generator, '--out', dir, '--force'], { stdio: 'inherit' });
  if (r.status !== 0) fail('the corpus generator failed');
  return dir;
}

// ---------------------------------------------------------------------------------------------------------------------
// Processes: wall time and peak resident memory

const timeBinary = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Run a command; resolves {ms, rssKiB, cpuMs, stdout, code}. Peak RSS and CPU time (user + system) from
 * /usr/bin/time; without it, RSS from polling VmHWM and no CPU time.
 */
function measure(argv) {
  return new Promise((resolve, reject) => {
    const command = timeBinary ? [timeBinary, '-f', '__PEAK_RSS_KIB=%M __CPU_S=%U+%S', ...argv] : argv;
    const started = process.hrtime.bigint();
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polled = 0;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const poll = timeBinary ? undefined : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) polled = Math.max(polled, Number(m[1]));
      } catch { /* exited */ }
    }, 5);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (poll) clearInterval(poll);
      const m = /__PEAK_RSS_KIB=(\d+) __CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({
        ms,
        rssKiB: m ? Number(m[1]) : polled,
        cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : undefined,
        stdout,
        stderr: stderr.replace(/__PEAK_RSS_KIB=.*\n?/, ''),
        code,
      });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

// ---------------------------------------------------------------------------------------------------------------------
// 1 + 2: parse floor and CLI scan

async function scanBench(corpus) {
  const workspace = path.join(corpus, 'workspace');
  const floorArgv = [process.execPath, path.join(root, 'bench', 'parse-floor.mjs'), workspace];
  const cliArgv = [process.execPath, path.join(root, 'dist', 'cli.js'), 'scan', workspace, '--format', 'json', '--output', '/dev/null', '--fail-on', 'never'];
  const floor = [];
  const cli = [];
  let floorInfo;
  for (let i = 0; i < runs; i++) {
    const f = await measure(floorArgv);
    if (f.code !== 0) fail(`the parse floor failed: ${f.stderr}`);
    floorInfo = JSON.parse(f.stdout);
    floor.push(f);
    const c = await measure(cliArgv);
    if (c.code !== 0) fail(`the CLI scan failed (exit ${c.code}): ${c.stderr}`);
    cli.push(c);
    const cpu = (x) => (x.cpuMs === undefined ? '' : ` (CPU ${x.cpuMs.toFixed(0)} ms)`);
    process.stdout.write(`  run ${i + 1}/${runs}: floor ${f.ms.toFixed(0)} ms${cpu(f)}, scan ${c.ms.toFixed(0)} ms${cpu(c)}, scan peak RSS ${(c.rssKiB / 1024).toFixed(0)} MiB\n`);
  }
  const best = (xs) => Math.min(...xs.map((x) => x.ms));
  const bestCpu = (xs) => (xs.every((x) => x.cpuMs !== undefined) ? Math.min(...xs.map((x) => x.cpuMs)) : undefined);
  return {
    floorCpuMs: bestCpu(floor),
    scanCpuMs: bestCpu(cli),
    files: floorInfo.files,
    bytes: floorInfo.bytes,
    floorMs: best(floor),
    floorMedianMs: median(floor.map((x) => x.ms)),
    scanMs: best(cli),
    scanMedianMs: median(cli.map((x) => x.ms)),
    scanPeakRssMiB: Math.max(...cli.map((x) => x.rssKiB)) / 1024,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// 3: as-you-type latency through the language server

async function typingBench(corpus) {
  const file = path.join(corpus, 'large', 'rendered-platform.yaml');
  if (!fs.existsSync(file)) fail(`${file} is missing`);
  const text = fs.readFileSync(file, 'utf8');
  const { startLspClient, fileUri } = await import(path.join(root, 'test', 'support', 'lsp-client.mjs'));
  const { parseAllDocuments } = require('yaml');

  // the whole file parsed once, in process (warm: best of 10)
  const parseTimes = [];
  for (let i = 0; i < 10; i++) {
    const t = process.hrtime.bigint();
    parseAllDocuments(text, { version: '1.1', prettyErrors: false, keepSourceTokens: false, uniqueKeys: true });
    parseTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const fullParseMs = Math.min(...parseTimes);

  const client = await startLspClient({ initializationOptions: { debounceMs: 0 } });
  try {
    const uri = fileUri(file);
    const opened = client.mark(uri);
    await client.open(uri, 'yaml', text, 1);
    const first = process.hrtime.bigint();
    await client.waitForDiagnostics(uri, { after: opened, version: 1, timeoutMs: 60000 });
    const openMs = Number(process.hrtime.bigint() - first) / 1e6;

    // edit sites: the end of the `name:` line of documents spread over the file
    const lines = text.split('\n');
    const sites = [];
    lines.forEach((l, i) => { if (/^ {2}name: \S/.test(l)) sites.push(i); });
    if (!sites.length) fail('no `  name:` lines to edit in the large file');
    const latencies = [];
    for (let i = 0; i < editCount; i++) {
      const pair = Math.floor(i / 2);
      const line = sites[(pair * 37) % sites.length];
      const character = client.text(uri).split('\n')[line].length;
      const change = i % 2 === 0
        ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
        : { range: { start: { line, character: character - 1 }, end: { line, character } }, text: '' };
      const mark = client.mark(uri);
      const t = process.hrtime.bigint();
      const version = await client.change(uri, [change]);
      await client.waitForDiagnostics(uri, { after: mark, version, timeoutMs: 30000 });
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return {
      file: path.relative(corpus, file),
      lines: lines.length,
      documents: parseAllDocuments(text).length,
      fullParseMs,
      openMs,
      edits: latencies.length,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      maxMs: Math.max(...latencies),
    };
  } finally {
    await client.shutdown();
  }
}

// ---------------------------------------------------------------------------------------------------------------------

function verdict(value, target) {
  return value <= target ? 'PASS' : 'FAIL';
}

function printTable(rows) {
  const headers = ['measure', 'value', 'reference', 'ratio / figure', 'target', 'result'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

async function main() {
  for (const bundle of ['cli.js', 'server.js']) {
    if (!fs.existsSync(path.join(root, 'dist', bundle))) fail(`dist/${bundle} is missing: run npm run build (npm run bench does)`);
  }
  const corpus = corpusDir();
  console.log(`Palisade benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'cpu'}, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}, corpus ${corpus}`);
  console.log(`\nScan (${runs} alternating runs of the parse floor and the CLI):`);
  const scan = await scanBench(corpus);
  console.log(`\nAs you type (${editCount} one-character edits, debounce 0):`);
  const typing = await typingBench(corpus);

  const scanRatio = scan.scanMs / scan.floorMs;
  const p95Ratio = typing.p95Ms / typing.fullParseMs;
  const ms = (x) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
  console.log(`\n${scan.files} files (${(scan.bytes / 1048576).toFixed(1)} MiB) in workspace/; ${typing.file}: ${typing.lines} lines, ${typing.documents} documents\n`);
  const rows = [
    ['scan / parse floor (best run)', ms(scan.scanMs), `floor ${ms(scan.floorMs)}`, `${scanRatio.toFixed(2)}×`, `≤ ${TARGETS.scanRatio}×`, verdict(scanRatio, TARGETS.scanRatio)],
    ['scan / parse floor (median)', ms(scan.scanMedianMs), `floor ${ms(scan.floorMedianMs)}`, `${(scan.scanMedianMs / scan.floorMedianMs).toFixed(2)}×`, '', ''],
    ...(scan.scanCpuMs !== undefined ? [['scan / parse floor (CPU time)', ms(scan.scanCpuMs), `floor ${ms(scan.floorCpuMs)}`, `${(scan.scanCpuMs / scan.floorCpuMs).toFixed(2)}×`, '', '']] : []),
    ['scan peak RSS', `${scan.scanPeakRssMiB.toFixed(0)} MiB`, '', '', `≤ ${TARGETS.rssMiB} MiB`, verdict(scan.scanPeakRssMiB, TARGETS.rssMiB)],
    ['edit → diagnostics p50', ms(typing.p50Ms), '', '', '', ''],
    ['edit → diagnostics p95', ms(typing.p95Ms), '', '', `≤ ${TARGETS.p95Ms} ms`, verdict(typing.p95Ms, TARGETS.p95Ms)],
    ['p95 / full parse of the file', ms(typing.p95Ms), `parse ${ms(typing.fullParseMs)}`, `${p95Ratio.toFixed(2)}×`, `≤ ${TARGETS.p95Ratio}×`, verdict(p95Ratio, TARGETS.p95Ratio)],
    ['open → first diagnostics', ms(typing.openMs), '', '', '', ''],
  ];
  printTable(rows);
  const load = os.loadavg()[0];
  if (load > os.cpus().length) {
    console.log(`\nnote: the machine was busy (load ${load.toFixed(1)} on ${os.cpus().length} CPUs): wall times are inflated; the CPU-time ratio is the steadier figure.`);
  }

  const results = {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model?.trim(),
    loadAverage: os.loadavg(),
    corpus,
    runs,
    scan: { ...scan, ratio: scanRatio },
    typing: { ...typing, p95Ratio },
    targets: TARGETS,
    pass: {
      scanRatio: scanRatio <= TARGETS.scanRatio,
      rss: scan.scanPeakRssMiB <= TARGETS.rssMiB,
      p95: typing.p95Ms <= TARGETS.p95Ms,
      p95Ratio: p95Ratio <= TARGETS.p95Ratio,
    },
  };
  const out = path.join(root, 'bench', 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nResults: ${path.relative(root, out)}`);
}

main().catch((e) => fail(e.stack ?? String(e)));
