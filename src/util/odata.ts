// OData `$filter` / `$orderby` as data: tools build a filter tree from validated parameters, the Azure
// backend serializes it (values quoted by kql/quote.ts's odataString), the local backend evaluates the
// tree over raw ARM JSON, and the fake parses the wire text back with the strict parser below. A
// caller's value can only ever be a literal: serialize-then-parse gives back the same tree.
import { odataString } from '../kql/quote.js';
import { ToolError } from './errors.js';

export type ODataValue = string | number | boolean | null | Date;

export type ODataComparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type ODataStringFunction = 'contains' | 'startswith' | 'endswith';

export type ODataFilter =
  | { op: 'and' | 'or'; args: ODataFilter[] }
  | { op: 'not'; arg: ODataFilter }
  | { op: ODataComparison; path: string; value: ODataValue }
  | { op: ODataStringFunction; path: string; value: string };

export interface ODataOrderBy {
  path: string;
  direction: 'asc' | 'desc';
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const COMPARISONS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith']);
/** Words the grammar gives a meaning: a path that is one of them would not parse back as a path. */
const RESERVED: ReadonlySet<string> = new Set([
  ...COMPARISONS,
  ...FUNCTIONS,
  'and',
  'or',
  'not',
  'true',
  'false',
  'null',
]);
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function isPath(text: string): boolean {
  return PATH.test(text) && !RESERVED.has(text);
}

function checkPath(path: string): string {
  if (!isPath(path)) throw new ToolError('INVALID_ARGUMENT', `"${path}" is not an OData property path`);
  return path;
}

function literal(value: ODataValue): string {
  if (value === null) return 'null';
  if (value instanceof Date) {
    const year = value.getUTCFullYear();
    if (Number.isNaN(value.getTime()) || year < 0 || year > 9999)
      throw new ToolError('INVALID_ARGUMENT', 'Invalid date in a filter (years 0000-9999)');
    return value.toISOString();
  }
  if (typeof value === 'string') return odataString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ToolError('INVALID_ARGUMENT', 'Filter numbers must be finite');
    return String(value);
  }
  return value ? 'true' : 'false';
}

/** The `$filter` text of a tree. */
export function serializeFilter(filter: ODataFilter): string {
  switch (filter.op) {
    case 'and':
    case 'or':
      if (filter.args.length === 0)
        throw new ToolError('INVALID_ARGUMENT', `Empty "${filter.op}" in a filter`);
      return filter.args.map((a) => `(${serializeFilter(a)})`).join(` ${filter.op} `);
    case 'not':
      return `not (${serializeFilter(filter.arg)})`;
    case 'contains':
    case 'startswith':
    case 'endswith':
      return `${filter.op}(${checkPath(filter.path)},${literal(filter.value)})`;
    default:
      return `${checkPath(filter.path)} ${filter.op} ${literal(filter.value)}`;
  }
}

export function serializeOrderBy(order: ODataOrderBy): string {
  return `${checkPath(order.path)} ${order.direction}`;
}

/** An AND of the given parts, or undefined when there are none. */
export function allOf(parts: (ODataFilter | undefined)[]): ODataFilter | undefined {
  const present = parts.filter((p): p is ODataFilter => p !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : { op: 'and', args: present };
}

export function anyOf(parts: ODataFilter[]): ODataFilter | undefined {
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { op: 'or', args: parts };
}

// ---- Parsing (the fake's side, and tests) ----

export class ODataSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'ODataSyntaxError';
  }
}

type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'datetime'; value: Date; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ','; pos: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i++;
    } else if (c === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ODataSyntaxError('Unterminated string literal', start);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', value, pos: start });
    } else {
      const m = /^[A-Za-z0-9_.:+\-/]+/.exec(text.slice(i));
      if (!m) throw new ODataSyntaxError(`Unexpected character "${c}"`, i);
      const word = m[0];
      if (DATETIME.test(word)) {
        const value = new Date(word);
        if (Number.isNaN(value.getTime())) throw new ODataSyntaxError(`Invalid date "${word}"`, i);
        tokens.push({ kind: 'datetime', value, pos: i });
      } else if (NUMBER.test(word)) {
        const value = Number(word);
        if (!Number.isFinite(value)) throw new ODataSyntaxError(`Number out of range "${word}"`, i);
        tokens.push({ kind: 'number', value, pos: i });
      } else tokens.push({ kind: 'word', text: word, pos: i });
      i += word.length;
    }
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(what: string): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new ODataSyntaxError(`Expected ${what}, found the end`, this.length);
    return token;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.text === text;
  }

  private expectPunct(text: '(' | ')' | ','): void {
    const t = this.next(`"${text}"`);
    if (t.kind !== 'punct' || t.text !== text) throw new ODataSyntaxError(`Expected "${text}"`, t.pos);
  }

  parse(): ODataFilter {
    const filter = this.or();
    const rest = this.peek();
    if (rest) throw new ODataSyntaxError('Unexpected text after the filter', rest.pos);
    return filter;
  }

  private or(): ODataFilter {
    const args = [this.and()];
    while (this.isWord('or')) {
      this.index++;
      args.push(this.and());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }

  private and(): ODataFilter {
    const args = [this.unary()];
    while (this.isWord('and')) {
      this.index++;
      args.push(this.unary());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }

  private unary(): ODataFilter {
    if (this.isWord('not')) {
      this.index++;
      return { op: 'not', arg: this.unary() };
    }
    const t = this.peek();
    if (t?.kind === 'punct' && t.text === '(') {
      this.index++;
      const inner = this.or();
      this.expectPunct(')');
      return inner;
    }
    return this.predicate();
  }

  private path(): string {
    const t = this.next('a property path');
    if (t.kind !== 'word' || !isPath(t.text)) throw new ODataSyntaxError('Expected a property path', t.pos);
    return t.text;
  }

  private value(): ODataValue {
    const t = this.next('a value');
    switch (t.kind) {
      case 'string':
      case 'number':
      case 'datetime':
        return t.value;
      case 'word':
        if (t.text === 'true') return true;
        if (t.text === 'false') return false;
        if (t.text === 'null') return null;
        throw new ODataSyntaxError(`"${t.text}" is not a literal`, t.pos);
      default:
        throw new ODataSyntaxError('Expected a value', t.pos);
    }
  }

  private predicate(): ODataFilter {
    const t = this.next('a predicate');
    if (t.kind === 'word' && FUNCTIONS.has(t.text)) {
      this.expectPunct('(');
      const path = this.path();
      this.expectPunct(',');
      const v = this.next('a string');
      if (v.kind !== 'string') throw new ODataSyntaxError(`${t.text}() takes a string`, v.pos);
      this.expectPunct(')');
      return { op: t.text as ODataStringFunction, path, value: v.value };
    }
    this.index--;
    const path = this.path();
    const op = this.next('a comparison');
    if (op.kind !== 'word' || !COMPARISONS.has(op.text)) {
      throw new ODataSyntaxError('Expected eq, ne, gt, ge, lt or le', op.pos);
    }
    return { op: op.text as ODataComparison, path, value: this.value() };
  }
}

/** Parses `$filter` text in the subset serializeFilter writes; anything else is an ODataSyntaxError. */
export function parseFilter(text: string): ODataFilter {
  return new Parser(tokenize(text), text.length).parse();
}

/** Parses `$orderby` (`path asc|desc`, one key). */
export function parseOrderBy(text: string): ODataOrderBy {
  const m = /^([^ ]+)(?: (asc|desc))?$/.exec(text.trim());
  if (!m || !isPath(m[1]!)) throw new ODataSyntaxError('Expected "path [asc|desc]"', 0);
  return { path: m[1]!, direction: (m[2] as 'asc' | 'desc' | undefined) ?? 'asc' };
}

// ---- Evaluation (the local backend and the fake) ----

/** The value at a slash path in a JSON object (`properties/owner/assignedTo`). */
export function valueAt(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const key of path.split('/')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function comparable(value: unknown): string | number | boolean | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && DATETIME.test(value)) return Date.parse(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

function compare(op: ODataComparison, actual: unknown, expected: ODataValue): boolean {
  const a = comparable(actual);
  const b = comparable(expected);
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a === null || b === null || typeof a !== typeof b) return false;
  switch (op) {
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    default:
      return a <= b;
  }
}

/** Whether a raw ARM object passes the filter. String functions ignore case, as Sentinel's do. */
export function matchesFilter(filter: ODataFilter, object: unknown): boolean {
  switch (filter.op) {
    case 'and':
      return filter.args.every((a) => matchesFilter(a, object));
    case 'or':
      return filter.args.some((a) => matchesFilter(a, object));
    case 'not':
      return !matchesFilter(filter.arg, object);
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const actual = valueAt(object, filter.path);
      if (typeof actual !== 'string') return false;
      const a = actual.toLowerCase();
      const v = filter.value.toLowerCase();
      return filter.op === 'contains'
        ? a.includes(v)
        : filter.op === 'startswith'
          ? a.startsWith(v)
          : a.endsWith(v);
    }
    default:
      return compare(filter.op, valueAt(object, filter.path), filter.value);
  }
}

/** Sorts a copy by one key; missing values last whatever the direction. */
export function sortByOrder<T>(items: readonly T[], order: ODataOrderBy): T[] {
  const sign = order.direction === 'desc' ? -1 : 1;
  return [...items].sort((x, y) => {
    const a = comparable(valueAt(x, order.path));
    const b = comparable(valueAt(y, order.path));
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (a === b) return 0;
    return (a < b ? -1 : 1) * sign;
  });
}
