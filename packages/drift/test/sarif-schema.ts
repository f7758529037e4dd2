/**
 * Validation against the SARIF 2.1.0 JSON schema (the OASIS standard's schema
 * in its 2.1.0-rtm.5 form, as SchemaStore publishes it), taken from the npm
 * package @microsoft/jest-sarif, which ships it as
 * lib/schemas/sarif-2.1.0-rtm.5.json. The schema is JSON Schema draft-04, so
 * Ajv's draft-04 build validates it, with ajv-formats for its uri and
 * date-time formats. Its `language` pattern has a stray `]` (valid only
 * without the RegExp `u` flag), hence `unicodeRegExp: false`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema violations of a SARIF log (`[]` when it is valid), each as `path: message`. */
export function validateSarif(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}
