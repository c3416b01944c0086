// datetime and timespan functions (datetime is TIMESTAMP_NS, timespan is BIGINT ticks).
import type { FnCall, ScalarImpl } from '../calls.js';
import { bigintLiteral, quoteString, isNumeric } from '../sql.js';
import { TICKS_PER_DAY, parseTimespanText } from '../values.js';
import { kindOf, nodeText } from '../kinds.js';
import { coerce } from '../coerce.js';

const DAY = TICKS_PER_DAY.toString();

function now(c: FnCall): string {
  const base = c.env.ctx.nowSql();
  return c.has(0) ? `kql_dt_add(${base}, ${c.argAs(0, 'timespan')})` : base;
}

const trunc = (unit: string, x: string): string => `CAST(date_trunc('${unit}', ${x}) AS TIMESTAMP_NS)`;

/** Adds whole months keeping the sub-microsecond part (TIMESTAMP arithmetic drops it). */
function addMonths(x: string, months: string): string {
  return `make_timestamp_ns(epoch_ns(CAST(CAST(${x} AS TIMESTAMP) + to_months(CAST(${months} AS INTEGER)) AS TIMESTAMP_NS)) + (((epoch_ns(${x}) % 1000) + 1000) % 1000))`;
}

function startOf(unit: 'day' | 'week' | 'month' | 'year'): ScalarImpl {
  return (c) => {
    const x = c.argAs(0, 'datetime');
    const offset = c.has(1) ? c.argAs(1, 'long') : undefined;
    switch (unit) {
      case 'day':
        return offset ? `kql_dt_add(${trunc('day', x)}, ${offset} * ${DAY})` : trunc('day', x);
      case 'week': {
        const start = `kql_dt_add(${trunc('day', x)}, -CAST(dayofweek(${x}) AS BIGINT) * ${DAY})`;
        return offset ? `kql_dt_add(${start}, ${offset} * 7 * ${DAY})` : start;
      }
      case 'month':
        return offset ? addMonths(trunc('month', x), offset) : trunc('month', x);
      case 'year':
        return offset ? addMonths(trunc('year', x), `${offset} * 12`) : trunc('year', x);
    }
  };
}

function endOf(unit: 'day' | 'week' | 'month' | 'year'): ScalarImpl {
  const start = startOf(unit);
  return (c) => {
    const s = start(c) as string;
    const next =
      unit === 'day'
        ? `kql_dt_add(${s}, ${DAY})`
        : unit === 'week'
          ? `kql_dt_add(${s}, 7 * ${DAY})`
          : addMonths(s, unit === 'month' ? '1' : '12');
    return `kql_dt_add(${next}, -1)`;
  };
}

const PART_TICKS: Record<string, bigint> = {
  week: 7n * TICKS_PER_DAY,
  weeks: 7n * TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  days: TICKS_PER_DAY,
  hour: 36_000_000_000n,
  hours: 36_000_000_000n,
  minute: 600_000_000n,
  minutes: 600_000_000n,
  second: 10_000_000n,
  seconds: 10_000_000n,
  millisecond: 10_000n,
  milliseconds: 10_000n,
  microsecond: 10n,
  microseconds: 10n,
};

function datetimeAdd(c: FnCall): string {
  const part = (c.constString(0) ?? '').toLowerCase();
  const amount = c.argAs(1, 'long');
  const x = c.argAs(2, 'datetime');
  if (part === 'year' || part === 'years') return addMonths(x, `${amount} * 12`);
  if (part === 'quarter' || part === 'quarters') return addMonths(x, `${amount} * 3`);
  if (part === 'month' || part === 'months') return addMonths(x, amount);
  if (part === 'nanosecond' || part === 'nanoseconds') return `make_timestamp_ns(epoch_ns(${x}) + ${amount})`;
  const ticks = PART_TICKS[part];
  if (ticks === undefined) return c.fail(`datetime_add() with the part '${part}'`);
  return `kql_dt_add(${x}, ${amount} * ${bigintLiteral(ticks)})`;
}

/** datetime_diff(part, a, b): the number of part boundaries between b and a. */
function datetimeDiff(c: FnCall): string {
  const part = (c.constString(0) ?? '').toLowerCase();
  const a = c.argAs(1, 'datetime');
  const b = c.argAs(2, 'datetime');
  const units: Record<string, number> = { millisecond: 1_000_000, microsecond: 1_000, nanosecond: 1 };
  const floorDiv = (x: string, u: number): string => `((${x} - (((${x} % ${u}) + ${u}) % ${u})) // ${u})`;
  if (part in units) {
    const u = units[part] ?? 1;
    return `(${floorDiv(`epoch_ns(${a})`, u)} - ${floorDiv(`epoch_ns(${b})`, u)})`;
  }
  if (part === 'week') {
    // KQL weeks start on Sunday; 1970-01-01 was a Thursday, so Sunday-based week k starts at day 7k - 4.
    const week = (x: string): string =>
      floorDiv(`(${floorDiv(`epoch_ns(${x})`, 86_400_000_000_000)} + 4)`, 7);
    return `(${week(a)} - ${week(b)})`;
  }
  if (!['year', 'quarter', 'month', 'day', 'hour', 'minute', 'second'].includes(part)) {
    return c.fail(`datetime_diff() with the part '${part}'`);
  }
  return `date_diff('${part}', CAST(${b} AS TIMESTAMP), CAST(${a} AS TIMESTAMP))`;
}

function datetimePart(c: FnCall): string {
  const part = (c.constString(0) ?? '').toLowerCase();
  const x = c.argAs(1, 'datetime');
  const map: Record<string, string> = {
    year: `year(${x})`,
    quarter: `quarter(${x})`,
    month: `month(${x})`,
    week_of_year: `weekofyear(${x})`,
    weekofyear: `weekofyear(${x})`,
    day: `day(${x})`,
    dayofyear: `dayofyear(${x})`,
    hour: `hour(${x})`,
    minute: `minute(${x})`,
    second: `second(${x})`,
    millisecond: `CAST((((epoch_ns(${x}) % 1000000000) + 1000000000) % 1000000000) // 1000000 AS INTEGER)`,
    microsecond: `CAST((((epoch_ns(${x}) % 1000000000) + 1000000000) % 1000000000) // 1000 AS INTEGER)`,
    nanosecond: `CAST((((epoch_ns(${x}) % 1000000000) + 1000000000) % 1000000000) AS INTEGER)`,
  };
  const sql = map[part];
  if (!sql) return c.fail(`datetime_part() with the part '${part}'`);
  return `CAST(${sql} AS INTEGER)`;
}

const TICKS_TO_YEAR_ONE = 621_355_968_000_000_000n;

/** A constant timespan argument in ticks, when it is a literal. */
function constantTicks(node: Kusto.Language.Syntax.Expression | undefined): bigint | undefined {
  if (!node || kindOf(node) !== 'TimespanLiteralExpression') return undefined;
  return parseTimespanText(nodeText(node)) ?? undefined;
}

/**
 * bin() of a datetime by a constant span: floor division of epoch ns, shifted so that bins line up
 * with 0001-01-01 as KQL's do (a no-op for spans that divide a day). Cheaper than the general macro.
 */
function datetimeBinConstant(t: string, ticks: bigint): string {
  const span = ticks * 100n;
  const offset = (TICKS_TO_YEAR_ONE % ticks) * 100n;
  const e = offset === 0n ? `epoch_ns(${t})` : `(epoch_ns(${t}) + ${offset})`;
  const floored = `CASE WHEN ${e} >= 0 THEN (${e} // ${span}) * ${span} ELSE ${e} - (((${e} % ${span}) + ${span}) % ${span}) END`;
  return `make_timestamp_ns(${floored}${offset === 0n ? '' : ` - ${offset}`})`;
}

/** bin(value, size) for every type bin accepts. */
export function bin(c: FnCall): string {
  const value = c.arg(0);
  if (value.type === 'datetime') {
    const ticks = constantTicks(c.args[1]);
    if (ticks !== undefined && ticks > 0n) return datetimeBinConstant(value.sql, ticks);
    return `kql_dt_bin(${value.sql}, ${c.argAs(1, 'timespan')})`;
  }
  if (value.type === 'timespan') {
    const size = c.argAs(1, 'timespan');
    return `CAST(floor(${value.sql} / ${size}) * ${size} AS BIGINT)`;
  }
  const type = c.resultType;
  const size = c.argAs(1, isNumeric(type) ? type : 'real');
  const x = coerce(value, isNumeric(type) ? type : 'real');
  const binned = `kql_num_bin(${x}, ${size})`;
  return type === 'long' || type === 'int'
    ? `CAST(${binned} AS ${type === 'int' ? 'INTEGER' : 'BIGINT'})`
    : binned;
}

function binAt(c: FnCall): string {
  const value = c.arg(0);
  if (value.type === 'datetime')
    return `kql_dt_bin_at(${value.sql}, ${c.argAs(1, 'timespan')}, ${c.argAs(2, 'datetime')})`;
  const type = c.resultType;
  const t = isNumeric(type) || type === 'timespan' ? type : 'real';
  const x = coerce(value, t);
  const size = c.argAs(1, t);
  const fixed = c.argAs(2, t);
  const sql = `(floor((${x} - ${fixed}) / ${size}) * ${size} + ${fixed})`;
  return t === 'long' || t === 'int' || t === 'timespan' ? `CAST(${sql} AS BIGINT)` : sql;
}

function unixTime(nsPerUnit: number): ScalarImpl {
  return (c) => `make_timestamp_ns(CAST(${c.argAs(0, 'real')} * ${nsPerUnit} AS BIGINT))`;
}

function makeDatetime(c: FnCall): string {
  const parts = [0, 1, 2].map((i) => c.argAs(i, 'long'));
  const h = c.has(3) ? c.argAs(3, 'long') : '0';
  const m = c.has(4) ? c.argAs(4, 'long') : '0';
  const s = c.has(5) ? c.argAs(5, 'real') : '0';
  return `CAST(make_timestamp(${parts.join(', ')}, ${h}, ${m}, ${s}) AS TIMESTAMP_NS)`;
}

function makeTimespan(c: FnCall): string {
  const n = c.count;
  const args = Array.from({ length: n }, (_, i) => c.argAs(i, 'real'));
  const [d, h, m, s] = n >= 4 ? args : n === 3 ? ['0', ...args] : ['0', args[0] ?? '0', args[1] ?? '0', '0'];
  return `CAST(round(((${d} * 24 + ${h}) * 60 + ${m}) * 60 * 10000000 + ${s} * 10000000) AS BIGINT)`;
}

const DATETIME_TOKENS: [RegExp, (x: string, n: number) => string][] = [
  [/^yyyy/, (x) => `strftime(${x}, '%Y')`],
  [/^yy/, (x) => `strftime(${x}, '%y')`],
  [/^y/, (x) => `CAST(year(${x}) % 100 AS VARCHAR)`],
  [/^MM/, (x) => `strftime(${x}, '%m')`],
  [/^M/, (x) => `CAST(month(${x}) AS VARCHAR)`],
  [/^dd/, (x) => `strftime(${x}, '%d')`],
  [/^d/, (x) => `CAST(day(${x}) AS VARCHAR)`],
  [/^HH/, (x) => `strftime(${x}, '%H')`],
  [/^H/, (x) => `CAST(hour(${x}) AS VARCHAR)`],
  [/^hh/, (x) => `strftime(${x}, '%I')`],
  [/^h/, (x) => `CAST(CASE WHEN hour(${x}) % 12 = 0 THEN 12 ELSE hour(${x}) % 12 END AS VARCHAR)`],
  [/^mm/, (x) => `strftime(${x}, '%M')`],
  [/^m/, (x) => `CAST(minute(${x}) AS VARCHAR)`],
  [/^ss/, (x) => `strftime(${x}, '%S')`],
  [/^s/, (x) => `CAST(CAST(second(${x}) AS INTEGER) AS VARCHAR)`],
  [/^tt/, (x) => `strftime(${x}, '%p')`],
  [
    /^f{1,9}/,
    (x, n) =>
      `substring(lpad(CAST((((epoch_ns(${x}) % 1000000000) + 1000000000) % 1000000000) AS VARCHAR), 9, '0'), 1, ${n})`,
  ],
  [
    /^F{1,9}/,
    (x, n) =>
      `rtrim(substring(lpad(CAST((((epoch_ns(${x}) % 1000000000) + 1000000000) % 1000000000) AS VARCHAR), 9, '0'), 1, ${n}), '0')`,
  ],
];

function formatWith(
  c: FnCall,
  x: string,
  tokens: [RegExp, (x: string, n: number) => string][],
  what: string,
): string {
  const format = c.constString(1);
  if (format === undefined) return c.fail(`${what}() with a non-constant format`);
  const parts: string[] = [];
  let rest = format;
  while (rest.length > 0) {
    const token = tokens.find(([re]) => re.test(rest));
    if (token) {
      const match = (token[0].exec(rest) as RegExpExecArray)[0];
      parts.push(token[1](x, match.length));
      rest = rest.slice(match.length);
    } else if (/^[A-Za-z]/.test(rest)) {
      return c.fail(`${what}() with the format '${format}'`);
    } else {
      parts.push(quoteString(rest.charAt(0) === '\\' ? rest.charAt(1) : rest.charAt(0)));
      rest = rest.slice(rest.charAt(0) === '\\' ? 2 : 1);
    }
  }
  return `CASE WHEN ${x} IS NULL THEN '' ELSE concat(${parts.join(', ') || "''"}) END`;
}

const TIMESPAN_TOKENS: [RegExp, (x: string, n: number) => string][] = [
  [/^d+/, (x, n) => `lpad(CAST(abs(${x}) // ${DAY} AS VARCHAR), ${n}, '0')`],
  [/^[hH]+/, (x, n) => `lpad(CAST((abs(${x}) // 36000000000) % 24 AS VARCHAR), ${n}, '0')`],
  [/^m+/, (x, n) => `lpad(CAST((abs(${x}) // 600000000) % 60 AS VARCHAR), ${n}, '0')`],
  [/^s+/, (x, n) => `lpad(CAST((abs(${x}) // 10000000) % 60 AS VARCHAR), ${n}, '0')`],
  [/^f{1,7}/, (x, n) => `substring(lpad(CAST(abs(${x}) % 10000000 AS VARCHAR), 7, '0'), 1, ${n})`],
  [
    /^F{1,7}/,
    (x, n) => `rtrim(substring(lpad(CAST(abs(${x}) % 10000000 AS VARCHAR), 7, '0'), 1, ${n}), '0')`,
  ],
];

export const DATETIME_FUNCTIONS: Record<string, ScalarImpl> = {
  now,
  ago: (c) => `kql_dt_add(${c.env.ctx.nowSql()}, -(${c.argAs(0, 'timespan')}))`,
  startofday: startOf('day'),
  startofweek: startOf('week'),
  startofmonth: startOf('month'),
  startofyear: startOf('year'),
  endofday: endOf('day'),
  endofweek: endOf('week'),
  endofmonth: endOf('month'),
  endofyear: endOf('year'),
  datetime_add: datetimeAdd,
  datetime_diff: datetimeDiff,
  datetime_part: datetimePart,
  datepart: (c) => datetimePart(c),
  dayofweek: (c) => `CAST(dayofweek(${c.argAs(0, 'datetime')}) AS BIGINT) * ${DAY}`,
  dayofmonth: (c) => `CAST(day(${c.argAs(0, 'datetime')}) AS INTEGER)`,
  dayofyear: (c) => `CAST(dayofyear(${c.argAs(0, 'datetime')}) AS INTEGER)`,
  hourofday: (c) => `CAST(hour(${c.argAs(0, 'datetime')}) AS INTEGER)`,
  monthofyear: (c) => `CAST(month(${c.argAs(0, 'datetime')}) AS INTEGER)`,
  getmonth: (c) => `CAST(month(${c.argAs(0, 'datetime')}) AS INTEGER)`,
  getyear: (c) => `CAST(year(${c.argAs(0, 'datetime')}) AS INTEGER)`,
  weekofyear: (c) => `CAST(weekofyear(${c.argAs(0, 'datetime')}) AS INTEGER)`,
  week_of_year: (c) => `CAST(weekofyear(${c.argAs(0, 'datetime')}) AS INTEGER)`,
  bin,
  floor: (c) => (c.has(1) ? bin(c) : `floor(${c.argAs(0, 'real')})`),
  bin_at: binAt,
  make_datetime: makeDatetime,
  make_timespan: makeTimespan,
  unixtime_seconds_todatetime: unixTime(1e9),
  unixtime_milliseconds_todatetime: unixTime(1e6),
  unixtime_microseconds_todatetime: unixTime(1e3),
  unixtime_nanoseconds_todatetime: unixTime(1),
  format_datetime: (c) => formatWith(c, c.argAs(0, 'datetime'), DATETIME_TOKENS, 'format_datetime'),
  format_timespan: (c) => {
    const x = c.argAs(0, 'timespan');
    const body = formatWith(c, x, TIMESPAN_TOKENS, 'format_timespan');
    return `CASE WHEN ${x} < 0 THEN '-' ELSE '' END || ${body}`;
  },
  ingestion_time: (c) => {
    const row = c.env.row;
    const column = row?.relation.columns.find(
      (col) => col.name === 'TimeGenerated' && col.type === 'datetime',
    );
    if (!row || !column) return c.fail('ingestion_time() on a table without TimeGenerated');
    return row.alias ? `${row.alias}.${column.id}` : column.id;
  },
};
