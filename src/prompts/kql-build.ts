// sentinel_kql_build: an advanced query builder. The model checks the schemas, writes the query,
// validates it with sentinel_query_validate BEFORE running it, iterates on the diagnostics, runs it,
// and tests it on sample rows when the workspace has no matching data.
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import {
  COMMON_WINDOWS,
  optionalToken,
  parseTableList,
  parseWindow,
  requiredText,
  resolveTables,
  tableLines,
  TableSet,
} from './args.js';
import { fixedValues, tableListCompleter } from './complete.js';
import { groundRules, numbered } from './text.js';
import { definePrompt } from './types.js';

const NAME = 'sentinel_kql_build';

export const kqlBuildPrompt = definePrompt({
  name: NAME,
  title: 'Build a KQL query (validated before it runs)',
  description:
    'An advanced KQL query builder: reads the real table schemas, writes the query, validates it with ' +
    'sentinel_query_validate before running it, fixes every diagnostic, runs it with sentinel_logs_search, and ' +
    'proves it on sample rows with sentinel_logs_search_with_dummy_data when the workspace has no matching data.',
  args: (env) => ({
    goal: requiredText(
      'What the query must answer, e.g. "failed sign-ins per user and country in the last day, top 20"',
      2000,
      'what the query must answer',
    ),
    tables: completable(
      optionalToken(
        'Tables to use, comma-separated, e.g. SigninLogs, AuditLogs (completes to table names); default: find them',
        1000,
      ),
      tableListCompleter(env),
    ),
    timespan: completable(
      optionalToken('The time range to query, an ISO 8601 duration such as PT1H, P1D, P7D (default P1D)', 40),
      fixedValues(COMMON_WINDOWS),
    ),
  }),
  async render(args, env) {
    const window = parseWindow(NAME, 'timespan', args.timespan, 'P1D');
    const named = parseTableList(NAME, 'tables', args.tables);
    const tables = await TableSet.of(env);
    const resolved = resolveTables(named, tables);
    const steps = [
      resolved.length
        ? [
            'Confirm the tables and read their columns with sentinel_logs_table_schema_get (or the resources below). Use only columns the schema lists, with their types (string, int, long, real, datetime, dynamic, bool).',
            ...tableLines(resolved),
          ].join('\n')
        : 'Find the tables: sentinel_logs_tables_list (filter_pattern to narrow, include_stats = true for row counts and the last record) — prefer tables with recent data. Then read each one’s columns with sentinel_logs_table_schema_get or sentinel://tables/{name}. Use only columns the schema lists, with their types.',
      'For dynamic columns (LocationDetails, DeviceDetail, Status, Entities, …) look at a few real values first (sentinel_logs_search: | take 5 | project TheColumn) before extracting fields with tostring(Column.field) or parse_json.',
      'Check the operators and functions you need: sentinel://reference/kql/operators, sentinel://reference/kql/functions, sentinel://reference/kql/cheatsheet; patterns in sentinel://reference/kql/examples and sentinel://reference/kql/examples/security.',
      [
        `Write the query. Start with the time filter (| where TimeGenerated > ago(${window.kql})), then the cheapest filters (==, in, has, startswith before contains and regex), project only the columns needed, summarize instead of returning raw rows, and sort and limit last (top N by …).`,
        'Pitfalls: == and in are case-sensitive (=~ and in~ are not); has matches whole terms and is faster than contains; join is innerunique by default (write kind=inner or kind=leftouter on purpose) and the smaller table goes on the left; long / long is integer division (use todouble); bin() TimeGenerated for time series; a let statement ends with ;.',
      ].join('\n'),
      'Validate before running: sentinel_query_validate with the query. It returns diagnostics with line, column and code (KS204 unknown table, KS142 unknown column or function, type mismatches) and, when valid, the result columns. Fix every error (read the schema again rather than guessing) and validate again. Repeat until it is valid with no errors; do not run a query it reports invalid. Read the warnings too.',
      `Run it: sentinel_logs_search with timespan = ${window.iso} and a small max_rows first. Check the result: the columns are what the goal needs, the numbers are plausible, truncated_reason and total_rows say whether rows were cut (narrow the query rather than raising limits).`,
      'If it returns no rows: check whether the data exists in the window (sentinel_logs_table_details_get: row count and last ingestion; or a plain count over a wider timespan). If the workspace simply has no matching events, prove the logic with sentinel_logs_search_with_dummy_data: table_name = the table the query reads, data_json = a few rows that must match and a few that must not (only the columns the query uses, correctly typed), and show that the result is what the goal expects.',
      'Iterate: if the result does not answer the goal, change the query, validate it again, run it again.',
    ];
    return [
      `# Build a KQL query: ${args.goal.trim()}`,
      '',
      `You are a KQL expert writing one query for the Microsoft Sentinel (Log Analytics) workspace this server reads, over the last ${window.words} (${window.iso}). The rule of this job: validate before you run.`,
      '',
      '## Steps',
      numbered(steps),
      '',
      '## Deliver',
      '- The final query in a kql block, validated.',
      '- One line per step of the query saying what it does, and the result columns with their types.',
      '- What running it returned (or the dummy-data test if there was no data), and the assumptions you made.',
      '',
      groundRules(),
    ].join('\n');
  },
});
