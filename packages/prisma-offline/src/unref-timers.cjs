// Preloaded (`node --require`) into Prisma CLI processes the replays start.
//
// Why: with `engine: "js"` the wasm schema engine leaves a long timer behind
// (about 10 s), so every `prisma migrate …` command would sit idle that long
// after its work is done before Node exits. Timers of a second or more are
// unref'd: they still fire if the process is busy anyway, but they no longer
// keep an otherwise finished CLI alive. Short timers (retries, I/O pacing)
// are left alone.
'use strict';

const LONG_TIMER_MS = 1000;
const originalSetTimeout = globalThis.setTimeout;

globalThis.setTimeout = function setTimeoutUnrefLong(callback, delay, ...args) {
  const timer = originalSetTimeout(callback, delay, ...args);
  if (typeof delay === 'number' && delay >= LONG_TIMER_MS && timer && typeof timer.unref === 'function') timer.unref();
  return timer;
};
// Keep util.promisify(setTimeout) and friends working.
Object.assign(globalThis.setTimeout, originalSetTimeout);
