/**
 * The registry's expression language: derived-metric formulas and quality-check conditions, written in type documents
 * (data, never code). A tokenizer and a recursive-descent parser build an AST that is type-checked once (number or
 * condition) and evaluated by a small interpreter: no eval, no Function, no property access on user-chosen names.
 *
 *   expr     := or
 *   or       := and ('or' and)*
 *   and      := not ('and' not)*
 *   not      := 'not' not | compare
 *   compare  := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?      (not chained: `a < b < c` is an error)
 *   sum      := product (('+' | '-') product)*
 *   product  := unary (('*' | '/') unary)*
 *   unary    := '-' unary | primary
 *   primary  := NUMBER | METRIC | 'attr.' NAME | FUNCTION '(' expr (',' expr)* ')' | '(' expr ')'
 *
 * Missing values: a metric absent or null, an attribute absent, non-numeric or null, is missing. Arithmetic with a
 * missing operand is missing, so is a division by zero or a result that is not finite; never 0. A comparison with a
 * missing operand is missing, and `and`/`or`/`not` follow three-valued logic (false and missing = false, true or
 * missing = true, otherwise missing). See README.md beside this file for the functions.
 *
 * Pure: no Node, no DOM, no zod (the renderer evaluates formulas too).
 */

export const MAX_EXPRESSION_LENGTH = 500;
export const MAX_EXPRESSION_DEPTH = 32;

/** A formula or condition that does not parse or type-check: the message names the problem and the 0-based column. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    /** The problem without the position, e.g. "unknown metric 'pm25'". */
    readonly problem: string,
    /** 0-based character index into the source. */
    readonly column: number,
  ) {
    super(`${problem} at column ${column}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// AST

export type ArithmeticOp = '+' | '-' | '*' | '/';
const COMPARE_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];
const isCompareOp = (op: string): op is CompareOp => (COMPARE_OPS as readonly string[]).includes(op);
export type FunctionName = 'min' | 'max' | 'abs' | 'round' | 'coalesce' | 'step';

export type ExpressionNode =
  | { kind: 'number'; value: number }
  | { kind: 'metric'; name: string }
  | { kind: 'attr'; name: string }
  | { kind: 'negate'; arg: ExpressionNode }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: ExpressionNode; right: ExpressionNode }
  | { kind: 'compare'; op: CompareOp; left: ExpressionNode; right: ExpressionNode }
  | { kind: 'and' | 'or'; left: ExpressionNode; right: ExpressionNode }
  | { kind: 'not'; arg: ExpressionNode }
  | { kind: 'call'; fn: FunctionName; args: ExpressionNode[] };

/** Arity of each function: [least, most] arguments. */
const FUNCTIONS: Record<FunctionName, readonly [number, number]> = {
  min: [1, 64],
  max: [1, 64],
  abs: [1, 1],
  round: [1, 2],
  coalesce: [1, 64],
  step: [2, 64],
};
const FUNCTION_NAMES = new Set(Object.keys(FUNCTIONS));
/** Words an expression reserves: a metric may not be named so. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'attr']);
const KEYWORDS = RESERVED_WORDS;

// ---------------------------------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { t: 'num'; value: number; col: number; end: number }
  | { t: 'name'; value: string; col: number; end: number }
  | { t: 'op'; value: string; col: number; end: number }
  | { t: 'end'; col: number; end: number };

const OPERATORS = ['<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/', '(', ')', ',', '.'];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const num = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i, i + 64));
    if (num) {
      const value = Number(num[0]);
      if (!Number.isFinite(value)) throw new ExpressionError(`number '${num[0]}' is too large`, i);
      const end = i + num[0].length;
      if (/[A-Za-z_]/.test(src[end] ?? '')) throw new ExpressionError(`unexpected '${src[end]}' after a number`, end);
      tokens.push({ t: 'num', value, col: i, end });
      i = end;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + MAX_EXPRESSION_LENGTH + 1));
    if (name) {
      tokens.push({ t: 'name', value: name[0], col: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ t: 'op', value: op, col: i, end: i + op.length });
      i += op.length;
      continue;
    }
    if (c === '=') throw new ExpressionError("unexpected '=' (write '==' to compare)", i);
    if (c === '&' || c === '|' || c === '!') throw new ExpressionError(`unexpected '${c}' (write 'and', 'or', 'not')`, i);
    throw new ExpressionError(`unexpected character '${c}'`, i);
  }
  tokens.push({ t: 'end', col: src.length, end: src.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------------------
// Parser (with positions kept beside the nodes for type errors)

type Typed = { node: ExpressionNode; type: 'number' | 'boolean'; col: number };

function describe(t: Typed): string {
  if (t.type === 'number') return 'a number';
  switch (t.node.kind) {
    case 'compare':
      return 'a comparison';
    case 'not':
      return "a 'not' condition";
    default:
      return `an '${t.node.kind}' condition`;
  }
}

class Parser {
  private pos = 0;
  private depth = 0;
  readonly metrics = new Set<string>();
  readonly attributes = new Set<string>();

  constructor(
    private readonly tokens: Token[],
    private readonly names: ReadonlySet<string>,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.t !== 'end') this.pos++;
    return t;
  }

  private nextOpValue(): string {
    const t = this.next();
    if (t.t !== 'op') throw new ExpressionError(`unexpected ${tokenText(t)}`, t.col);
    return t.value;
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.value === value;
  }

  private isWord(value: string): boolean {
    const t = this.peek();
    return t.t === 'name' && t.value === value;
  }

  private expectOp(value: string, what: string): Token {
    const t = this.peek();
    if (t.t === 'op' && t.value === value) return this.next();
    throw new ExpressionError(`expected ${what}, got ${tokenText(t)}`, t.col);
  }

  private enter(col: number): void {
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw new ExpressionError(`nested deeper than ${MAX_EXPRESSION_DEPTH} levels`, col);
  }

  private leave(): void {
    this.depth--;
  }

  parseAll(): Typed {
    const e = this.parseOr();
    const t = this.peek();
    if (t.t !== 'end') throw new ExpressionError(`unexpected ${tokenText(t)}`, t.col);
    return e;
  }

  private want(e: Typed, type: 'number' | 'boolean', context: string): void {
    if (e.type !== type) throw new ExpressionError(`${context} needs ${type === 'number' ? 'a number' : 'a condition'}, got ${describe(e)}`, e.col);
  }

  private parseOr(): Typed {
    this.enter(this.peek().col);
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.next();
      const right = this.parseAnd();
      this.want(left, 'boolean', "'or'");
      this.want(right, 'boolean', "'or'");
      left = { node: { kind: 'or', left: left.node, right: right.node }, type: 'boolean', col: left.col };
    }
    this.leave();
    return left;
  }

  private parseAnd(): Typed {
    let left = this.parseNot();
    while (this.isWord('and')) {
      this.next();
      const right = this.parseNot();
      this.want(left, 'boolean', "'and'");
      this.want(right, 'boolean', "'and'");
      left = { node: { kind: 'and', left: left.node, right: right.node }, type: 'boolean', col: left.col };
    }
    return left;
  }

  private parseNot(): Typed {
    if (this.isWord('not')) {
      const col = this.next().col;
      this.enter(col);
      const arg = this.parseNot();
      this.leave();
      this.want(arg, 'boolean', "'not'");
      return { node: { kind: 'not', arg: arg.node }, type: 'boolean', col };
    }
    return this.parseCompare();
  }

  private parseCompare(): Typed {
    const left = this.parseSum();
    const t = this.peek();
    if (t.t === 'op' && isCompareOp(t.value)) {
      this.next();
      const right = this.parseSum();
      this.want(left, 'number', `'${t.value}'`);
      this.want(right, 'number', `'${t.value}'`);
      const after = this.peek();
      if (after.t === 'op' && isCompareOp(after.value)) {
        throw new ExpressionError(`comparisons cannot be chained (write 'a < b and b < c')`, after.col);
      }
      return { node: { kind: 'compare', op: t.value, left: left.node, right: right.node }, type: 'boolean', col: left.col };
    }
    return left;
  }

  private parseSum(): Typed {
    let left = this.parseProduct();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.nextOpValue() as ArithmeticOp;
      const right = this.parseProduct();
      this.want(left, 'number', `'${op}'`);
      this.want(right, 'number', `'${op}'`);
      left = { node: { kind: 'arithmetic', op, left: left.node, right: right.node }, type: 'number', col: left.col };
    }
    return left;
  }

  private parseProduct(): Typed {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.nextOpValue() as ArithmeticOp;
      const right = this.parseUnary();
      this.want(left, 'number', `'${op}'`);
      this.want(right, 'number', `'${op}'`);
      left = { node: { kind: 'arithmetic', op, left: left.node, right: right.node }, type: 'number', col: left.col };
    }
    return left;
  }

  private parseUnary(): Typed {
    if (this.isOp('-')) {
      const col = this.next().col;
      this.enter(col);
      const arg = this.parseUnary();
      this.leave();
      this.want(arg, 'number', "'-'");
      return { node: { kind: 'negate', arg: arg.node }, type: 'number', col };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Typed {
    const t = this.next();
    if (t.t === 'num') return { node: { kind: 'number', value: t.value }, type: 'number', col: t.col };
    if (t.t === 'op' && t.value === '(') {
      const inner = this.parseOr();
      this.expectOp(')', "')'");
      return { ...inner, col: t.col };
    }
    if (t.t === 'name') {
      if (t.value === 'attr') {
        const dot = this.peek();
        if (!(dot.t === 'op' && dot.value === '.') || dot.col !== t.end) throw new ExpressionError("expected '.NAME' after 'attr'", dot.col);
        this.next();
        const name = this.next();
        if (name.t !== 'name' || name.col !== dot.end) throw new ExpressionError("expected an attribute name after 'attr.'", name.col);
        this.attributes.add(name.value);
        return { node: { kind: 'attr', name: name.value }, type: 'number', col: t.col };
      }
      if (KEYWORDS.has(t.value)) throw new ExpressionError(`unexpected '${t.value}'`, t.col);
      if (this.isOp('(')) return this.parseCall(t.value, t.col);
      if (!this.names.has(t.value)) {
        const hint = FUNCTION_NAMES.has(t.value) ? ` ('${t.value}' is a function: write ${t.value}(...))` : '';
        throw new ExpressionError(`unknown metric '${t.value}'${hint}`, t.col);
      }
      this.metrics.add(t.value);
      return { node: { kind: 'metric', name: t.value }, type: 'number', col: t.col };
    }
    if (t.t === 'end') throw new ExpressionError('unexpected end of expression', t.col);
    throw new ExpressionError(`unexpected ${tokenText(t)}`, t.col);
  }

  private parseCall(name: string, col: number): Typed {
    if (!FUNCTION_NAMES.has(name)) throw new ExpressionError(`unknown function '${name}'`, col);
    const fn = name as FunctionName;
    this.next(); // '('
    this.enter(col);
    const args: ExpressionNode[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        const arg = this.parseOr();
        this.want(arg, 'number', `${fn}()`);
        args.push(arg.node);
        if (!this.isOp(',')) break;
        this.next();
      }
    }
    this.expectOp(')', "',' or ')'");
    this.leave();
    const [least, most] = FUNCTIONS[fn];
    if (args.length < least || args.length > most) {
      const range = least === most ? `${least}` : most >= 64 ? `at least ${least}` : `${least} to ${most}`;
      throw new ExpressionError(`${fn}() takes ${range} argument${least === 1 && most === 1 ? '' : 's'}, got ${args.length}`, col);
    }
    return { node: { kind: 'call', fn, args }, type: 'number', col };
  }
}

function tokenText(t: Token): string {
  if (t.t === 'end') return 'the end of the expression';
  return `'${String(t.value)}'`;
}

/** Parse and type-check without a compiled form (the expected result type is checked by compileExpression). */
export function parseExpression(src: string, names: ReadonlySet<string>): { node: ExpressionNode; type: 'number' | 'boolean'; metrics: string[]; attributes: string[] } {
  if (typeof src !== 'string') throw new ExpressionError('an expression must be a string', 0);
  if (src.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH);
  const parser = new Parser(tokenize(src), names);
  const { node, type } = parser.parseAll();
  return { node, type, metrics: [...parser.metrics], attributes: [...parser.attributes] };
}

// ---------------------------------------------------------------------------------------------------------------------
// Evaluation

export type ExpressionValues = Readonly<Record<string, number | null | undefined>>;
export type ExpressionAttributes = Readonly<Record<string, string | number | null | undefined>>;

const hasOwn = Object.prototype.hasOwnProperty;

function finiteOrMissing(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function lookup(record: Readonly<Record<string, unknown>>, name: string): number | null {
  if (!hasOwn.call(record, name)) return null;
  const v = record[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function evalNumber(n: ExpressionNode, values: ExpressionValues, attrs: ExpressionAttributes): number | null {
  switch (n.kind) {
    case 'number':
      return n.value;
    case 'metric':
      return lookup(values, n.name);
    case 'attr':
      return lookup(attrs, n.name);
    case 'negate': {
      const a = evalNumber(n.arg, values, attrs);
      return a === null ? null : -a;
    }
    case 'arithmetic': {
      const a = evalNumber(n.left, values, attrs);
      if (a === null) return null;
      const b = evalNumber(n.right, values, attrs);
      if (b === null) return null;
      switch (n.op) {
        case '+':
          return finiteOrMissing(a + b);
        case '-':
          return finiteOrMissing(a - b);
        case '*':
          return finiteOrMissing(a * b);
        case '/':
          return b === 0 ? null : finiteOrMissing(a / b);
      }
      break;
    }
    case 'call':
      return evalCall(n.fn, n.args, values, attrs);
    default:
      throw new Error(`internal: ${n.kind} is not a number`);
  }
}

function evalCall(fn: FunctionName, args: readonly ExpressionNode[], values: ExpressionValues, attrs: ExpressionAttributes): number | null {
  const arg = (i: number): number | null => evalNumber(args[i] as ExpressionNode, values, attrs);
  switch (fn) {
    case 'min':
    case 'max': {
      let best: number | null = null;
      for (let i = 0; i < args.length; i++) {
        const v = arg(i);
        if (v !== null && (best === null || (fn === 'min' ? v < best : v > best))) best = v;
      }
      return best;
    }
    case 'abs': {
      const v = arg(0);
      return v === null ? null : Math.abs(v);
    }
    case 'round': {
      const v = arg(0);
      if (v === null) return null;
      if (args.length === 1) return Math.round(v);
      const d = arg(1);
      if (d === null || !Number.isInteger(d) || d < 0 || d > 12) return null;
      const f = 10 ** d;
      return finiteOrMissing(Math.round(v * f) / f);
    }
    case 'coalesce':
      for (let i = 0; i < args.length; i++) {
        const v = arg(i);
        if (v !== null) return v;
      }
      return null;
    case 'step': {
      const x = arg(0);
      if (x === null) return null;
      let above = 0;
      for (let i = 1; i < args.length; i++) {
        const t = arg(i);
        if (t === null) return null;
        if (x > t) above++;
      }
      return above;
    }
  }
}

function evalBoolean(n: ExpressionNode, values: ExpressionValues, attrs: ExpressionAttributes): boolean | null {
  switch (n.kind) {
    case 'compare': {
      const a = evalNumber(n.left, values, attrs);
      if (a === null) return null;
      const b = evalNumber(n.right, values, attrs);
      if (b === null) return null;
      switch (n.op) {
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
        case '==':
          return a === b;
        case '!=':
          return a !== b;
      }
      break;
    }
    case 'and': {
      const a = evalBoolean(n.left, values, attrs);
      if (a === false) return false;
      const b = evalBoolean(n.right, values, attrs);
      if (b === false) return false;
      return a === null || b === null ? null : true;
    }
    case 'or': {
      const a = evalBoolean(n.left, values, attrs);
      if (a === true) return true;
      const b = evalBoolean(n.right, values, attrs);
      if (b === true) return true;
      return a === null || b === null ? null : false;
    }
    case 'not': {
      const a = evalBoolean(n.arg, values, attrs);
      return a === null ? null : !a;
    }
    default:
      throw new Error(`internal: ${n.kind} is not a condition`);
  }
}

/** Evaluate a type-checked AST: a number (or null) for a numeric node, a boolean (or null) for a condition. */
export function evaluateNode(n: ExpressionNode, values: ExpressionValues, attributes: ExpressionAttributes): number | boolean | null {
  switch (n.kind) {
    case 'compare':
    case 'and':
    case 'or':
    case 'not':
      return evalBoolean(n, values, attributes);
    default:
      return evalNumber(n, values, attributes);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Compiled form

interface CompiledBase {
  readonly source: string;
  /** Metric ids the expression reads, in first-use order. */
  readonly inputs: readonly string[];
  /** Attribute names (`attr.NAME`) the expression reads. */
  readonly attributes: readonly string[];
  readonly ast: ExpressionNode;
}
export interface CompiledNumberExpression extends CompiledBase {
  readonly expect: 'number';
  /** The value, or null when missing (a missing input, a division by zero, a result that is not finite). */
  evaluate(values: ExpressionValues, attributes: ExpressionAttributes): number | null;
}
export interface CompiledConditionExpression extends CompiledBase {
  readonly expect: 'boolean';
  /** true, false, or null when it cannot be decided (three-valued). */
  evaluate(values: ExpressionValues, attributes: ExpressionAttributes): boolean | null;
}
export type CompiledExpression = CompiledNumberExpression | CompiledConditionExpression;

export interface CompileOptions<E extends 'number' | 'boolean'> {
  /** The metric ids the expression may read. */
  names: ReadonlySet<string>;
  expect: E;
}

/** Parse, type-check and compile once; throws ExpressionError (with a 0-based column) on any problem. */
export function compileExpression(src: string, opts: CompileOptions<'number'>): CompiledNumberExpression;
export function compileExpression(src: string, opts: CompileOptions<'boolean'>): CompiledConditionExpression;
export function compileExpression(src: string, opts: CompileOptions<'number' | 'boolean'>): CompiledExpression;
export function compileExpression(src: string, opts: CompileOptions<'number' | 'boolean'>): CompiledExpression {
  const parsed = parseExpression(src, opts.names);
  if (parsed.type !== opts.expect) {
    const got = describe({ node: parsed.node, type: parsed.type, col: 0 });
    throw new ExpressionError(`expected ${opts.expect === 'number' ? 'a number' : 'a condition (a comparison)'}, got ${got}`, 0);
  }
  const base = { source: src, inputs: parsed.metrics, attributes: parsed.attributes, ast: parsed.node };
  const node = parsed.node;
  if (opts.expect === 'number') {
    return { ...base, expect: 'number', evaluate: (values, attributes) => evalNumber(node, values, attributes) };
  }
  return { ...base, expect: 'boolean', evaluate: (values, attributes) => evalBoolean(node, values, attributes) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Printing (fully parenthesised: parse(print(ast)) has the same value as ast)

/** Source text for an AST; re-parsing it gives an equivalent expression. */
export function printExpression(n: ExpressionNode): string {
  switch (n.kind) {
    case 'number':
      return n.value < 0 || Object.is(n.value, -0) ? `(-${String(-n.value)})` : String(n.value);
    case 'metric':
      return n.name;
    case 'attr':
      return `attr.${n.name}`;
    case 'negate':
      return `(-${printExpression(n.arg)})`;
    case 'arithmetic':
    case 'compare':
      return `(${printExpression(n.left)} ${n.op} ${printExpression(n.right)})`;
    case 'and':
    case 'or':
      return `(${printExpression(n.left)} ${n.kind} ${printExpression(n.right)})`;
    case 'not':
      return `(not ${printExpression(n.arg)})`;
    case 'call':
      return `${n.fn}(${n.args.map(printExpression).join(', ')})`;
  }
}
