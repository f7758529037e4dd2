/**
 * A static check that every claim verdict rests on an observation: it parses
 * scenario code with the TypeScript compiler API (a grep would let
 * `holds: () => false` or `!!0` through) and rejects `X.claim({ … })` calls
 * whose verdict or evidence could not depend on what the step observed.
 * See {@link StepContext.claim} for the API it checks.
 */
import fs from 'node:fs';
import ts from 'typescript';

/** One rejected claim call: where, and why in one sentence. */
export interface ClaimProblem {
  file: string;
  /** 1-based line of the offending call or property. */
  line: number;
  problem: string;
}

/** What {@link lintClaims} saw: how many `.claim(…)` calls, and the rejected ones. */
export interface ClaimLintResult {
  claimCalls: number;
  problems: ClaimProblem[];
}

type FunctionLike = ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration;

/**
 * Checks every call `X.claim(…)` in the given TypeScript files. A call is rejected when:
 * - its argument is not an object literal (or a `const` in the same file initialised with one), or spreads one in;
 * - `holds` or `evidence` is missing, is not an arrow/function expression, has no parameter,
 *   or its body never references an identifier its first parameter binds (destructuring included);
 * - `observed` is missing or a constant expression: literals, `!!0`, template literals without
 *   substitutions, array/object literals of constants, or a `const` of this file initialised with one.
 *
 * @param files absolute or relative paths of `.ts` files
 * @returns the number of `.claim(…)` calls found and the problems, in file order
 * @throws the `fs` error when a file cannot be read
 */
export function lintClaims(files: readonly string[]): ClaimLintResult {
  const result: ClaimLintResult = { claimCalls: 0, problems: [] };
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const consts = constDeclarations(source);
    const report = (node: ts.Node, problem: string) =>
      result.problems.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, problem });
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'claim') {
        result.claimCalls++;
        checkCall(node, consts, report);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return result;
}

/**
 * The problems of {@link lintClaims}: one per claim call whose verdict or
 * evidence does not depend on an observed value.
 *
 * @param files paths of `.ts` files
 * @throws the `fs` error when a file cannot be read
 */
export function findUnobservedClaims(files: readonly string[]): ClaimProblem[] {
  return lintClaims(files).problems;
}

function checkCall(call: ts.CallExpression, consts: Map<string, ts.Expression[]>, report: (node: ts.Node, problem: string) => void): void {
  const [arg, ...rest] = call.arguments;
  if (!arg || rest.length > 0) {
    report(call, `claim() takes one spec object; this call passes ${call.arguments.length} arguments`);
    return;
  }
  const spec = resolveObjectLiteral(arg, consts);
  if (!spec) {
    report(arg, `claim()'s argument is not an object literal, so its verdict cannot be verified (${excerpt(arg)})`);
    return;
  }
  const props = new Map<string, ts.ObjectLiteralElementLike>();
  for (const p of spec.properties) {
    if (ts.isSpreadAssignment(p)) {
      report(p, `claim() spec spreads ${excerpt(p.expression)} in; its holds/observed cannot be verified`);
      return;
    }
    const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
    if (name) props.set(name, p);
  }
  for (const key of ['holds', 'evidence'] as const) {
    const p = props.get(key);
    if (!p) {
      report(spec, `claim() spec has no ${key}`);
      continue;
    }
    const fn = functionOf(p);
    if (!fn) {
      report(p, `${key} must be an arrow or function expression of the observation, not ${excerpt(ts.isPropertyAssignment(p) ? p.initializer : p)}`);
      continue;
    }
    const first = fn.parameters[0];
    if (!first) {
      report(p, `${key} takes no parameter, so it cannot depend on the observation`);
      continue;
    }
    const bound = boundNames(first.name);
    if (!fn.body || !references(fn.body, bound))
      report(p, `${key}'s body never uses its parameter (${[...bound].join(', ') || 'none bound'}), so it does not depend on the observation`);
  }
  const observed = props.get('observed');
  if (!observed) report(spec, 'claim() spec has no observed value');
  else if (!ts.isPropertyAssignment(observed) && !ts.isShorthandPropertyAssignment(observed)) report(observed, 'observed must be a value the step measured');
  else {
    const expr = ts.isPropertyAssignment(observed) ? observed.initializer : observed.name;
    if (isConstant(expr, consts, new Set())) report(observed, `observed is a constant (${excerpt(expr)}), not something the step measured`);
  }
}

/** `const NAME = <initializer>` declarations of the file, by name (every scope; a name may repeat). */
function constDeclarations(source: ts.SourceFile): Map<string, ts.Expression[]> {
  const out = new Map<string, ts.Expression[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclarationList(node) && node.flags & ts.NodeFlags.Const) {
      for (const d of node.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) out.set(d.name.text, [...(out.get(d.name.text) ?? []), d.initializer]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e))
    e = e.expression;
  return e;
}

/** The object literal itself, or the one a `const` of this file (declared once under that name) was initialised with. */
function resolveObjectLiteral(arg: ts.Expression, consts: Map<string, ts.Expression[]>): ts.ObjectLiteralExpression | undefined {
  const e = unwrap(arg);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isIdentifier(e)) {
    const inits = consts.get(e.text);
    const init = inits?.length === 1 ? unwrap(inits[0]!) : undefined;
    if (init && ts.isObjectLiteralExpression(init)) return init;
  }
  return undefined;
}

function functionOf(p: ts.ObjectLiteralElementLike): FunctionLike | undefined {
  if (ts.isMethodDeclaration(p)) return p;
  if (!ts.isPropertyAssignment(p)) return undefined;
  const e = unwrap(p.initializer);
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? e : undefined;
}

/** Every identifier a binding name binds: `o`, `{ a, b: { c } }`, `[x, ...rest]`. */
function boundNames(name: ts.BindingName): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.BindingName): void => {
    if (ts.isIdentifier(n)) out.add(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) visit(el.name);
  };
  visit(name);
  return out;
}

/**
 * Whether `body` reads one of `names`. Property names (`x.o`, `{ o: 1 }`) do not count; a nested
 * function or declaration that rebinds a name hides it (conservatively, for the whole body).
 */
function references(body: ts.Node, names: Set<string>): boolean {
  const live = new Set(names);
  const rebinds = (n: ts.Node): void => {
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) && n.name) for (const b of boundNames(n.name)) live.delete(b);
    if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name) live.delete(n.name.text);
    ts.forEachChild(n, rebinds);
  };
  rebinds(body);
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && live.has(n.text) && isReference(n)) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isQualifiedName(p) || ts.isTypeReferenceNode(p)) return false;
  return true;
}

const CONSTANT_IDENTIFIERS = new Set(['undefined', 'NaN', 'Infinity']);

/** Whether an expression's value is fixed in the source: nothing the step could have measured goes into it. */
function isConstant(expr: ts.Expression, consts: Map<string, ts.Expression[]>, seen: Set<string>): boolean {
  const e = unwrap(expr);
  const c = (x: ts.Expression) => isConstant(x, consts, seen);
  switch (e.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.FunctionExpression:
      return true;
  }
  if (ts.isIdentifier(e)) {
    if (CONSTANT_IDENTIFIERS.has(e.text)) return true;
    // A `const` of this file declared once, initialised with a constant (e.g. a fixed list).
    const inits = consts.get(e.text);
    if (inits?.length !== 1 || seen.has(e.text)) return false;
    return isConstant(inits[0]!, consts, new Set([...seen, e.text]));
  }
  if (ts.isPrefixUnaryExpression(e)) return c(e.operand);
  if (ts.isTypeOfExpression(e) || ts.isVoidExpression(e)) return ts.isVoidExpression(e) || c(e.expression);
  if (ts.isBinaryExpression(e)) return c(e.left) && c(e.right);
  if (ts.isConditionalExpression(e)) return c(e.condition) && c(e.whenTrue) && c(e.whenFalse);
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => c(s.expression));
  if (ts.isSpreadElement(e)) return c(e.expression);
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((el) => ts.isOmittedExpression(el) || c(el));
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.every((p) => {
      if (ts.isPropertyAssignment(p)) return (!ts.isComputedPropertyName(p.name) || c(p.name.expression)) && c(p.initializer);
      if (ts.isShorthandPropertyAssignment(p)) return c(p.name);
      if (ts.isSpreadAssignment(p)) return c(p.expression);
      return true; // methods and accessors are code, not observations
    });
  }
  return false;
}

function excerpt(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
