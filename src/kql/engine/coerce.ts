// Conversions between KQL types in SQL (tostring semantics, dynamic unwrapping, JSON packing).
import type { KqlType } from '../types.js';
import { type Sql, duckType, isNumeric } from './sql.js';

/** A plain (optionally qualified) column reference. */
export function isColumnRef(sql: string): boolean {
  return /^(?:"(?:[^"]|"")*"\.)?"(?:[^"]|"")*"$/.test(sql);
}

/** tostring(): never null, KQL's text for each type. */
export function toStringSql(value: Sql): string {
  const x = value.sql;
  switch (value.type) {
    case 'string':
      // String columns never hold NULL (loading and every stage store '' instead).
      return isColumnRef(x) ? x : `coalesce(${x}, '')`;
    case 'bool':
      return `coalesce(CASE WHEN ${x} THEN 'true' WHEN NOT ${x} THEN 'false' END, '')`;
    case 'int':
    case 'long':
    case 'guid':
      return `coalesce(CAST(${x} AS VARCHAR), '')`;
    case 'real':
    case 'decimal':
      return `coalesce(kql_real_str(${x}), '')`;
    case 'datetime':
      return `coalesce(kql_dt_str(${x}), '')`;
    case 'timespan':
      return `coalesce(kql_ts_str(${x}), '')`;
    case 'dynamic':
      return `kql_dyn_str(${x})`;
  }
}

/** A value as JSON (for dynamic arrays and bags): datetimes and timespans become KQL text. */
export function toJsonSql(value: Sql): string {
  const x = value.sql;
  switch (value.type) {
    case 'dynamic':
      return x;
    case 'datetime':
      return `to_json(kql_dt_str(${x}))`;
    case 'timespan':
      return `to_json(kql_ts_str(${x}))`;
    case 'real':
    case 'decimal':
      return `CASE WHEN isnan(${x}) OR isinf(${x}) THEN to_json(kql_real_str(${x})) ELSE to_json(${x}) END`;
    default:
      return `to_json(${x})`;
  }
}

/** A dynamic value converted to a scalar type (null when it does not convert). */
export function fromDynamic(x: string, to: KqlType): string {
  switch (to) {
    case 'dynamic':
      return x;
    case 'string':
      return `kql_dyn_str(${x})`;
    case 'int':
      return `CAST(kql_dyn_long(${x}) AS INTEGER)`;
    case 'long':
      return `kql_dyn_long(${x})`;
    case 'real':
    case 'decimal':
      return `kql_dyn_real(${x})`;
    case 'bool':
      return `kql_dyn_bool(${x})`;
    case 'datetime':
      return `kql_str_dt(json_extract_string(${x}, '$'))`;
    case 'timespan':
      return `CASE WHEN json_type(${x}) = 'VARCHAR' THEN kql_str_ts(json_extract_string(${x}, '$')) ELSE kql_dyn_long(${x}) END`;
    case 'guid':
      return `lower(json_extract_string(${x}, '$'))`;
  }
}

/** Converts a value to another KQL type the way KQL's implicit promotions do. */
export function coerce(value: Sql, to: KqlType): string {
  const from = value.type;
  if (from === to) return value.sql;
  if (from === 'dynamic') return fromDynamic(value.sql, to);
  if (to === 'dynamic') return toJsonSql(value);
  if (to === 'string') return toStringSql(value);
  if (isNumeric(from) && isNumeric(to)) {
    if ((to === 'long' || to === 'int') && (from === 'real' || from === 'decimal')) {
      return `CAST(trunc(${value.sql}) AS ${duckType(to)})`;
    }
    return `CAST(${value.sql} AS ${duckType(to)})`;
  }
  if (from === 'string') return fromString(value.sql, to);
  if (from === 'timespan' && isNumeric(to)) return `CAST(${value.sql} AS ${duckType(to)})`;
  if (isNumeric(from) && to === 'timespan') return `CAST(${value.sql} AS BIGINT)`;
  if (from === 'bool' && isNumeric(to)) return `CAST(${value.sql} AS ${duckType(to)})`;
  return `CAST(${value.sql} AS ${duckType(to)})`;
}

/** String text parsed as another type (todatetime, tolong, ...), null when it does not parse. */
export function fromString(x: string, to: KqlType): string {
  switch (to) {
    case 'string':
      return x;
    case 'int':
      return `TRY_CAST(kql_str_long(${x}) AS INTEGER)`;
    case 'long':
      return `kql_str_long(${x})`;
    case 'real':
    case 'decimal':
      return `kql_str_real(${x})`;
    case 'bool':
      return `kql_str_bool(${x})`;
    case 'datetime':
      return `kql_str_dt(${x})`;
    case 'timespan':
      return `kql_str_ts(${x})`;
    case 'guid':
      return `CASE WHEN regexp_full_match(trim(${x}), '[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}') THEN lower(CAST(TRY_CAST(trim(${x}) AS UUID) AS VARCHAR)) END`;
    case 'dynamic':
      return `kql_parse_json(${x})`;
  }
}
