/**
 * The type and default spellings the comparison relies on: what ORMs write
 * against what PostgreSQL's format_type() / pg_get_expr() print.
 */
import { describe, expect, it } from 'vitest';
import { canonicalType, normalizeDefault } from '../src/index.js';
import { sameDefault, sameFamily } from '../src/pg-types.js';

describe('canonicalType', () => {
  it.each([
    ['timestamp', 'timestamp without time zone'],
    ['timestamp (3)', 'timestamp(3) without time zone'],
    ['timestamp(6) with time zone', 'timestamp with time zone'],
    ['timestamptz', 'timestamp with time zone'],
    ['varchar(255)', 'character varying(255)'],
    ['numeric(10, 2)', 'numeric(10,2)'],
    ['serial', 'integer'],
    ['bigserial', 'bigint'],
    ['int4', 'integer'],
    ['text[]', 'text[]'],
    ['"Role"', 'Role'],
    ['double precision', 'double precision'],
    ['char', 'character(1)'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalType(raw)).toBe(canonical);
  });

  it('tells length/precision differences from real type changes', () => {
    expect(sameFamily('timestamp(3) without time zone', 'timestamp without time zone')).toBe(true);
    expect(sameFamily('character varying(100)', 'text')).toBe(true);
    expect(sameFamily('integer', 'bigint')).toBe(false);
    expect(sameFamily('timestamp with time zone', 'timestamp without time zone')).toBe(false);
  });
});

describe('normalizeDefault', () => {
  it.each([
    ["'user'::text", 'user'],
    ['\'FREE\'::"Plan"', 'FREE'],
    ["'{}'::jsonb", '{}'],
    ['CURRENT_TIMESTAMP', 'now()'],
    ['now()', 'now()'],
    ["nextval('users_id_seq'::regclass)", 'nextval'],
    ['false', 'false'],
    ['100', '100'],
    ["'it''s'::character varying", "it's"],
    ['gen_random_uuid()', 'gen_random_uuid()'],
    ["('2024-01-01 00:00:00'::timestamp without time zone)", '2024-01-01 00:00:00'],
  ])('%s → %s', (raw, norm) => {
    expect(normalizeDefault(raw)).toBe(norm);
  });
});

describe('sameDefault: defaults compared as values', () => {
  it.each([
    ['[]', normalizeDefault(`'{}'::text[]`), 'text[]', true],
    ['["draft","needs review"]', normalizeDefault(`'{draft,"needs review"}'::text[]`), 'text[]', true],
    ['[1,2]', normalizeDefault(`'{1,2}'::integer[]`), 'integer[]', true],
    ['["a"]', normalizeDefault(`'{b}'::text[]`), 'text[]', false],
    ['{"theme":"dark","size":2}', normalizeDefault(`'{"size": 2, "theme": "dark"}'::jsonb`), 'jsonb', true],
    ['{"theme":"dark"}', normalizeDefault(`'{"theme": "light"}'::jsonb`), 'jsonb', false],
    ['[]', normalizeDefault(`'[]'::jsonb`), 'jsonb', true],
    ['1.50', normalizeDefault('1.5'), 'numeric', true],
    ['[]', '{}', 'jsonb', false],
    ['user', 'admin', 'text', false],
  ])('%s against %s (%s) → %s', (expected, actual, type, same) => {
    expect(sameDefault(expected, actual, type)).toBe(same);
  });
});
