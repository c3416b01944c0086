// Caller-supplied tables (sentinel_logs_search_with_dummy_data) sent to a real workspace: each
// becomes `let Name = datatable(Col:type, ...)[ ... ];` before the query, every value a typed KQL
// literal from kql/quote.ts, so no value can end its literal and change the query.
import { codeOnly } from '../../kql/guard.js';
import { kqlLiteral, kqlName } from '../../kql/quote.js';
import { ToolError } from '../../util/errors.js';
import type { InlineTable } from '../backend.js';

/** Query text beyond this is refused before sending (the service's own cap is not published; this stays well under typical request limits). */
export const MAX_INLINE_QUERY_CHARS = 2_000_000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `let Name = datatable(...)[...];` for one table, one row per line. */
export function datatableStatement(table: InlineTable): string {
  if (!IDENTIFIER.test(table.name)) {
    throw new ToolError('INVALID_ARGUMENT', `"${table.name}" is not a valid table name`, {
      hint: 'Use letters, digits and _.',
    });
  }
  if (table.columns.length === 0)
    throw new ToolError('INVALID_ARGUMENT', `Table ${table.name} has no columns`);
  const schema = table.columns.map((c) => `${kqlName(c.name)}:${c.type}`).join(', ');
  const rows = table.rows.map((row, r) => {
    if (row.length !== table.columns.length) {
      throw new ToolError(
        'INVALID_ARGUMENT',
        `Row ${r + 1} of ${table.name} has ${row.length} values; the table has ${table.columns.length} columns`,
      );
    }
    return `  ${row.map((cell, i) => kqlLiteral(cell, table.columns[i]!.type)).join(', ')}`;
  });
  const body = rows.length ? `\n${rows.join(',\n')}\n` : '';
  return `let ${table.name} = datatable(${schema})[${body}];`;
}

/**
 * The query with the tables defined in front of it. Leading `set` statements stay first (KQL
 * requires them before anything else).
 */
export function withInlineTables(query: string, tables: readonly InlineTable[] | undefined): string {
  if (!tables || tables.length === 0) return query;
  const code = codeOnly(query);
  let split = 0;
  const setStatement = /^\s*set\s+[^;]*;/i;
  for (let m = setStatement.exec(code.slice(split)); m; m = setStatement.exec(code.slice(split))) {
    split += m[0].length;
  }
  const prefix = tables.map(datatableStatement).join('\n');
  const head = query.slice(0, split);
  const text = `${head}${head ? '\n' : ''}${prefix}\n${query.slice(split).replace(/^\s*\n/, '')}`;
  if (text.length > MAX_INLINE_QUERY_CHARS) {
    throw new ToolError(
      'INVALID_ARGUMENT',
      `The rows make a query of ${text.length} characters; the Azure backend sends at most ${MAX_INLINE_QUERY_CHARS}`,
      { hint: 'Pass fewer rows or columns (a few hundred rows are enough to test a detection).' },
    );
  }
  return text;
}
