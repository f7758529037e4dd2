#!/usr/bin/env node
/** The `schema-drift` executable: runs the CLI and exits with its code once stdout is flushed. */
import { runCli } from './cli.js';

const code = await runCli(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
