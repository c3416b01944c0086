// The one place caller values become query text: KQL literals and names, OData literals, URL path
// segments and SQL. Every builder of KQL, OData, URLs or SQL from caller input goes through here.
import { ToolError } from '../util/errors.js';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

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
  return `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** A KQL datetime literal from a Date. */
export function kqlDatetime(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new ToolError('INVALID_ARGUMENT', 'Invalid date');
  return `datetime(${value.toISOString()})`;
}

/** An OData string literal: '...' with ' doubled. */
export function odataString(value: string): string {
  if (CONTROL.test(value)) {
    throw new ToolError('INVALID_ARGUMENT', 'Filter values may not contain control characters');
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** One URL path segment, validated as a resource name and percent-encoded. */
export function pathSegment(value: string, what = 'name'): string {
  if (value.length === 0 || value.length > 260 || CONTROL.test(value) || value === '.' || value === '..') {
    throw new ToolError('INVALID_ARGUMENT', `"${printable(value)}" is not a valid ${what}`, {
      hint: `A ${what} is 1-260 characters with no control characters.`,
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
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
