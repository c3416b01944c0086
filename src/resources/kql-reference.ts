// The KQL reference resources (sentinel://reference/kql/...). The prose pages are Markdown files in
// data/reference/; the operator and function pages are generated from Kusto.Language's own symbol
// tables (see kql-symbols.ts) with our descriptions added. Nothing here runs at import or at server
// start: every page is produced on its first read and cached by the definition that produced it.
import { readFile } from 'node:fs/promises';
import {
  deriveAggregateFunctions,
  derivePlugins,
  deriveQueryOperators,
  deriveScalarFunctions,
  formatParameters,
  type FunctionInfo,
  type QueryOperatorInfo,
} from './kql-symbols.js';
import type { ResourceDefinition } from './types.js';

export const KQL_REFERENCE_BASE_URI = 'sentinel://reference/kql';

/** `data/reference/<file>`: src/resources and dist/resources are both two levels below the package root. */
export function referenceFileUrl(file: string): URL {
  return new URL(`../../data/reference/${file}`, import.meta.url);
}

// ---------------------------------------------------------------------------------------------
// Query operators: our one-liners, keyed by the operator's preferred spelling.

interface OperatorDoc {
  category: OperatorCategory;
  /** One form, or several alternative forms. */
  syntax: string | readonly string[];
  description: string;
}

const OPERATOR_CATEGORIES = [
  'Start a query (data sources)',
  'Filter rows',
  'Select and compute columns',
  'Aggregate',
  'Sort and limit',
  'Join and combine tables',
  'Expand and parse',
  'Time series, analytics and plugins',
  'Control flow, schema and output',
  'Graph',
  'Other',
] as const;
type OperatorCategory = (typeof OPERATOR_CATEGORIES)[number];

export const OPERATOR_DOCS: Readonly<Record<string, OperatorDoc>> = {
  // Sources
  datatable: {
    category: 'Start a query (data sources)',
    syntax: 'datatable(Col:type, ...) [value, ...]',
    description: 'An inline table of literal rows; good for lookups and for trying a query on sample data.',
  },
  externaldata: {
    category: 'Start a query (data sources)',
    syntax: "externaldata(Col:type, ...) [h@'https://...'] with (format='csv')",
    description: 'Reads a table from files in external storage (for example a CSV of indicators).',
  },
  find: {
    category: 'Start a query (data sources)',
    syntax: 'find in (Table1, Table2) where Predicate [project Col, ...]',
    description: 'Finds rows matching a predicate across several tables; adds a source_ column.',
  },
  inline_external_table: {
    category: 'Start a query (data sources)',
    syntax: "inline_external_table('name') kind=storage (Col:type, ...) dataformat=csv ('uri')",
    description: 'Defines an external table inline (Azure Data Explorer; not available in Log Analytics).',
  },
  'macro-expand': {
    category: 'Start a query (data sources)',
    syntax: 'macro-expand EntityGroup as X ( X.Table | ... )',
    description: 'Runs the same subquery over every member of an entity group (Azure Data Explorer).',
  },
  print: {
    category: 'Start a query (data sources)',
    syntax: 'print [Name =] Expression, ...',
    description: 'A single row of computed values; handy for testing scalar expressions.',
  },
  range: {
    category: 'Start a query (data sources)',
    syntax: 'range Col from Start to Stop step Step',
    description: 'A one-column table of values from Start to Stop (numbers, datetimes or timespans).',
  },
  // Filter
  where: {
    category: 'Filter rows',
    syntax: 'T | where Predicate',
    description: 'Keeps the rows for which the predicate is true. Filter on TimeGenerated first.',
  },
  search: {
    category: 'Filter rows',
    syntax: ['search [in (Table, ...)] "term"', 'T | search Col has "term"'],
    description:
      'Full-text search across columns (and tables); convenient for exploration, slow on large data.',
  },
  'parse-where': {
    category: 'Filter rows',
    syntax: 'T | parse-where Col with "prefix" Name:type "suffix" ...',
    description: 'Like parse, but drops the rows whose text does not match the pattern.',
  },
  sample: {
    category: 'Filter rows',
    syntax: 'T | sample N',
    description: 'N rows picked at random (uniformly distributed).',
  },
  'sample-distinct': {
    category: 'Filter rows',
    syntax: 'T | sample-distinct N of Col',
    description: 'Up to N distinct values of a column (not necessarily the most frequent).',
  },
  // Columns
  project: {
    category: 'Select and compute columns',
    syntax: 'T | project Col, Name = Expression, ...',
    description: 'Keeps only the listed columns, in that order; can rename and compute columns.',
  },
  'project-away': {
    category: 'Select and compute columns',
    syntax: 'T | project-away Col, Prefix*, ...',
    description: 'Removes the listed columns (wildcards allowed) and keeps the rest.',
  },
  'project-keep': {
    category: 'Select and compute columns',
    syntax: 'T | project-keep Col, Prefix*, ...',
    description: 'Keeps the listed columns (wildcards allowed) in their original order.',
  },
  'project-rename': {
    category: 'Select and compute columns',
    syntax: 'T | project-rename NewName = OldName, ...',
    description: 'Renames columns and keeps all of them.',
  },
  'project-reorder': {
    category: 'Select and compute columns',
    syntax: 'T | project-reorder Col, Prefix* [asc|desc], ...',
    description: 'Moves the listed columns to the front; the others follow unchanged.',
  },
  'project-by-names': {
    category: 'Select and compute columns',
    syntax: "T | project-by-names 'Col', ...",
    description: 'Keeps columns named by string literals (meant for generated queries; prefer project).',
  },
  extend: {
    category: 'Select and compute columns',
    syntax: 'T | extend Name = Expression, ...',
    description: 'Adds computed columns (or replaces a column of the same name), keeping all others.',
  },
  // Aggregate
  summarize: {
    category: 'Aggregate',
    syntax: 'T | summarize [Name =] Aggregation(...), ... [by Col, bin(TimeGenerated, 1h), ...]',
    description: 'Groups rows by the by-columns and computes aggregates per group (one row per group).',
  },
  count: {
    category: 'Aggregate',
    syntax: 'T | count',
    description: 'A single row with the number of input rows (column Count).',
  },
  distinct: {
    category: 'Aggregate',
    syntax: 'T | distinct Col, ...',
    description: 'The distinct combinations of the listed columns.',
  },
  'top-nested': {
    category: 'Aggregate',
    syntax: 'T | top-nested 3 of Col1 by count(), top-nested 2 of Col2 by sum(X)',
    description:
      'Hierarchical top-N: the top values of one column, then the top values of the next within each.',
  },
  'top-hitters': {
    category: 'Aggregate',
    syntax: 'T | top-hitters N of Col [by Weight]',
    description: 'An approximate top-N of the most frequent (or heaviest) values; fast on large data.',
  },
  'make-series': {
    category: 'Time series, analytics and plugins',
    syntax:
      'T | make-series Name = Aggregation(...) default = 0 on TimeGenerated from Start to End step 1h [by Col]',
    description:
      'Builds time series: one row per group with arrays of aggregated values over regular time steps (fills gaps).',
  },
  reduce: {
    category: 'Time series, analytics and plugins',
    syntax: 'T | reduce by Col [with threshold = 0.1]',
    description: 'Groups similar strings (for example log messages) into patterns with counts.',
  },
  // Sort and limit
  sort: {
    category: 'Sort and limit',
    syntax: 'T | sort by Col [asc|desc] [nulls first|last], ...',
    description: 'Sorts the rows (descending unless asc is given).',
  },
  take: {
    category: 'Sort and limit',
    syntax: 'T | take N',
    description:
      'Any N rows, in no particular order. Use it to peek at data; use top for the first N by a column.',
  },
  top: {
    category: 'Sort and limit',
    syntax: 'T | top N by Col [asc|desc]',
    description: 'The first N rows by a sort order: sort and take in one cheaper step.',
  },
  serialize: {
    category: 'Sort and limit',
    syntax: 'T | serialize [Name = Expression, ...]',
    description: 'Marks the rows as ordered so window functions (prev, next, row_number) can run.',
  },
  // Join and combine
  join: {
    category: 'Join and combine tables',
    syntax: 'T | join kind=inner (Other) on Key [, $left.A == $right.B]',
    description:
      'Joins two tables on matching keys. The default kind is innerunique (left side deduplicated by key); say kind= explicitly.',
  },
  lookup: {
    category: 'Join and combine tables',
    syntax: 'T | lookup [kind=leftouter] (Dimension) on Key',
    description:
      'Enriches a fact table with columns from a small dimension table; cheaper than join for that case.',
  },
  union: {
    category: 'Join and combine tables',
    syntax: ['union [withsource=Col] T1, T2, ...', 'T | union (Other)'],
    description: 'Rows of several tables together (columns are merged by name; missing ones are null).',
  },
  as: {
    category: 'Join and combine tables',
    syntax: 'T | as Name',
    description: 'Names the piped result so that later parts of the query (or join) can refer to it.',
  },
  fork: {
    category: 'Join and combine tables',
    syntax: 'T | fork (where A | count) (where B | take 10)',
    description: 'Runs several subqueries on the same input and returns several result tables.',
  },
  facet: {
    category: 'Join and combine tables',
    syntax: 'T | facet by Col1, Col2 [with (take 10)]',
    description: 'One result table of value counts per listed column (plus an optional detail table).',
  },
  // Expand and parse
  'mv-expand': {
    category: 'Expand and parse',
    syntax: 'T | mv-expand [bagexpansion=array] Col [to typeof(string)] [limit N]',
    description: 'Turns each element of a dynamic array (or property bag) into its own row.',
  },
  'mv-apply': {
    category: 'Expand and parse',
    syntax: 'T | mv-apply Item = Col to typeof(string) on (where Item startswith "x" | summarize ...)',
    description:
      'Runs a subquery over the elements of a dynamic array of each row (filter/aggregate in place).',
  },
  parse: {
    category: 'Expand and parse',
    syntax: 'T | parse [kind=regex] Col with * "literal" Name:type "literal" *',
    description: 'Extracts columns from a string by a pattern of literals and typed captures.',
  },
  'parse-kv': {
    category: 'Expand and parse',
    syntax: 'T | parse-kv Col as (Key1:type, Key2:type) with (pair_delimiter=";", kv_delimiter="=")',
    description: 'Extracts typed columns from key=value text.',
  },
  // Analytics
  evaluate: {
    category: 'Time series, analytics and plugins',
    syntax: 'T | evaluate plugin(args)',
    description:
      'Runs a plugin such as bag_unpack, pivot, autocluster, basket or ipv4_lookup (listed below).',
  },
  scan: {
    category: 'Time series, analytics and plugins',
    syntax: 'T | sort by TimeGenerated asc | scan declare (...) with (step s1: Predicate => Col = ...; ...)',
    description: 'Sequence matching over ordered rows with state (detect step 1 followed by step 2).',
  },
  partition: {
    category: 'Time series, analytics and plugins',
    syntax: 'T | partition hint.strategy=native by Col ( top 3 by TimeGenerated )',
    description: 'Runs a subquery separately for each value of a column and unions the results.',
  },
  // Control and output
  render: {
    category: 'Control flow, schema and output',
    syntax: 'T | render timechart [with (title="...")]',
    description:
      'Asks the client to draw the result as a chart (timechart, barchart, columnchart, piechart, areachart, scatterchart, ...); it must be the last operator.',
  },
  getschema: {
    category: 'Control flow, schema and output',
    syntax: 'T | getschema',
    description: 'The column names and types of the input (one row per column).',
  },
  invoke: {
    category: 'Control flow, schema and output',
    syntax: 'T | invoke function(args)',
    description: 'Calls a tabular function with the piped table as its first argument.',
  },
  consume: {
    category: 'Control flow, schema and output',
    syntax: 'T | consume',
    description: 'Reads the input and returns nothing (used to measure query cost).',
  },
  'assert-schema': {
    category: 'Control flow, schema and output',
    syntax: 'T | assert-schema (Col:type, ...)',
    description: 'Fails the query unless the input has the given columns and types.',
  },
  // Graph (Azure Data Explorer graph semantics)
  'make-graph': {
    category: 'Graph',
    syntax: 'Edges | make-graph Source --> Target [with Nodes on Id]',
    description: 'Builds a graph from a table of edges (and optionally of nodes).',
  },
  'graph-match': {
    category: 'Graph',
    syntax: 'G | graph-match (a)-[e]->(b) where ... project ...',
    description: 'Finds patterns of nodes and edges in a graph.',
  },
  'graph-shortest-paths': {
    category: 'Graph',
    syntax: 'G | graph-shortest-paths (a)-[e*1..5]->(b) where ... project ...',
    description: 'Shortest paths between nodes that match a pattern.',
  },
  'graph-to-table': {
    category: 'Graph',
    syntax: ['G | graph-to-table nodes', 'G | graph-to-table edges'],
    description: 'Turns the nodes or edges of a graph back into a table.',
  },
  'graph-mark-components': {
    category: 'Graph',
    syntax: 'G | graph-mark-components [kind=weak]',
    description: 'Labels each node with the id of its connected component.',
  },
  'graph-where-nodes': {
    category: 'Graph',
    syntax: 'G | graph-where-nodes Predicate',
    description: 'Keeps the graph nodes that match a predicate.',
  },
  'graph-where-edges': {
    category: 'Graph',
    syntax: 'G | graph-where-edges Predicate',
    description: 'Keeps the graph edges that match a predicate.',
  },
};

/** Short descriptions of the evaluate plugins analysts use. */
const PLUGIN_DOCS: Readonly<Record<string, string>> = {
  bag_unpack: 'One column per key of a dynamic property bag.',
  pivot: 'Rotates distinct values of a column into columns, aggregating the rest.',
  narrow: 'Unpivots a wide table into (Row, Column, Value) rows.',
  autocluster: 'Finds common combinations of attribute values (patterns) in the input.',
  basket: 'Frequent itemsets of attribute values (market-basket analysis).',
  diffpatterns: 'Patterns that distinguish two sets of rows (for example before and after an incident).',
  ipv4_lookup: 'Joins each row to the IPv4 range (CIDR) table row containing its address.',
  ipv6_lookup: 'Joins each row to the IPv6 range table row containing its address.',
  rows_near: 'Rows near (before and after) the rows that match a condition.',
  sequence_detect: 'Detects sequences of events in a given order within a time window.',
  session_count: 'Counts user sessions over time.',
  sliding_window_counts: 'Counts and distinct counts over a sliding time window.',
  activity_counts_metrics: 'Activity counts, distinct counts and new users per time window.',
  activity_engagement: 'Activity engagement ratios (for example DAU/MAU).',
  active_users_count: 'Distinct active users over a lookback window.',
  funnel_sequence: 'Previous and next steps around a given state in sequences of events.',
  rolling_percentile: 'Percentile of a value over a rolling time window.',
  dcount_intersect: 'Intersections of distinct-count (hll) sketches.',
  preview: 'The first rows of the input plus its total row count.',
  http_request: 'Calls an HTTP endpoint (Azure Data Explorer, with a callout policy).',
  python: 'Runs a Python script over the input (Azure Data Explorer only).',
};

// ---------------------------------------------------------------------------------------------
// Functions: categories and our descriptions of the common ones.

const FUNCTION_CATEGORIES = [
  'String',
  'Parsing',
  'Conversion and type',
  'Date and time',
  'Conditional and null handling',
  'Math and binning',
  'Dynamic: arrays and property bags',
  'IP addresses',
  'Encoding and hashing',
  'Window (row order)',
  'Time series',
  'Sketches (t-digest, hll)',
  'Geospatial',
  'Unit conversion',
  'Tables, scope and metadata',
  'Graph',
  'Other',
] as const;
type FunctionCategory = (typeof FUNCTION_CATEGORIES)[number];

const CATEGORY_RULES: readonly [RegExp, FunctionCategory][] = [
  [
    /^(row_number|row_cumsum|row_rank_dense|row_rank_min|row_window_session|prev|next)$/,
    'Window (row order)',
  ],
  [/^(all|any|map|inner_nodes|node_id|node_degree_in|node_degree_out|labels)$/, 'Graph'],
  [/ipv4|ipv6|^geo_info_from_ip_address$/, 'IP addresses'],
  [/^series_/, 'Time series'],
  [/^geo_/, 'Geospatial'],
  [/^convert_/, 'Unit conversion'],
  [/tdigest|hll/, 'Sketches (t-digest, hll)'],
  [
    /^(to(string|hex|dynamic|long|int|real|double|datetime|timespan|bool|boolean|decimal|guid)|gettype)$/,
    'Conversion and type',
  ],
  [
    /^(array_|bag_|set_|pack|zip$|treepath$|jaccard_index$|dynamic_to_json$|range$|repeat$|parse_json$|extract_?json$)/,
    'Dynamic: arrays and property bags',
  ],
  [/^parse_/, 'Parsing'],
  [
    /datetime|timespan|^(dayof|hourofday|week_of_year|monthofyear|startof|endof|getyear|getmonth|now$|ago$|unixtime_)/,
    'Date and time',
  ],
  [/^(hash|base64_|url_|zlib_|gzip_|punycode_)/, 'Encoding and hashing'],
  [
    /^(iff|iif|case|coalesce|isnull|isnotnull|isempty|isnotempty|not|assert|column_ifexists|max_of|min_of)$/,
    'Conditional and null handling',
  ],
  [
    /^(round|ceiling|floor|pow|sqrt|log|log2|log10|loggamma|exp|exp2|exp10|pi|cos|sin|tan|acos|asin|atan|atan2|cot|abs|degrees|radians|sign|rand|beta_cdf|beta_inv|beta_pdf|gamma|erf|erfc|isnan|isinf|isfinite|bin|bin_at|welch_test|around|bitset_count_ones)$|^binary_/,
    'Math and binning',
  ],
  [
    /^(str|string_size|substring|to(upper|lower)$|unicode_|regex_quote|indexof|has_any_index|reverse|split|extract|replace_|trim|countof|translate|isascii|isutf8|format_bytes)/,
    'String',
  ],
  [
    /^(cluster|database|table|external_table|materialized_view|entity_group|stored_query_result|graph|current_|extent_|ingestion_time|row_id|cursor_|estimate_data_size|column_names_of|new_guid)/,
    'Tables, scope and metadata',
  ],
];

export function functionCategory(name: string): FunctionCategory {
  for (const [pattern, category] of CATEGORY_RULES) if (pattern.test(name)) return category;
  return 'Other';
}

export const FUNCTION_DOCS: Readonly<Record<string, string>> = {
  // String
  strcat: 'Concatenates values as strings.',
  strcat_delim: 'Concatenates values with a delimiter between them.',
  strcat_array: 'Joins the elements of an array with a delimiter.',
  array_strcat: 'Joins the elements of an array with a delimiter.',
  strlen: 'Length of a string in characters.',
  string_size: 'Size of a string in bytes.',
  substring: 'Part of a string from a zero-based start, optionally of a given length.',
  tolower: 'Lower-case copy of a string.',
  toupper: 'Upper-case copy of a string.',
  indexof: 'Zero-based position of a substring, or -1.',
  indexof_regex: 'Zero-based position of a regex match, or -1.',
  split: 'Splits a string by a delimiter into a dynamic array (or returns one element).',
  extract: 'The text captured by a regex group (optionally converted to a type); empty when no match.',
  extract_all: 'All matches of a regex (or of its capture groups) as a dynamic array.',
  replace_string: 'Replaces every occurrence of a substring.',
  replace_strings: 'Replaces several substrings at once.',
  replace_regex: 'Replaces every regex match (with \\1-style group references).',
  trim: 'Removes a leading and trailing regex match.',
  trim_start: 'Removes a leading regex match.',
  trim_end: 'Removes a trailing regex match.',
  countof: 'Number of occurrences of a substring (or of a regex with kind="regex").',
  reverse: 'Reverses a string.',
  strcmp: 'Compares two strings: -1, 0 or 1.',
  strrep: 'Repeats a string a number of times.',
  translate: 'Replaces characters one-for-one.',
  regex_quote: 'Escapes regex metacharacters in a string.',
  has_any_index: 'Index of the first of a list of terms found in the text (has semantics), or -1.',
  isascii: 'True when the string has only ASCII characters.',
  isutf8: 'True when the string is valid UTF-8.',
  format_bytes: 'Formats a byte count as text, e.g. 1.5 MB.',
  unicode_codepoints_from_string: 'Unicode code points of a string as an array.',
  unicode_codepoints_to_string: 'String made of Unicode code points.',
  // Parsing
  parse_url: 'Splits a URL into scheme, host, port, path, query parameters and fragment.',
  parse_urlquery: 'Parses a URL query string into a property bag.',
  parse_path: 'Splits a file path into directory, file name, extension and more.',
  parse_csv: 'Splits one CSV line into an array of values.',
  parse_xml: 'Parses XML text into a dynamic value.',
  parse_user_agent: 'Parses a user-agent string into browser, OS and device.',
  parse_command_line: 'Splits a command line into arguments (parser "windows").',
  parse_version: 'Turns a version string (up to four parts) into a comparable decimal.',
  // Conversion
  tostring: 'Converts to string (null becomes empty string).',
  toint: 'Converts to int (null when it cannot).',
  tolong: 'Converts to long (null when it cannot).',
  toreal: 'Converts to real (double).',
  todouble: 'Converts to real (double).',
  todecimal: 'Converts to decimal.',
  tobool: 'Converts to bool ("true"/"false", 1/0).',
  toboolean: 'Converts to bool.',
  todatetime: 'Converts to datetime (ISO 8601 and other common formats).',
  totimespan: 'Converts to timespan.',
  toguid: 'Converts to guid.',
  todynamic: 'Parses JSON text into a dynamic value (same as parse_json).',
  tohex: 'Hexadecimal text of an integer.',
  gettype: 'The runtime type of a value as a string.',
  // Date and time
  ago: 'now() minus a timespan: the usual start of a time filter, e.g. ago(1d).',
  now: 'The current UTC time (the same for the whole query), optionally offset.',
  datetime_add: 'Adds a number of periods (day, hour, ...) to a datetime.',
  datetime_diff: 'Number of period boundaries between two datetimes (first minus second).',
  datetime_part: 'One part (year, month, day, hour, ...) of a datetime as an int.',
  datetime_utc_to_local: 'Converts a UTC datetime to a time zone.',
  datetime_local_to_utc: 'Converts a time-zone datetime to UTC.',
  format_datetime: 'Formats a datetime, e.g. format_datetime(t, "yyyy-MM-dd HH:mm").',
  format_timespan: 'Formats a timespan, e.g. format_timespan(d, "hh:mm:ss").',
  make_datetime: 'A datetime from year, month, day[, hour, minute, second].',
  make_timespan: 'A timespan from days/hours/minutes/seconds.',
  startofday: 'Start of the day (optionally offset by days).',
  startofweek: 'Start of the week (Sunday).',
  startofmonth: 'Start of the month.',
  startofyear: 'Start of the year.',
  endofday: 'End of the day.',
  endofweek: 'End of the week.',
  endofmonth: 'End of the month.',
  endofyear: 'End of the year.',
  dayofweek: 'Days since the preceding Sunday, as a timespan (0d = Sunday).',
  dayofmonth: 'Day of the month (1-31).',
  dayofyear: 'Day of the year (1-366).',
  hourofday: 'Hour of the day (0-23).',
  monthofyear: 'Month of the year (1-12).',
  week_of_year: 'ISO 8601 week number.',
  getyear: 'The year of a datetime.',
  getmonth: 'The month of a datetime.',
  unixtime_seconds_todatetime: 'Converts Unix epoch seconds to datetime.',
  unixtime_milliseconds_todatetime: 'Converts Unix epoch milliseconds to datetime.',
  unixtime_microseconds_todatetime: 'Converts Unix epoch microseconds to datetime.',
  unixtime_nanoseconds_todatetime: 'Converts Unix epoch nanoseconds to datetime.',
  // Conditional
  iff: 'If-then-else: iff(condition, then, else).',
  iif: 'Same as iff.',
  case: 'The value of the first true predicate: case(p1, v1, p2, v2, ..., else).',
  coalesce: 'The first argument that is not null (or empty, for strings).',
  isnull: 'True when null (note: an empty string is not null).',
  isnotnull: 'True when not null.',
  isempty: 'True when null or empty string.',
  isnotempty: 'True when neither null nor empty string.',
  not: 'Logical negation.',
  column_ifexists: 'The column if it exists in the input, else a default; for schema-tolerant queries.',
  max_of: 'The largest of the arguments.',
  min_of: 'The smallest of the arguments.',
  // Math
  bin: 'Rounds down to a multiple of the bin size: bin(TimeGenerated, 1h) groups by hour.',
  bin_at: 'Like bin, aligned to a fixed point.',
  floor: 'Same as bin.',
  round: 'Rounds to a number of decimal places.',
  ceiling: 'Smallest integer not less than the number.',
  abs: 'Absolute value.',
  pow: 'Power.',
  sqrt: 'Square root.',
  log: 'Natural logarithm.',
  log10: 'Base-10 logarithm.',
  log2: 'Base-2 logarithm.',
  exp: 'e to the power of x.',
  rand: 'Random number in [0, 1) or in [0, N).',
  sign: 'Sign of a number: -1, 0 or 1.',
  isnan: 'True when the real value is NaN.',
  isinf: 'True when the real value is infinite.',
  isfinite: 'True when the real value is finite.',
  around: 'True when a value is within delta of a center.',
  binary_and: 'Bitwise AND.',
  binary_or: 'Bitwise OR.',
  binary_xor: 'Bitwise XOR.',
  binary_not: 'Bitwise NOT.',
  binary_shift_left: 'Bitwise left shift.',
  binary_shift_right: 'Bitwise right shift.',
  // Dynamic
  parse_json: 'Parses JSON text into a dynamic value (arrays, property bags); access with .key or ["key"].',
  extract_json: 'A value at a JSONPath in JSON text (optionally typed).',
  array_length: 'Number of elements of a dynamic array (null if not an array).',
  array_concat: 'Concatenates arrays.',
  array_slice: 'Elements between two indexes (negative counts from the end).',
  array_index_of: 'Index of a value in an array, or -1.',
  array_sort_asc: 'Sorts an array ascending.',
  array_sort_desc: 'Sorts an array descending.',
  array_reverse: 'Reverses an array.',
  array_split: 'Splits an array at indexes.',
  array_iff: 'Element-wise iff over arrays.',
  array_shift_left: 'Shifts array elements left.',
  array_shift_right: 'Shifts array elements right.',
  array_rotate_left: 'Rotates array elements left.',
  array_rotate_right: 'Rotates array elements right.',
  bag_keys: 'The keys of a property bag as an array.',
  bag_has_key: 'True when the bag has the key (a path such as "a.b" works too).',
  bag_merge: 'Merges property bags (the first wins on duplicate keys).',
  bag_pack: 'A property bag from key, value pairs.',
  bag_pack_columns: 'A property bag from columns (their names become keys).',
  bag_remove_keys: 'A copy of the bag without the given keys.',
  bag_set_key: 'A copy of the bag with a key set.',
  bag_zip: 'A property bag from an array of keys and an array of values.',
  pack_all: 'A property bag of all the columns of the row.',
  pack_array: 'An array of the arguments.',
  set_has_element: 'True when the array contains the value.',
  set_union: 'Distinct union of arrays.',
  set_intersect: 'Distinct values present in every array.',
  set_difference: 'Distinct values of the first array not in the others.',
  set_equals: 'True when two arrays hold the same distinct values.',
  range: 'An array of values from start to stop with a step.',
  repeat: 'An array with a value repeated N times.',
  zip: 'Pairs up the elements of several arrays.',
  treepath: 'All the paths in a property bag.',
  dynamic_to_json: 'Canonical JSON text of a dynamic value (sorted keys).',
  jaccard_index: 'Jaccard similarity of two sets (arrays).',
  // IP
  ipv4_is_private: 'True for RFC 1918 private IPv4 addresses.',
  ipv4_is_in_range: 'True when an IPv4 address is in a CIDR range, e.g. "10.0.0.0/8".',
  ipv4_is_in_any_range: 'True when an IPv4 address is in any of several CIDR ranges.',
  ipv4_is_match: 'True when two IPv4 addresses (or prefixes) match.',
  ipv4_compare: 'Compares two IPv4 addresses: -1, 0 or 1.',
  ipv6_is_in_range: 'True when an IPv6 address is in a CIDR range.',
  ipv6_is_match: 'True when two IPv6 addresses (or prefixes) match.',
  ipv6_compare: 'Compares two IPv6 addresses.',
  parse_ipv4: 'An IPv4 address as a long (for range arithmetic).',
  parse_ipv4_mask: 'An IPv4 address with a prefix mask applied, as a long.',
  parse_ipv6: 'Canonical form of an IPv6 (or IPv4) address.',
  format_ipv4: 'Text form of an IPv4 address (from a long or string), optionally masked.',
  format_ipv4_mask: 'An IPv4 address as CIDR text with a prefix.',
  has_ipv4: 'True when the text contains the IPv4 address as a whole token.',
  has_ipv4_prefix: 'True when the text contains an IPv4 address starting with the prefix.',
  has_any_ipv4: 'True when the text contains any of the IPv4 addresses.',
  has_any_ipv4_prefix: 'True when the text contains an IPv4 address with any of the prefixes.',
  geo_info_from_ip_address: 'Country, state, city, latitude and longitude of an IP address.',
  ipv4_range_to_cidr_list: 'The CIDR blocks covering a start-end IPv4 range.',
  // Encoding
  base64_encode_tostring: 'Base64-encodes a string (UTF-8).',
  base64_decode_tostring: 'Decodes base64 into a UTF-8 string.',
  base64_decode_toarray: 'Decodes base64 into an array of bytes.',
  url_encode: 'URL-encodes a string.',
  url_encode_component: 'URL-encodes a string for use as a component.',
  url_decode: 'Decodes a URL-encoded string.',
  hash: 'A 64-bit hash of a value (optionally modulo N).',
  hash_sha256: 'SHA-256 of a value, as hex.',
  hash_sha1: 'SHA-1 of a value, as hex.',
  hash_md5: 'MD5 of a value, as hex.',
  hash_xxhash64: 'xxHash64 of a value.',
  hash_combine: 'Combines hash values.',
  hash_many: 'A hash of several values.',
  gzip_decompress_from_base64_string: 'Decompresses base64 gzip data into a string.',
  zlib_decompress_from_base64_string: 'Decompresses base64 zlib data into a string.',
  // Window
  row_number: 'Row number in serialized input (optionally restarting when a condition is true).',
  row_cumsum: 'Running total in serialized input.',
  row_rank_dense: 'Dense rank of a value in sorted input.',
  row_rank_min: 'Minimal rank of a value in sorted input.',
  row_window_session: 'Session start time for each row of serialized input.',
  prev: 'The value of a column in a previous row (serialized input: sort or serialize first).',
  next: 'The value of a column in a following row (serialized input).',
  // Time series
  series_decompose_anomalies: 'Anomaly flags, scores and baseline of a series (make-series output).',
  series_decompose: 'Baseline, seasonal, trend and residual components of a series.',
  series_decompose_forecast: 'Forecast of a series by decomposition.',
  series_outliers: 'Tukey-fence outlier scores of each point of a series.',
  series_fit_line: 'Linear regression of a series (slope, rsquare, ...).',
  series_stats: 'Min, max, avg, stdev and variance of a series.',
  series_stats_dynamic: 'Statistics of a series as a property bag.',
  series_periods_detect: 'Detects periods (seasonality) in a series.',
  series_fill_linear: 'Fills missing values by linear interpolation.',
  series_fill_const: 'Fills missing values with a constant.',
  series_fill_forward: 'Fills missing values with the previous value.',
  series_fill_backward: 'Fills missing values with the next value.',
  // Sketches
  dcount_hll: 'Distinct count from an hll sketch.',
  hll_merge: 'Merges hll sketches.',
  percentile_tdigest: 'A percentile from a t-digest sketch.',
  tdigest_merge: 'Merges t-digest sketches.',
  // Geospatial
  geo_distance_2points: 'Distance in meters between two points (longitude first).',
  geo_point_in_polygon: 'True when a point is inside a polygon.',
  geo_point_to_geohash: 'Geohash of a point.',
  geo_point_to_h3cell: 'H3 cell of a point.',
  // Scope and metadata
  table: 'A table by name (a string), e.g. table("SigninLogs").',
  database: 'A database by name (Azure Data Explorer scope).',
  cluster: 'A cluster by name (Azure Data Explorer scope).',
  ingestion_time: 'When the row was ingested (if the table tracks it).',
  column_names_of: 'The column names of a table, as an array.',
  new_guid: 'A new random guid.',
  current_principal: 'The caller identity.',
  estimate_data_size: 'Estimated size in bytes of the given columns.',
  // Aggregates
  count: 'Number of rows in the group.',
  countif: 'Number of rows for which the predicate is true.',
  dcount: 'Approximate distinct count (HyperLogLog; accuracy 0-4, default 1).',
  dcountif: 'Approximate distinct count of rows matching a predicate.',
  count_distinct: 'Exact distinct count (more expensive than dcount).',
  count_distinctif: 'Exact distinct count of rows matching a predicate.',
  sum: 'Sum.',
  sumif: 'Sum over rows matching a predicate.',
  avg: 'Average.',
  avgif: 'Average over rows matching a predicate.',
  min: 'Minimum.',
  minif: 'Minimum over rows matching a predicate.',
  max: 'Maximum.',
  maxif: 'Maximum over rows matching a predicate.',
  arg_max:
    'The row with the largest value of the first argument, with the other listed columns (* for all): the latest record per key.',
  arg_min:
    'The row with the smallest value of the first argument, with the other listed columns (* for all).',
  take_any: 'An arbitrary value (or row) of the group; cheap.',
  take_anyif: 'An arbitrary value of rows matching a predicate.',
  make_list: 'Array of all values of the group (optionally capped).',
  make_list_if: 'Array of the values of rows matching a predicate.',
  make_list_with_nulls: 'Array of all values, nulls included.',
  make_set: 'Array of the distinct values of the group (optionally capped).',
  make_set_if: 'Array of the distinct values of rows matching a predicate.',
  make_bag: 'Merges property bags of the group into one bag.',
  make_bag_if: 'Merges the bags of rows matching a predicate.',
  percentile: 'Approximate percentile (nearest rank), e.g. percentile(Duration, 95).',
  percentiles: 'Several approximate percentiles, one column each.',
  percentiles_array: 'Several approximate percentiles as one array.',
  percentilew: 'Weighted percentile.',
  percentilesw: 'Weighted percentiles.',
  stdev: 'Sample standard deviation.',
  stdevif: 'Sample standard deviation over rows matching a predicate.',
  stdevp: 'Population standard deviation.',
  variance: 'Sample variance.',
  variancep: 'Population variance.',
  hll: 'An hll sketch for merging distinct counts later.',
  tdigest: 'A t-digest sketch for merging percentiles later.',
  buildschema: 'The union schema of dynamic values in the group.',
  binary_all_and: 'Bitwise AND of all values.',
  binary_all_or: 'Bitwise OR of all values.',
  binary_all_xor: 'Bitwise XOR of all values.',
};

// ---------------------------------------------------------------------------------------------
// Rendering

function renderOperators(operators: readonly QueryOperatorInfo[], plugins: readonly FunctionInfo[]): string {
  const lines: string[] = [
    '# KQL tabular query operators',
    '',
    'Every tabular operator that Kusto.Language (the parser and binder behind Azure Data Explorer,',
    "Log Analytics and this server's `sentinel_query_validate`) knows, with its syntax and what it does.",
    'The list is generated from Kusto.Language itself; the one-line descriptions are ours.',
    '',
    'A query is a source (a table name, or one of the source operators below) followed by operators',
    'joined with `|`; each operator takes the table on its left and returns a new table.',
    'Kusto.Language knows the whole Azure Data Explorer language: a few operators (graph operators,',
    '`inline_external_table`, `macro-expand`, some plugins) are not available in Log Analytics.',
    '',
    'See also: `sentinel://reference/kql/functions` (scalar functions and aggregates),',
    '`sentinel://reference/kql/basics`, `sentinel://reference/kql/examples` and',
    '`sentinel://reference/kql/cheatsheet`.',
    '',
  ];
  const order = Object.keys(OPERATOR_DOCS);
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);
  const byCategory = new Map<OperatorCategory, QueryOperatorInfo[]>();
  for (const op of [...operators].sort((a, b) => rank(a.name) - rank(b.name))) {
    const category = OPERATOR_DOCS[op.name]?.category ?? 'Other';
    byCategory.set(category, [...(byCategory.get(category) ?? []), op]);
  }
  for (const category of OPERATOR_CATEGORIES) {
    const ops = byCategory.get(category);
    if (!ops || ops.length === 0) continue;
    lines.push(`## ${category}`, '');
    for (const op of ops) {
      const doc = OPERATOR_DOCS[op.name];
      const aliases = op.aliases.length > 0 ? ` (also ${op.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
      const where =
        op.position === 'start'
          ? ' Starts a query.'
          : op.position === 'both'
            ? ' Starts a query or follows a pipe.'
            : '';
      const forms = doc?.syntax ?? (op.position === 'start' ? `${op.name} ...` : `T | ${op.name} ...`);
      const syntax = (typeof forms === 'string' ? [forms] : forms).map((f) => `\`${f}\``).join(' or ');
      const description = doc?.description ?? 'See the Kusto Query Language documentation.';
      lines.push(`- **${op.name}**${aliases}: ${description}${where}`, `  ${syntax}`);
    }
    lines.push('');
  }
  lines.push(
    '## Plugins for `evaluate`',
    '',
    '`T | evaluate plugin(arguments)`. The output columns depend on the plugin and its arguments.',
    '',
  );
  for (const p of plugins) {
    const doc = PLUGIN_DOCS[p.name];
    const sigs = p.signatures.map((s) => `\`evaluate ${p.name}(${formatParameters(s.parameters)})\``);
    lines.push(`- **${p.name}**${doc ? `: ${doc}` : ''}`, ...sigs.map((s) => `  ${s}`));
  }
  lines.push('');
  return lines.join('\n');
}

function renderFunctionEntry(fn: FunctionInfo): string[] {
  const doc = FUNCTION_DOCS[fn.name];
  const sigs = fn.signatures.map((s) => `\`${s.text}\``);
  if (!doc && sigs.length === 1) return [`- ${sigs[0]}`];
  return [`- **${fn.name}**${doc ? `: ${doc}` : ''}`, ...sigs.map((s) => `  ${s}`)];
}

function renderFunctions(scalars: readonly FunctionInfo[], aggregates: readonly FunctionInfo[]): string {
  const lines: string[] = [
    '# KQL functions',
    '',
    `Every built-in scalar function (${scalars.length}) and aggregation function (${aggregates.length}) that`,
    'Kusto.Language knows, grouped by purpose, with each signature and return type read from its',
    'symbol tables (hidden and deprecated functions are left out). Short descriptions are ours.',
    '',
    'Notation: `name(parameter: type, [optional: type], repeated: type, ...): return type`.',
    '`number` is int, long, real or decimal; `orderable` is a number, string, datetime, timespan or bool;',
    '`dynamic array` / `dynamic bag` are dynamic values holding an array / a property bag;',
    '`(common)` means all such arguments are converted to one common type; `constant` arguments must be',
    'literals; `column` arguments must name a column; `*` means all columns.',
    '',
    'Aggregation functions run inside `summarize` (and `make-series`, `top-nested`); window functions',
    "need serialized (sorted) input. Sentinel adds workspace functions such as `_GetWatchlist('alias')`",
    'and the ASIM parsers, which are not built in. Operators are in `sentinel://reference/kql/operators`.',
    '',
    '## Aggregation functions (summarize)',
    '',
  ];
  for (const fn of aggregates) lines.push(...renderFunctionEntry(fn));
  lines.push('');
  const byCategory = new Map<FunctionCategory, FunctionInfo[]>();
  for (const fn of scalars) {
    const category = functionCategory(fn.name);
    byCategory.set(category, [...(byCategory.get(category) ?? []), fn]);
  }
  for (const category of FUNCTION_CATEGORIES) {
    const fns = byCategory.get(category);
    if (!fns || fns.length === 0) continue;
    lines.push(`## ${category}`, '');
    for (const fn of fns) lines.push(...renderFunctionEntry(fn));
    lines.push('');
  }
  return lines.join('\n');
}

/** The Markdown of sentinel://reference/kql/operators (loads Kusto.Language). */
export function operatorsPage(): string {
  return renderOperators(deriveQueryOperators(), derivePlugins());
}

/** The Markdown of sentinel://reference/kql/functions (loads Kusto.Language). */
export function functionsPage(): string {
  return renderFunctions(deriveScalarFunctions(), deriveAggregateFunctions());
}

// ---------------------------------------------------------------------------------------------
// Resource definitions

interface PageSpec {
  path: string;
  name: string;
  title: string;
  description: string;
  produce: () => Promise<string> | string;
}

function staticPage(file: string): () => Promise<string> {
  return () => readFile(referenceFileUrl(file), 'utf8');
}

/** Each definition produces its text on the first read and returns the cached text afterwards. */
function cached(produce: () => Promise<string> | string): () => Promise<string> {
  let text: Promise<string> | undefined;
  return () => {
    if (!text) {
      const pending = Promise.resolve().then(produce);
      text = pending;
      // Never cache a failure: the next read tries again.
      pending.catch(() => {
        if (text === pending) text = undefined;
      });
    }
    return text;
  };
}

const PAGES: readonly PageSpec[] = [
  {
    path: 'basics',
    name: 'kql-basics',
    title: 'KQL for Microsoft Sentinel: basics',
    description:
      'How KQL queries are built (pipes, let, time filters first), data types, string operator performance (has vs contains, == vs =~), common pitfalls and performance tips. Read before writing queries.',
    produce: staticPage('basics.md'),
  },
  {
    path: 'operators',
    name: 'kql-operators',
    title: 'KQL tabular operators',
    description:
      'Every KQL tabular operator (where, project, summarize, join, mv-expand, make-series, parse, ...) with syntax and a one-line description, plus the evaluate plugins. Generated from Kusto.Language.',
    produce: operatorsPage,
  },
  {
    path: 'functions',
    name: 'kql-functions',
    title: 'KQL scalar and aggregation functions',
    description:
      'Every KQL scalar function and aggregation function grouped by purpose (string, datetime, math, dynamic, IP, conversion, aggregates, window, ...) with signatures and return types from Kusto.Language.',
    produce: functionsPage,
  },
  {
    path: 'examples',
    name: 'kql-examples',
    title: 'KQL examples',
    description:
      'General KQL examples on Sentinel tables: filtering, summarize, bin and time charts, join, parse, mv-expand, let, materialize, make-series anomaly detection.',
    produce: staticPage('examples.md'),
  },
  {
    path: 'examples/security',
    name: 'kql-security-examples',
    title: 'KQL hunting and detection examples for Sentinel',
    description:
      'Hunting and detection queries on real Sentinel tables: password spray, impossible travel, privileged role changes, inbox forwarding rules, encoded PowerShell, LOLBins, beaconing, threat-intelligence IP matches, SSH brute force, Azure activity.',
    produce: staticPage('examples-security.md'),
  },
  {
    path: 'cheatsheet',
    name: 'kql-cheatsheet',
    title: 'KQL cheat sheet',
    description:
      'One compact page: operators, string operators, time functions, aggregates, join kinds and common patterns.',
    produce: staticPage('cheatsheet.md'),
  },
];

/** The KQL reference resources. Cheap to call: no file is read and Kusto.Language is not loaded. */
export function kqlReferenceResources(): ResourceDefinition[] {
  return PAGES.map((page) => ({
    uri: `${KQL_REFERENCE_BASE_URI}/${page.path}`,
    name: page.name,
    title: page.title,
    description: page.description,
    mimeType: 'text/markdown',
    read: cached(page.produce),
  }));
}
