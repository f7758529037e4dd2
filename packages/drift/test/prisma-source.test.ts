/**
 * The Prisma source without a database.
 *
 * Prisma list fields (`String[]`) and NOT NULL: a list field cannot be
 * optional in Prisma, and Prisma's own `migrate diff` sees no difference between the nullable
 * `TEXT[]` Prisma Migrate creates and a hand-written `TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[]`
 * (langfuse's migrations, issue 18). Only NOT NULL without a default breaks inserts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { DriftFinding } from '../src/model.js';
import { addLocations } from '../src/positions.js';
import { compareSchema } from '../src/compare-schema.js';
import type { ActualTable } from '../src/model.js';
import { expectedFromPrisma, loadDmmf } from '../src/sources/prisma.js';

const SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Monitor {
  id         String   @id
  triggerIds String[] @default([]) @map("trigger_ids")
  tags       String[]
}
`;

it('a NOT NULL list column with a default is no drift; without a default it breaks inserts that leave the list out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-lists-'));
  try {
    fs.writeFileSync(path.join(dir, 'schema.prisma'), SCHEMA);
    const expected = expectedFromPrisma(await loadDmmf(path.join(dir, 'schema.prisma')), 'schema.prisma');
    const live = (tags: { notNull: boolean; default: string | null }): Map<string, ActualTable> => {
      const col = (name: string, notNull: boolean, def: string | null) => ({ name, type: 'text[]', notNull, default: def, identity: false, generated: false });
      return new Map([
        [
          'public.Monitor',
          {
            schema: 'public',
            name: 'Monitor',
            columns: new Map([
              ['id', { ...col('id', true, null), type: 'text' }],
              ['trigger_ids', col('trigger_ids', true, 'ARRAY[]::text[]')],
              ['tags', col('tags', tags.notNull, tags.default)],
            ]),
          },
        ],
      ]);
    };
    const brief = (m: Map<string, ActualTable>) => compareSchema(expected, m).map((f) => `${f.severity} ${f.kind} ${f.table}.${f.column}`);
    // trigger_ids is NOT NULL DEFAULT ARRAY[]::text[] in both cases.
    expect(brief(live({ notNull: false, default: null }))).toEqual([]);
    expect(brief(live({ notNull: true, default: null }))).toEqual(['breaks nullability Monitor.tags']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('a missing enum value points at its own line in schema.prisma (by its @map label when it has one)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-enum-'));
  try {
    fs.writeFileSync(path.join(dir, 'schema.prisma'), 'enum Action {\n  CREATED\n  DELETED @map("deleted")\n}\n');
    const finding = (kind: 'missing-enum-value' | 'extra-enum-value', value: string): DriftFinding => ({
      category: 'schema',
      kind,
      severity: 'breaks',
      schema: 'public',
      table: 'Action',
      column: value,
      expected: '',
      actual: '',
      message: '',
      source: { file: 'schema.prisma', model: 'Action' },
    });
    const found = [finding('missing-enum-value', 'CREATED'), finding('missing-enum-value', 'deleted'), finding('extra-enum-value', 'ARCHIVED')];
    await addLocations(found, dir);
    // An extra value is not in the schema: the enum's line.
    expect(found.map((f) => f.location?.line)).toEqual([2, 3, 1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
