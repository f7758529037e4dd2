import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOut } from '@incident-replay/incident';

/**
 * Runs `main` with the process's arguments when `moduleUrl` is the script
 * Node was started with (`node --import tsx <file>`), and exits with the code
 * it returns; a thrown error prints its stack and exits 2 (the run could not
 * be carried out). Imported as a module (by a test), it does nothing.
 *
 * @param moduleUrl the command module's `import.meta.url`
 * @param main the command: its arguments (after the script) to an exit code
 */
export function runAsCommand(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      writeOut(`${(err as Error).stack ?? err}\n`);
      process.exit(2);
    },
  );
}
