// Turns the primitive values the final SELECT produces into result cells (DESIGN §5).
import type { Cell } from '../../backends/backend.js';
import type { KqlType } from '../types.js';
import { formatDatetime, formatTimespan } from './values.js';
import { duckType } from './sql.js';

/**
 * The final SELECT expression for a column: datetime as epoch ns, dynamic as JSON text, the rest
 * as stored (timespan ticks are already a BIGINT).
 */
export function outputExpression(ref: string, type: KqlType): string {
  switch (type) {
    case 'datetime':
      return `epoch_ns(${ref})`;
    case 'dynamic':
      return `CAST(${ref} AS VARCHAR)`;
    case 'string':
      return ref;
    default:
      return `CAST(${ref} AS ${duckType(type)})`;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function longCell(value: bigint): Cell {
  return value > MAX_SAFE || value < -MAX_SAFE ? value.toString() : Number(value);
}

function realCell(value: number): Cell {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

function toBigint(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  return undefined;
}

function parseJson(text: string): Cell {
  try {
    return JSON.parse(text) as Cell;
  } catch {
    return text;
  }
}

/** One cell from the value DuckDB returned for a column of the given KQL type. */
export function toCell(value: unknown, type: KqlType): Cell {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
    case 'guid':
      return String(value);
    case 'bool':
      return Boolean(value);
    case 'int':
    case 'long': {
      const big = toBigint(value);
      return big === undefined ? null : longCell(big);
    }
    case 'real':
    case 'decimal':
      return realCell(Number(value));
    case 'datetime': {
      const ns = toBigint(value);
      return ns === undefined ? null : formatDatetime(ns);
    }
    case 'timespan': {
      const ticks = toBigint(value);
      return ticks === undefined ? null : formatTimespan(ticks);
    }
    case 'dynamic':
      return typeof value === 'string' ? parseJson(value) : null;
  }
}
