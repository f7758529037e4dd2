import fs from 'node:fs';

/** This package's manifest (two folders up from both src/formats and dist/formats). */
const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The tool as reports name it: `schema-drift` and its version (package.json). */
export const TOOL = { name: 'schema-drift', version: manifest.version } as const;
