// Literal expressions: the token text is parsed here (Kusto.Language's JS values lose precision).
import type { Context } from './context.js';
import { type Sql, bigintLiteral, nullOf, quoteString, realLiteral } from './sql.js';
import { parseDatetimeText, parseTimespanText, timestampSql } from './values.js';
import { kindOf, nodeText } from './kinds.js';
import { dynamicLiteralJson } from './dynamic-literal.js';

function innerText(node: Kusto.Language.Syntax.Expression): string {
  const text = nodeText(node);
  const wrapped = /^[a-z_0-9]+\s*\(([\s\S]*)\)$/i.exec(text);
  return (wrapped ? (wrapped[1] ?? '') : text).trim();
}

function isNullText(text: string): boolean {
  return text.toLowerCase() === 'null';
}

function integerLiteral(ctx: Context, node: Kusto.Language.Syntax.Expression, type: 'int' | 'long'): Sql {
  const text = innerText(node);
  if (isNullText(text)) return { sql: nullOf(type), type };
  let value: bigint;
  try {
    value = BigInt(text.replace(/^\+/, ''));
  } catch {
    return ctx.unsupported(node, `the literal ${text}`);
  }
  return { sql: type === 'int' ? `CAST(${value} AS INTEGER)` : bigintLiteral(value), type };
}

function realValue(text: string): number | null {
  const t = text.toLowerCase();
  if (t === 'nan') return NaN;
  if (t === '+inf' || t === 'inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const n = Number(t);
  return Number.isNaN(n) ? null : n;
}

function realLiteralSql(ctx: Context, node: Kusto.Language.Syntax.Expression): Sql {
  const text = innerText(node);
  if (isNullText(text)) return { sql: nullOf('real'), type: 'real' };
  const value = realValue(text);
  if (value === null) return ctx.unsupported(node, `the literal ${text}`);
  return { sql: realLiteral(value), type: 'real' };
}

function datetimeLiteral(ctx: Context, node: Kusto.Language.Syntax.Expression): Sql {
  const text = innerText(node).replace(/^(['"])(.*)\1$/s, '$2');
  if (isNullText(text)) return { sql: nullOf('datetime'), type: 'datetime' };
  const ns = parseDatetimeText(text);
  if (ns === null) return ctx.unsupported(node, `the datetime literal ${text}`);
  checkRange(ctx, node, ns);
  return { sql: timestampSql(ns), type: 'datetime' };
}

const MIN_NS = -9_223_372_036_000_000_000n;
const MAX_NS = 9_223_372_036_000_000_000n;

/** TIMESTAMP_NS covers 1677-09-21 to 2262-04-11. */
export function checkRange(ctx: Context, node: Kusto.Language.Syntax.SyntaxNode, ns: bigint): void {
  if (ns < MIN_NS || ns > MAX_NS) ctx.unsupported(node, 'a datetime outside 1678-2261');
}

function timespanLiteral(ctx: Context, node: Kusto.Language.Syntax.Expression): Sql {
  const text = nodeText(node);
  if (/\(\s*null\s*\)$/i.test(text)) return { sql: nullOf('timespan'), type: 'timespan' };
  const ticks = parseTimespanText(text);
  if (ticks === null) return ctx.unsupported(node, `the timespan literal ${text}`);
  return { sql: bigintLiteral(ticks), type: 'timespan' };
}

function stringValue(node: Kusto.Language.Syntax.Expression): string {
  const value: unknown = node.LiteralValue ?? node.ConstantValue;
  return typeof value === 'string' ? value : '';
}

function boolLiteral(node: Kusto.Language.Syntax.Expression): Sql {
  const text = innerText(node).toLowerCase();
  if (text === 'null') return { sql: nullOf('bool'), type: 'bool' };
  return { sql: text === 'true' ? 'true' : 'false', type: 'bool' };
}

function guidLiteral(node: Kusto.Language.Syntax.Expression): Sql {
  const text = innerText(node);
  if (isNullText(text)) return { sql: nullOf('guid'), type: 'guid' };
  return { sql: quoteString(text.toLowerCase()), type: 'guid' };
}

export function dynamicLiteral(ctx: Context, node: Kusto.Language.Syntax.Expression): Sql {
  const text = innerText(node);
  if (isNullText(text)) return { sql: nullOf('dynamic'), type: 'dynamic' };
  const json = dynamicLiteralJson(text);
  if (json === undefined) return ctx.unsupported(node, 'this dynamic literal');
  return { sql: `CAST(${quoteString(json)} AS JSON)`, type: 'dynamic' };
}

/** The SQL for a literal expression, or undefined when the node is not a literal. */
export function literal(ctx: Context, node: Kusto.Language.Syntax.Expression): Sql | undefined {
  switch (kindOf(node)) {
    case 'BooleanLiteralExpression':
      return boolLiteral(node);
    case 'IntLiteralExpression':
      return integerLiteral(ctx, node, 'int');
    case 'LongLiteralExpression':
      return integerLiteral(ctx, node, 'long');
    case 'RealLiteralExpression':
    case 'DecimalLiteralExpression':
      return realLiteralSql(ctx, node);
    case 'DateTimeLiteralExpression':
      return datetimeLiteral(ctx, node);
    case 'TimespanLiteralExpression':
      return timespanLiteral(ctx, node);
    case 'GuidLiteralExpression':
      return guidLiteral(node);
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression':
      return { sql: quoteString(stringValue(node)), type: 'string' };
    case 'DynamicExpression':
      return dynamicLiteral(ctx, node);
    case 'NullLiteralExpression':
      return { sql: nullOf('dynamic'), type: 'dynamic' };
    default:
      return undefined;
  }
}
