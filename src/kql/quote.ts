// The one place caller values become query text: KQL literals and names, OData literals, URL path
// segments and SQL. Every builder of KQL, OData, URLs or SQL from caller input goes through here.
import type { Cell } from '../backends/backend.js';
import { ToolError } from '../util/errors.js';
import type { KqlType } from './types.js';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A UTF-16 surrogate without its pair: no URL or UTF-8 encoder accepts it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A KQL string literal: "..." with backslash escapes; no caller text can close it early. */
export function kqlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default: {
        const code = ch.codePointAt(0) ?? 0;
        out += code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
      }
    }
  }
  return `${out}"`;
}

const KQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A KQL entity name (table, column): bare when it is an identifier, otherwise ['...']. */
export function kqlName(name: string): string {
  if (name.length === 0 || name.length > 1024 || CONTROL.test(name) || /[\r\n]/.test(name)) {
    throw new ToolError('INVALID_ARGUMENT', `"${printable(name)}" is not a valid name`, {
      hint: 'Names are 1-1024 characters with no control characters or line breaks.',
    });
  }
  if (KQL_IDENTIFIER.test(name)) return name;
  return kqlBracketedName(name);
}

/** `['name']`, the bracketed form that is valid for any name, keywords (`first`, `last`) included. */
export function kqlBracketedName(name: string): string {
  return `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** A KQL datetime literal from a Date. */
export function kqlDatetime(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new ToolError('INVALID_ARGUMENT', 'Invalid date');
  return `datetime(${value.toISOString()})`;
}

/** An OData string literal: '...' with ' doubled. */
export function odataString(value: string): string {
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) {
    throw new ToolError(
      'INVALID_ARGUMENT',
      'Filter values may not contain control characters or unpaired surrogates',
    );
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** One URL path segment, validated as a resource name and percent-encoded. */
export function pathSegment(value: string, what = 'name'): string {
  if (
    value.length === 0 ||
    value.length > 260 ||
    CONTROL.test(value) ||
    LONE_SURROGATE.test(value) ||
    value === '.' ||
    value === '..'
  ) {
    throw new ToolError('INVALID_ARGUMENT', `"${printable(value)}" is not a valid ${what}`, {
      hint: `A ${what} is 1-260 characters with no control characters or unpaired surrogates.`,
    });
  }
  if (/[/\\?#%]/.test(value)) {
    throw new ToolError(
      'INVALID_ARGUMENT',
      `"${printable(value)}" is not a valid ${what}: it contains / \\ ? # or %`,
    );
  }
  return encodeURIComponent(value);
}

/** A SQL identifier: always double-quoted ("first" and "last" are reserved in DuckDB). */
export function sqlName(name: string): string {
  if (name.includes('\u0000')) throw new ToolError('INVALID_ARGUMENT', 'Names may not contain NUL');
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal: '...' with ' doubled. */
export function sqlString(value: string): string {
  if (value.includes('\u0000')) throw new ToolError('INVALID_ARGUMENT', 'Values may not contain NUL');
  return `'${value.replace(/'/g, "''")}'`;
}

function printable(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return shown.replace(
    new RegExp(`[\\u0000-\\u001f\\u007f]|${LONE_SURROGATE.source}`, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Typed KQL literals (datatable rows sent to a real workspace, constants in generated queries)
// ---------------------------------------------------------------------------------------------

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?Z?$/;
const KQL_TIMESPAN = /^-?(?:\d{1,8}\.)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function literalError(value: unknown, type: string): ToolError {
  const shown = printable(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
  return new ToolError('INVALID_ARGUMENT', `${shown} is not a valid ${type} value`);
}

/** A real number as KQL writes it: `1.5`, `1e21`, `real(nan)`, `real(+inf)`. */
function realText(value: number): string {
  if (Number.isNaN(value)) return 'real(nan)';
  if (value === Infinity) return 'real(+inf)';
  if (value === -Infinity) return 'real(-inf)';
  return String(value).replace('e+', 'e');
}

function integerText(value: Cell, type: 'int' | 'long'): string {
  let big: bigint;
  if (typeof value === 'number' && Number.isInteger(value)) big = BigInt(value);
  else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value.trim())) big = BigInt(value.trim());
  else throw literalError(value, type);
  const [min, max] = type === 'int' ? [-(2n ** 31n), 2n ** 31n - 1n] : [INT64_MIN, INT64_MAX];
  if (big < min || big > max) throw literalError(value, type);
  return `${type}(${big.toString()})`;
}

function datetimeText(value: Cell): string {
  if (typeof value !== 'string') throw literalError(value, 'datetime');
  let text = value.trim();
  if (!ISO_DATETIME.test(text)) {
    // Offsets and other ISO forms: normalised to UTC (millisecond precision) when they parse.
    const ms = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(ms)) throw literalError(value, 'datetime');
    text = new Date(ms).toISOString();
  }
  return `datetime(${text})`;
}

/** The body of a dynamic literal: JSON-like, every string (keys too) a kqlString literal. */
function dynamicBody(value: Cell, depth: number): string {
  if (depth > 64) throw new ToolError('INVALID_ARGUMENT', 'dynamic values may nest at most 64 levels');
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw literalError(value, 'dynamic');
    return realText(value);
  }
  if (typeof value === 'string') return kqlString(value);
  if (Array.isArray(value)) return `[${value.map((v) => dynamicBody(v, depth + 1)).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${kqlString(k)}: ${dynamicBody(v, depth + 1)}`)
    .join(', ')}}`;
}

/** A `dynamic(...)` literal for a JSON value; strings inside are KQL string literals, so none can end it early. */
export function kqlDynamic(value: Cell): string {
  return `dynamic(${dynamicBody(value, 0)})`;
}

/**
 * A KQL literal of the given type for a value as DESIGN §5 represents it (long beyond 2^53 as a
 * string, datetime as ISO 8601, dynamic as JSON). Nulls are typed (`long(null)`); a string is never
 * null in KQL, so null is `""`. Anything that is not a valid value of the type is INVALID_ARGUMENT.
 */
export function kqlLiteral(value: Cell, type: KqlType): string {
  if (value === null) return type === 'string' ? '""' : `${type}(null)`;
  switch (type) {
    case 'string':
      return kqlString(typeof value === 'string' ? value : JSON.stringify(value));
    case 'bool':
      if (typeof value !== 'boolean') throw literalError(value, 'bool');
      return value ? 'true' : 'false';
    case 'int':
    case 'long':
      return integerText(value, type);
    case 'real': {
      const n = numberOf(value, type);
      return Number.isFinite(n) ? `real(${realText(n)})` : realText(n);
    }
    case 'decimal': {
      const n = numberOf(value, type);
      if (!Number.isFinite(n)) throw literalError(value, type);
      return `decimal(${realText(n)})`;
    }
    case 'datetime':
      return datetimeText(value);
    case 'timespan':
      if (typeof value !== 'string' || !KQL_TIMESPAN.test(value.trim())) {
        throw literalError(value, 'timespan');
      }
      return `timespan(${value.trim()})`;
    case 'guid':
      if (typeof value !== 'string' || !GUID.test(value.trim())) throw literalError(value, 'guid');
      return `guid(${value.trim()})`;
    case 'dynamic':
      return kqlDynamic(value);
  }
}

function numberOf(value: Cell, type: string): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') throw literalError(value, type);
  const t = value.trim();
  if (t === 'NaN') return NaN;
  if (t === 'Infinity' || t === '+Infinity') return Infinity;
  if (t === '-Infinity') return -Infinity;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw literalError(value, type);
  return Number(t);
}
