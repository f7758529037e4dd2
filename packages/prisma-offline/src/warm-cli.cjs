// A warm Prisma CLI process: it runs the app's own Prisma CLI bundle (prisma/build/index.js)
// once per command, one command at a time, in a process that has already loaded the bundle's
// dependencies. A cold `prisma migrate status` spends about 2.5 s of CPU loading and compiling
// the bundle, `effect`, `@prisma/*` and the config loader before it does 0.3–0.6 s of work;
// here only the first command pays that.
//
// Started by warm.ts (never imported): `node --require unref-timers.cjs warm-cli.cjs`, with an
// IPC channel. Each request `{ id, entry, args, env, cwd }` is answered with
// `{ id, exitCode, stdout, stderr, output, cpuMs, last }` (`last`: the process exits after it).
//
// What a separate process would give each command, and how it is given here:
// - argv, environment and working directory: set from the request before the bundle runs;
// - a fresh module: the bundle is evaluated anew for every command as the main module
//   (`require.main === module` is how it decides to run its CLI); the modules it requires
//   (effect, @prisma/*, jiti) are shared between commands, as loaded once;
// - its exit: `process.exit(code)` ends the command with that code (the rest of the call stack
//   is abandoned by a throw, and anything it prints after that is discarded, as a dead process
//   prints nothing); a command that ends without calling it ends when the event loop has nothing
//   left that would keep a process alive (`beforeExit`, with the IPC channel unref'd while the
//   command runs), with `process.exitCode` (default 0) — the same rule Node applies;
// - a crash: an uncaught exception or unhandled rejection ends the command with exit code 1 and
//   its stack on stderr, as Node would; the process then exits, so nothing of it is reused;
// - nothing left running: the timers and sockets a command created are cleared and destroyed when
//   it ends, as the end of a process would.
// After MAX_COMMANDS commands the process exits and warm.ts starts another. An error thrown between
// commands (by code of an ended command) retires the process after its next command; with
// WARM_CLI_DEBUG=<file> in the environment it is also appended to that file.
'use strict';

const Module = require('node:module');
const net = require('node:net');
const path = require('node:path');

const MAX_COMMANDS = 25;
const realExit = process.exit.bind(process);

/** The command running now: its output and what it created. */
let current;
let served = 0;
/** Timers and sockets made after a command ended (code of it still unwinding): cleared before the next starts. */
const leftovers = [];
/** Set when something failed between commands: the process retires after its next command. */
let tainted = false;

class WarmExit extends Error {}

function capture(stream) {
  return (chunk, encoding, cb) => {
    if (current && !current.done) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
      current[stream] += text;
      current.output += text;
    }
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
}
process.stdout.write = capture('stdout');
process.stderr.write = capture('stderr');

// Timers and sockets are recorded per command so its end can clear them.
for (const [set, clear] of [
  ['setTimeout', 'clearTimeout'],
  ['setInterval', 'clearInterval'],
  ['setImmediate', 'clearImmediate'],
]) {
  const original = globalThis[set];
  const wrapped = function (...args) {
    const handle = original.apply(this, args);
    (current && !current.done ? current.cleanups : leftovers).push(() => globalThis[clear](handle));
    return handle;
  };
  Object.assign(wrapped, original);
  globalThis[set] = wrapped;
}
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  (current && !current.done ? current.cleanups : leftovers).push(() => this.destroy());
  return originalConnect.apply(this, args);
};

// The first call ends the command. A later call from code still unwinding after it (the CLI's
// own catch handler logs the WarmExit and calls process.exit(1) again) is what a dead process
// would never run: ignored, like its output.
process.exit = (code) => {
  if (current && !current.done) finish(code ?? process.exitCode ?? 0);
  throw new WarmExit('process.exit');
};

process.on('beforeExit', () => {
  if (current && !current.done) finish(process.exitCode ?? 0);
});

function crash(err) {
  if (err instanceof WarmExit) return;
  const text = `${err?.stack ?? String(err)}\n`;
  if (!current || current.done) {
    // From code of an ended command still unwinding: a dead process would never have run it. Not
    // reused after the next command, in case it left something broken.
    tainted = true;
    if (process.env.WARM_CLI_DEBUG) require('node:fs').appendFileSync(process.env.WARM_CLI_DEBUG, text);
    return;
  }
  current.stderr += text;
  current.output += text;
  current.crashed = true;
  finish(1);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

function finish(exitCode) {
  const c = current;
  c.done = true;
  for (const undo of c.cleanups.reverse()) {
    try {
      undo();
    } catch {
      // a handle that is gone already
    }
  }
  const cpu = process.cpuUsage(c.cpu0);
  process.channel?.ref();
  const last = c.crashed || tainted || served >= MAX_COMMANDS;
  process.send({ id: c.id, exitCode, stdout: c.stdout, stderr: c.stderr, output: c.output, cpuMs: Math.round((cpu.user + cpu.system) / 1000), last });
  if (last) setImmediate(() => realExit(0));
}

function run(req) {
  served += 1;
  for (const undo of leftovers.splice(0)) {
    try {
      undo();
    } catch {
      // gone already
    }
  }
  for (const key of Object.keys(process.env)) if (!(key in req.env)) delete process.env[key];
  Object.assign(process.env, req.env);
  process.chdir(req.cwd);
  process.argv = [process.execPath, req.entry, ...req.args];
  process.exitCode = undefined;
  current = { id: req.id, stdout: '', stderr: '', output: '', cleanups: [], done: false, crashed: false, cpu0: process.cpuUsage() };
  process.channel?.unref();
  try {
    const m = new Module(req.entry, null);
    m.filename = req.entry;
    m.paths = Module._nodeModulePaths(path.dirname(req.entry));
    process.mainModule = m;
    require.cache[req.entry] = m;
    m.load(req.entry);
  } catch (err) {
    crash(err);
  } finally {
    delete require.cache[req.entry];
  }
}

process.on('message', (req) => {
  if (current && !current.done) return crash(new Error('warm prisma cli: a second command arrived while one was running'));
  run(req);
});
process.on('disconnect', () => realExit(0));
