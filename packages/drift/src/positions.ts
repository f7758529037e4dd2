/**
 * Source positions for findings (SARIF `region`, GitHub annotations): the line
 * of the Prisma field / block attribute, of the Drizzle table or column, of
 * the migration statement. None of the expectation sources (DMMF,
 * `getTableConfig`, `getAuthTables`) carries positions, so each file is parsed
 * again by a parser that keeps them: `@mrleebo/prisma-ast` (chevrotain, with
 * `nodeLocationTracking: 'full'`) for schema.prisma, the TypeScript compiler
 * API for a Drizzle schema module, libpg-query's `stmt_location` for SQL
 * (see effects.ts). A position is only given when the parser found exactly
 * that declaration: otherwise the finding keeps the file alone, never a
 * guessed line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { DriftFinding } from './model.js';

/** A 1-based source position. */
export interface Position {
  line: number;
  column?: number;
  endLine?: number;
}

/**
 * Declarations of one source file, keyed `model` or `model › field` (the same
 * `model` / `field` strings as {@link ExpectationSource}).
 */
export type Positions = Map<string, Position>;

/** What the prisma-ast parse of a schema.prisma yields: positions and the datasource's relationMode. */
export interface PrismaAstFacts {
  positions: Positions;
  /** `prisma` when `relationMode = "prisma"`: Prisma then creates no foreign keys. */
  relationMode: 'foreignKeys' | 'prisma';
}

const require = createRequire(import.meta.url);
const prismaCache = new Map<string, PrismaAstFacts>();
let prismaParser: { getSchema: (text: string, o: unknown) => { list: unknown[] }; options: unknown } | undefined;

type PrismaAst = {
  getSchema: (text: string, o: unknown) => { list: unknown[] };
  PrismaParser: new (c: { nodeLocationTracking: 'full' }) => unknown;
  VisitorClassFactory: (p: unknown) => new (p: unknown) => unknown;
};

/**
 * Parses a schema.prisma with `@mrleebo/prisma-ast` (location tracking on) and keys every
 * model (`User`), enum (`Role`), field (`User › email`) and block attribute by how
 * {@link blockAttributeKey} spells it (`Session › @@index([userId])`). Cached per schema text.
 *
 * @throws Error when prisma-ast cannot parse the text (callers treat that as "no positions")
 */
export async function prismaAstFacts(text: string): Promise<PrismaAstFacts> {
  const cached = prismaCache.get(text);
  if (cached) return cached;
  if (!prismaParser) {
    // Its ES module build: the CommonJS main requires chevrotain 11, which is ESM only (works in
    // plain Node ≥ 20.19 through require(esm), but not under tsx's require hook).
    const esm: string = '@mrleebo/prisma-ast/dist/prisma-ast.esm.js';
    const ast = (await import(esm)) as PrismaAst;
    const parser = new ast.PrismaParser({ nodeLocationTracking: 'full' });
    const Visitor = ast.VisitorClassFactory(parser);
    prismaParser = { getSchema: ast.getSchema, options: { parser, visitor: new Visitor(parser) } };
  }
  type Loc = { startLine?: number; startColumn?: number; endLine?: number };
  type Node = {
    type: string;
    name?: string;
    key?: string;
    value?: unknown;
    location?: Loc;
    properties?: Node[];
    assignments?: Node[];
    args?: { value: unknown }[];
    enumerators?: Node[];
    attributes?: Node[];
  };
  const schema = prismaParser.getSchema(text, prismaParser.options) as { list: Node[] };
  const positions: Positions = new Map();
  const put = (key: string, loc?: Loc) => {
    if (loc?.startLine) positions.set(key, { line: loc.startLine, ...(loc.startColumn ? { column: loc.startColumn } : {}) });
  };
  let relationMode: PrismaAstFacts['relationMode'] = 'foreignKeys';
  for (const block of schema.list) {
    if (block.type === 'datasource') {
      const mode = (block.assignments ?? []).find((a) => a.type === 'assignment' && a.key === 'relationMode');
      if (mode && String(mode.value).replace(/"/g, '') === 'prisma') relationMode = 'prisma';
    }
    if (block.type !== 'model' && block.type !== 'enum') continue;
    put(block.name!, block.location);
    for (const p of block.properties ?? []) {
      if (p.type === 'field') put(`${block.name} › ${p.name}`, p.location);
      if (p.type === 'attribute') {
        const key = blockAttributeKey(p.name!, firstArrayArg(p.args));
        if (key) put(`${block.name} › ${key}`, p.location);
      }
    }
    // Enum values by their label in the database (`@map("…")`, else the name), as enum findings name them.
    for (const v of block.enumerators ?? []) {
      if (v.type !== 'enumerator') continue;
      const map = (v.attributes ?? []).find((a) => a.type === 'attribute' && a.name === 'map')?.args?.[0]?.value;
      put(`${block.name} › ${typeof map === 'string' ? map.replace(/^"|"$/g, '') : v.name}`, v.location);
    }
  }
  const facts = { positions, relationMode };
  prismaCache.set(text, facts);
  return facts;
}

/** The field list of `@@index([a, b(sort: Desc)])` as field names, or undefined. */
function firstArrayArg(args?: { value: unknown }[]): string[] | undefined {
  const v = args?.[0]?.value as { type?: string; args?: unknown[]; key?: string; value?: unknown } | undefined;
  const arr = v?.type === 'keyValue' && v.key === 'fields' ? (v.value as { type?: string; args?: unknown[] }) : v;
  if (arr?.type !== 'array' || !arr.args) return undefined;
  return arr.args.map((a) => (typeof a === 'string' ? a : ((a as { name?: string }).name ?? String(a))));
}

/**
 * How a Prisma block attribute is named in sources and positions: `@@index([userId])`,
 * `@@unique([a, b])`, `@@id([a, b])`. Undefined for other attributes.
 */
export function blockAttributeKey(name: string, fields?: string[]): string | undefined {
  if (!fields || !['index', 'unique', 'id'].includes(name)) return undefined;
  return `@@${name}([${fields.join(', ')}])`;
}

const tsCache = new Map<string, Positions>();

/**
 * Positions in a Drizzle schema module, found with the TypeScript compiler API (`typescript`,
 * a runtime dependency for this): every top-level `const x = <call>(…, { … })` table (exported or
 * not) gives `x` (the line of its name) and `x › key` for each property of its column object
 * literal (the line of the column). Cached per file text.
 */
export function drizzlePositions(text: string, fileName: string): Positions {
  const cached = tsCache.get(text);
  if (cached) return cached;
  const ts = require('typescript') as typeof import('typescript');
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const positions: Positions = new Map();
  const at = (node: import('typescript').Node): Position => {
    const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const end = sf.getLineAndCharacterOfPosition(node.getEnd());
    return { line: start.line + 1, column: start.character + 1, ...(end.line !== start.line ? { endLine: end.line + 1 } : {}) };
  };
  for (const stmt of sf.statements) {
    // Exported or not: `const users = pgTable(…); export { users }` declares it here too.
    if (!ts.isVariableStatement(stmt)) continue;
    for (const decl of stmt.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || !decl.initializer || !ts.isCallExpression(decl.initializer)) continue;
      const exportName = decl.name.text;
      const { line, column } = at(decl.name);
      positions.set(exportName, { line, ...(column ? { column } : {}) });
      const columnsArg = decl.initializer.arguments.find((a) => ts.isObjectLiteralExpression(a));
      if (!columnsArg || !ts.isObjectLiteralExpression(columnsArg)) continue;
      for (const prop of columnsArg.properties) {
        if ((ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) {
          positions.set(`${exportName} › ${prop.name.text}`, at(prop));
        }
      }
    }
  }
  tsCache.set(text, positions);
  return positions;
}

/**
 * Top-level `const a = b` in a module, where `b` is a plain identifier: alias name → aliased name
 * (Kaneo's `export const user = userTable` beside `export const userTable = pgTable("user", …)`).
 * Read with the TypeScript compiler API, like {@link drizzlePositions}.
 */
export function localAliases(text: string, fileName: string): Map<string, string> {
  const ts = require('typescript') as typeof import('typescript');
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out = new Map<string, string>();
  for (const stmt of sf.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    for (const decl of stmt.declarationList.declarations)
      if (ts.isIdentifier(decl.name) && decl.initializer && ts.isIdentifier(decl.initializer)) out.set(decl.name.text, decl.initializer.text);
  }
  return out;
}

/** Where an export of a schema module is declared: the file (absolute) and the variable's name there. */
export interface Declaration {
  file: string;
  name: string;
}

/**
 * Follows every export of each Drizzle schema module to the variable declaration it comes from,
 * when the module does not declare it itself (else it is its own declaration, with no compiler run),
 * through `export * from`, `export { posts as articles } from`, `import { x } …; export { x }` and
 * imports through tsconfig `paths`: a schema barrel (`export * from '@acme/db/schema'`) declares no
 * table itself. Uses the TypeScript compiler's own module resolution and checker
 * (`getExportsOfModule`, `getAliasedSymbol`) under the compiler options of `tsconfig` read as tsc
 * reads it (`extends` followed, `paths` relative to the file that sets them). Files under
 * `node_modules` are not read (a schema's tables are the project's own; workspace packages resolve
 * to their real path), nor are TypeScript's lib files, so only the project's modules are parsed.
 *
 * @param modules each schema module: its absolute path and the names it exports (at run time)
 * @param tsconfig the tsconfig.json the modules are loaded with (see load-module's `projectTsconfig`)
 * @returns per module file, export name → declaration; exports that are not a variable are left out
 *   (a module TypeScript cannot read gives an empty map: its findings then keep the module's file)
 */
export function drizzleDeclarations(modules: { file: string; exports: string[] }[], tsconfig?: string): Map<string, Map<string, Declaration>> {
  const out = new Map<string, Map<string, Declaration>>();
  const follow: string[] = [];
  for (const m of modules) {
    let own: Positions;
    let aliases: Map<string, string>;
    try {
      const text = fs.readFileSync(m.file, 'utf8');
      own = drizzlePositions(text, m.file);
      aliases = localAliases(text, m.file);
    } catch {
      own = new Map();
      aliases = new Map();
    }
    // `export const user = userTable` (an alias of a table declared in the same file, as Better
    // Auth's CLI names tables): declared where `userTable` is.
    const declaredName = (e: string) => (own.has(e) ? e : aliases.get(e) && own.has(aliases.get(e)!) ? aliases.get(e) : undefined);
    out.set(m.file, new Map(m.exports.filter((e) => declaredName(e)).map((e) => [e, { file: m.file, name: declaredName(e)! }])));
    if (m.exports.some((e) => !declaredName(e))) follow.push(m.file);
  }
  if (!follow.length) return out;
  try {
    for (const [file, declared] of followExports(follow, tsconfig)) for (const [e, d] of declared) out.get(file)!.set(e, d);
  } catch {
    // No positions rather than no check: the findings keep the module's file.
  }
  return out;
}

/** {@link drizzleDeclarations} through the TypeScript compiler, for modules that re-export. */
function followExports(files: string[], tsconfig?: string): Map<string, Map<string, Declaration>> {
  const ts = require('typescript') as typeof import('typescript');
  let options: import('typescript').CompilerOptions = {};
  if (tsconfig) {
    const host = { ...ts.sys, readDirectory: () => [], onUnRecoverableConfigFileDiagnostic: () => {} };
    options = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, host)?.options ?? {};
  }
  options = { ...options, allowJs: true, noLib: true, types: [], noEmit: true };
  const host = ts.createCompilerHost(options, true);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) =>
    /[\\/]node_modules[\\/]/.test(fileName) ? ts.createSourceFile(fileName, '', language) : read(fileName, language, ...rest);
  const program = ts.createProgram({ rootNames: files, options, host });
  const checker = program.getTypeChecker();
  const out = new Map<string, Map<string, Declaration>>();
  for (const file of files) {
    const declared = new Map<string, Declaration>();
    out.set(file, declared);
    const sf = program.getSourceFile(file);
    const mod = sf && checker.getSymbolAtLocation(sf);
    if (!mod) continue;
    for (const sym of checker.getExportsOfModule(mod)) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const decl = target.valueDeclaration ?? target.declarations?.[0];
      if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name))
        declared.set(sym.name, { file: path.resolve(decl.getSourceFile().fileName), name: decl.name.text });
    }
  }
  return out;
}

/**
 * Fills `location` on findings whose source is a schema.prisma or a TypeScript/JavaScript
 * schema module and that do not have one yet: the field's line (a missing enum value: the value's line), else the model's, else the
 * file alone. Findings from other files (a Better Auth configuration, whose fields come from
 * `getAuthTables` rather than from that file's text) get the file alone. A file that cannot be
 * read or parsed gives the file alone too.
 *
 * @param rootAbs the folder `source.file` is relative to
 */
export async function addLocations(findings: DriftFinding[], rootAbs: string): Promise<void> {
  const perFile = new Map<string, Positions | undefined>();
  const positionsOf = async (file: string): Promise<Positions | undefined> => {
    if (perFile.has(file)) return perFile.get(file);
    let pos: Positions | undefined;
    try {
      const abs = path.join(rootAbs, file);
      const text = fs.readFileSync(abs, 'utf8');
      if (file.endsWith('.prisma')) pos = (await prismaAstFacts(text)).positions;
      else if (/\.[cm]?[jt]sx?$/.test(file) && !isBetterAuthSource(findings, file)) pos = drizzlePositions(text, abs);
    } catch {
      pos = undefined;
    }
    perFile.set(file, pos);
    return pos;
  };
  for (const f of findings) {
    if (f.location) continue;
    const pos = await positionsOf(f.source.file);
    // A missing enum value is declared on its own line in schema.prisma (`column` holds the value).
    const enumValue =
      f.kind === 'missing-enum-value' && f.source.model && !f.source.field && f.column ? pos?.get(`${f.source.model} › ${f.column}`) : undefined;
    const hit =
      pos &&
      (enumValue ||
        (f.source.model && f.source.field && pos.get(`${f.source.model} › ${f.source.field}`)) ||
        (f.source.model && !f.source.field && pos.get(f.source.model)));
    f.location = { file: f.source.file, ...(hit ? hit : {}) };
  }
}

/** Better Auth sources name their model `better-auth <key> (<model>)`: that file does not declare the fields. */
function isBetterAuthSource(findings: DriftFinding[], file: string): boolean {
  return findings.some((f) => f.source.file === file && f.source.model?.startsWith('better-auth '));
}

/** 1-based line and column of a byte offset into UTF-8 text (libpg-query's `stmt_location` is in bytes). */
export function lineOfByteOffset(text: string, byteOffset: number): { line: number; column: number } {
  const before = Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/**
 * The position of each entry's `"when"` in a Drizzle `meta/_journal.json`, by entry index (the
 * order of `entries`, which is the order drizzle-orm's migrator reads them in), found with the
 * TypeScript compiler's JSON parser (`parseJsonText`, which keeps positions). An entry without a
 * `"when"` property, or a text that is not such a journal, gives `undefined` there: never a guessed
 * line.
 */
export function journalWhenPositions(text: string): (Position | undefined)[] {
  const ts = require('typescript') as typeof import('typescript');
  const sf = ts.parseJsonText('_journal.json', text);
  const root = sf.statements[0]?.expression;
  if (!root || !ts.isObjectLiteralExpression(root)) return [];
  const nameOf = (p: import('typescript').ObjectLiteralElementLike) =>
    ts.isPropertyAssignment(p) && (ts.isStringLiteral(p.name) || ts.isIdentifier(p.name)) ? p.name.text : undefined;
  const entries = root.properties.find((p) => nameOf(p) === 'entries');
  if (!entries || !ts.isPropertyAssignment(entries) || !ts.isArrayLiteralExpression(entries.initializer)) return [];
  return entries.initializer.elements.map((el) => {
    if (!ts.isObjectLiteralExpression(el)) return undefined;
    const when = el.properties.find((p) => nameOf(p) === 'when');
    if (!when) return undefined;
    const at = sf.getLineAndCharacterOfPosition(when.getStart(sf));
    return { line: at.line + 1, column: at.character + 1 };
  });
}
