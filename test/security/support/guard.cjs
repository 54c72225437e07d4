// A preload (`node --require guard.cjs …`) that makes a Node process unable to reach the network or run anything
// without it being seen: opening a socket, resolving a name, making an HTTP(S)/HTTP2/TLS/UDP request, `fetch`,
// starting a process, compiling code with `vm`, and loading a module file after start-up are recorded (one JSON line
// each, in the file named by PALISADE_GUARD_LOG) and then fail. Code compiled with `new Function` is recorded with its
// source but allowed (the JSON Schema validator compiles schemas that way; the tests check what flows into it).
// stdio pipes and the IPC channel are set up from file descriptors, not by connecting, so they keep working.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');

const logFile = process.env.PALISADE_GUARD_LOG;
// children of this process must not inherit the guard's log through NODE_OPTIONS twice; they are reported anyway
function record(kind, detail) {
  const line = JSON.stringify({ kind, detail: String(detail).slice(0, 2000), pid: process.pid, argv: process.argv.slice(1, 3) });
  if (logFile) fs.appendFileSync(logFile, line + '\n');
}

function blocked(kind, detail) {
  record(kind, detail);
  const e = new Error(`blocked by the test guard: ${kind} ${detail}`);
  e.code = 'EGUARD';
  return e;
}

function wrapThrowing(object, name, kind, describe = (args) => JSON.stringify(args[0])) {
  const original = object[name];
  if (typeof original !== 'function') return;
  object[name] = function guarded(...args) {
    throw blocked(kind, `${name} ${safe(() => describe(args))}`);
  };
  object[name].original = original;
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return '?';
  }
}

// sockets: every outgoing TCP / Unix socket connection goes through Socket.prototype.connect
const net = require('node:net');
wrapThrowing(net.Socket.prototype, 'connect', 'socket', (args) => JSON.stringify(args[0]?.path ?? args[0]?.host ?? args[0]) + ':' + JSON.stringify(args[0]?.port ?? args[1]));
wrapThrowing(net, 'connect', 'socket');
wrapThrowing(net, 'createConnection', 'socket');
// a listening server is a socket as well (nothing in Palisade listens)
wrapThrowing(net.Server.prototype, 'listen', 'listen');

const dns = require('node:dns');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'resolvePtr', 'resolveNaptr', 'resolveSoa', 'reverse']) {
  wrapThrowing(dns, name, 'dns');
  if (dns.promises) wrapThrowing(dns.promises, name, 'dns');
}
if (dns.Resolver) for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']) wrapThrowing(dns.Resolver.prototype, name, 'dns');

for (const id of ['node:http', 'node:https']) {
  const m = require(id);
  wrapThrowing(m, 'request', 'http', (args) => (typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]?.hostname ?? args[0]?.host ?? args[0]?.href)));
  wrapThrowing(m, 'get', 'http', (args) => (typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]?.hostname ?? args[0]?.host ?? args[0]?.href)));
}
wrapThrowing(require('node:tls'), 'connect', 'tls');
wrapThrowing(require('node:http2'), 'connect', 'http2');
wrapThrowing(require('node:dgram'), 'createSocket', 'udp');
if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = function guardedFetch(input) {
    return Promise.reject(blocked('fetch', typeof input === 'string' ? input : input?.url));
  };
}
if (typeof globalThis.WebSocket === 'function') {
  globalThis.WebSocket = function GuardedWebSocket(url) {
    throw blocked('websocket', url);
  };
}

// processes
const childProcess = require('node:child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  wrapThrowing(childProcess, name, 'process', (args) => JSON.stringify(args.slice(0, 2)));
}
try {
  const workers = require('node:worker_threads');
  const OriginalWorker = workers.Worker;
  workers.Worker = function GuardedWorker(file) {
    throw blocked('worker', file);
  };
  workers.Worker.original = OriginalWorker;
} catch {
  // no worker_threads
}

// code: vm compiles, new Function is recorded
const vm = require('node:vm');
for (const name of ['runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction']) wrapThrowing(vm, name, 'vm', (args) => String(args[0]).slice(0, 200));
vm.Script = function GuardedScript(code) {
  throw blocked('vm', String(code).slice(0, 200));
};
const OriginalFunction = Function;
globalThis.Function = new Proxy(OriginalFunction, {
  apply(target, self, args) {
    record('function', args.map(String).join('\n/*body*/\n'));
    return Reflect.apply(target, self, args);
  },
  construct(target, args, newTarget) {
    record('function', args.map(String).join('\n/*body*/\n'));
    return Reflect.construct(target, args, newTarget === globalThis.Function ? target : newTarget);
  },
});

// modules: the bundles carry every dependency; loading another file once the entry point runs is reported
const originalLoad = Module._load;
let entryLoaded = false;
Module._load = function guardedLoad(request, parent, isMain) {
  const builtin = request.startsWith('node:') || Module.builtinModules.includes(request);
  if (!builtin) {
    if (isMain && !entryLoaded) entryLoaded = true;
    else record('module', request);
  }
  return originalLoad.apply(this, arguments);
};

record('guard', 'installed');
