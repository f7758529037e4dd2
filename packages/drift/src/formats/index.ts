import { formatReport, reportJson } from '../format.js';
import type { DriftReport } from '../model.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif, type FormatOptions } from './sarif.js';

/** The output formats of `schema-drift --format`, each a pure function of the report. */
export const FORMATS = {
  text: (r: DriftReport) => formatReport(r),
  json: (r: DriftReport) => reportJson(r),
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  markdown: formatMarkdown,
} satisfies Record<string, (report: DriftReport, options?: FormatOptions) => string>;

/** A name of {@link FORMATS}. */
export type FormatName = keyof typeof FORMATS;

/** Whether `name` is a format of {@link FORMATS}. */
export function isFormat(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

export { formatGithub, formatJunit, formatMarkdown, formatSarif, type FormatOptions };
export { sarifLog, fingerprint } from './sarif.js';
export { RULES, locationOf, type Rule, type FindingLocation } from './rules.js';
