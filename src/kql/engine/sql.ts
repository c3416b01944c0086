// SQL text helpers: quoting, literals and the DuckDB type that stores each KQL type.
import type { KqlType } from '../types.js';

/** A SQL expression with the KQL type of its value. */
export interface Sql {
  sql: string;
  type: KqlType;
}

/** `"name"`: every table, column and CTE name is quoted (DuckDB reserves `first`, `last`...). */
export { sqlName as quoteIdent, sqlString as quoteString } from '../quote.js';

/**
 * How each KQL type is stored. datetime keeps KQL's sub-microsecond precision in TIMESTAMP_NS;
 * timespan is a BIGINT count of 100 ns ticks, as in KQL, so arithmetic, sums and comparisons are
 * plain integer operations; dynamic is DuckDB JSON; guid is lowercase text.
 */
export function duckType(type: KqlType): string {
  switch (type) {
    case 'bool':
      return 'BOOLEAN';
    case 'int':
      return 'INTEGER';
    case 'long':
    case 'timespan':
      return 'BIGINT';
    case 'real':
    case 'decimal':
      return 'DOUBLE';
    case 'datetime':
      return 'TIMESTAMP_NS';
    case 'dynamic':
      return 'JSON';
    case 'guid':
    case 'string':
      return 'VARCHAR';
  }
}

export function nullOf(type: KqlType): string {
  return type === 'string' ? "''" : `CAST(NULL AS ${duckType(type)})`;
}

export function isNumeric(type: KqlType): boolean {
  return type === 'int' || type === 'long' || type === 'real' || type === 'decimal';
}

export function isIntegral(type: KqlType): boolean {
  return type === 'int' || type === 'long';
}

/** A BIGINT literal that DuckDB will not narrow to INTEGER. */
export function bigintLiteral(value: bigint | number): string {
  return `CAST(${value.toString()} AS BIGINT)`;
}

export function realLiteral(value: number): string {
  if (Number.isNaN(value)) return "CAST('NaN' AS DOUBLE)";
  if (value === Infinity) return "CAST('Infinity' AS DOUBLE)";
  if (value === -Infinity) return "CAST('-Infinity' AS DOUBLE)";
  const text = String(value);
  return `CAST(${text} AS DOUBLE)`;
}

/** Escapes a literal for use inside an RE2 regular expression. */
export function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
