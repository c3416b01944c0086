// Datetime and timespan functions and arithmetic, numeric functions, integer division and modulo.
import type { EngineCase } from './types.js';

export const datetimeCases: EngineCase[] = [
  {
    name: 'startofday and endofday',
    query: 'print a = startofday(datetime(2024-01-15 13:45:10)), b = endofday(datetime(2024-01-15 13:45:10))',
    expected: {
      columns: [
        ['a', 'datetime'],
        ['b', 'datetime'],
      ],
      rows: [['2024-01-15T00:00:00Z', '2024-01-15T23:59:59.9999999Z']],
    },
  },
  {
    name: 'startofmonth and endofmonth in a leap February',
    query: 'print a = startofmonth(datetime(2024-02-20 08:00)), b = endofmonth(datetime(2024-02-10))',
    expected: { rows: [['2024-02-01T00:00:00Z', '2024-02-29T23:59:59.9999999Z']] },
  },
  {
    name: 'startofweek: weeks start on Sunday',
    query: 'print a = startofweek(datetime(2024-01-17 15:00)), b = startofweek(datetime(2024-01-14))',
    expected: { rows: [['2024-01-14T00:00:00Z', '2024-01-14T00:00:00Z']] },
    doc: 'startofweek(): start of the week is considered to be a Sunday',
  },
  {
    name: 'startofweek with an offset (doc example)',
    query:
      'range offset from -1 to 1 step 1 | project weekStart = startofweek(datetime(2017-01-01 10:10:17), offset)',
    expected: {
      rows: [['2016-12-25T00:00:00Z'], ['2017-01-01T00:00:00Z'], ['2017-01-08T00:00:00Z']],
    },
    doc: 'startofweek() example',
  },
  {
    name: 'datetime_diff for every period (doc example)',
    query: `print
year = datetime_diff('year',datetime(2017-01-01),datetime(2000-12-31)),
quarter = datetime_diff('quarter',datetime(2017-07-01),datetime(2017-03-30)),
month = datetime_diff('month',datetime(2017-01-01),datetime(2015-12-30)),
week = datetime_diff('week',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
day = datetime_diff('day',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
hour = datetime_diff('hour',datetime(2017-10-31 01:00),datetime(2017-10-30 23:59)),
minute = datetime_diff('minute',datetime(2017-10-30 23:05:01),datetime(2017-10-30 23:00:59)),
second = datetime_diff('second',datetime(2017-10-30 23:00:10.100),datetime(2017-10-30 23:00:00.900)),
millisecond = datetime_diff('millisecond',datetime(2017-10-30 23:00:00.200100),datetime(2017-10-30 23:00:00.100900)),
microsecond = datetime_diff('microsecond',datetime(2017-10-30 23:00:00.1009001),datetime(2017-10-30 23:00:00.1008009)),
nanosecond = datetime_diff('nanosecond',datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))`,
    expected: { rows: [[17, 2, 13, 5, 29, 2, 5, 10, 100, 100, -700]] },
    doc: 'datetime_diff() example: counts period boundaries crossed',
  },
  {
    name: 'datetime_diff is negative when the first date is earlier',
    query: "print d = datetime_diff('day', datetime(2024-01-01), datetime(2024-01-03 12:00))",
    expected: { columns: [['d', 'long']], rows: [[-2]] },
  },
  {
    name: 'datetime_add of days, hours, minutes and months',
    query:
      "print a = datetime_add('day', 1, datetime(2024-01-31)), b = datetime_add('hour', -2, datetime(2024-01-01)), c = datetime_add('month', 2, datetime(2024-01-15)), d = datetime_add('minute', 90, datetime(2024-01-01))",
    expected: {
      rows: [
        ['2024-02-01T00:00:00Z', '2023-12-31T22:00:00Z', '2024-03-15T00:00:00Z', '2024-01-01T01:30:00Z'],
      ],
    },
  },
  {
    name: 'format_datetime (doc examples)',
    query: `let dt = datetime(2017-01-29 09:00:05);
print v1 = format_datetime(dt, 'yy-MM-dd [HH:mm:ss]'), v2 = format_datetime(dt, 'yyyy-M-dd [H:mm:ss]'), v3 = format_datetime(dt, 'yy-MM-dd [hh:mm:ss tt]')`,
    expected: { rows: [['17-01-29 [09:00:05]', '2017-1-29 [9:00:05]', '17-01-29 [09:00:05 AM]']] },
    doc: 'format_datetime() examples',
  },
  {
    name: 'format_datetime with a four-digit year and fractions',
    query: "print a = format_datetime(datetime(2024-03-05 14:07:09.123), 'yyyy-MM-dd HH:mm:ss.fff')",
    expected: { rows: [['2024-03-05 14:07:09.123']] },
  },
  {
    name: 'datetime comparisons',
    query:
      'print a = datetime(2024-01-02) > datetime(2024-01-01), b = datetime(2024-01-01 00:00:00) == datetime(2024-01-01), c = datetime(2024-01-01 10:00) < datetime(2024-01-01 09:59)',
    expected: { rows: [[true, true, false]] },
  },
  {
    name: 'datetime minus datetime is a timespan',
    query: 'print d = datetime(2024-01-02 06:00) - datetime(2024-01-01)',
    expected: { columns: [['d', 'timespan']], rows: [['1.06:00:00']] },
  },
  {
    name: 'a negative timespan',
    query: 'print d = datetime(2024-01-01) - datetime(2024-01-02)',
    expected: { columns: [['d', 'timespan']], rows: [['-1.00:00:00']] },
  },
  {
    name: 'datetime plus and minus a timespan',
    query: 'print a = datetime(2024-01-31) + 1d, b = datetime(2024-03-01) - 1h',
    expected: { rows: [['2024-02-01T00:00:00Z', '2024-02-29T23:00:00Z']] },
  },
  {
    name: 'timespan literals as text',
    query: 'print a = 90m, b = 2d, c = 500ms, d = 1h + 30s',
    expected: {
      columns: [
        ['a', 'timespan'],
        ['b', 'timespan'],
        ['c', 'timespan'],
        ['d', 'timespan'],
      ],
      rows: [['01:30:00', '2.00:00:00', '00:00:00.5000000', '01:00:30']],
    },
  },
  {
    name: 'timespan divided by timespan is a real; number times timespan is a timespan',
    query: 'print a = 1d / 5h, b = 1h / 1s, c = 1.5 * 1h',
    expected: {
      columns: [
        ['a', 'real'],
        ['b', 'real'],
        ['c', 'timespan'],
      ],
      rows: [[4.8, 3600, '01:30:00']],
    },
    doc: 'datetime-timespan-arithmetic: 1d / 5h gives 4.8',
  },
  {
    name: 'bin of a datetime to a day (doc example)',
    query: 'print a = bin(datetime(1970-05-11 13:45:07), 1d)',
    expected: { rows: [['1970-05-11T00:00:00Z']] },
    doc: 'bin() example',
  },
  {
    name: 'bin of a timespan (doc example)',
    query: 'print a = bin(time(16d), 7d)',
    expected: { rows: [['14.00:00:00']] },
    doc: 'bin() example',
  },
  {
    name: 'bin and floor of numbers round down',
    query: 'print a = bin(7, 5), b = floor(7, 5), c = bin(4.5, 1), d = bin(-7, 5)',
    expected: { rows: [[5, 5, 4, -10]] },
    doc: 'bin(): the nearest multiple of roundTo below value',
  },
  {
    name: 'bin of a datetime to 15 minutes',
    query: 'print a = bin(datetime(2024-01-01 10:44:59), 15m)',
    expected: { rows: [['2024-01-01T10:30:00Z']] },
  },
  {
    name: 'round (doc examples)',
    query:
      'print a = round(2.98765, 3), b = round(2.15, 1), c = round(2.15), d = round(-50.55, -2), e = round(21.5, -1)',
    expected: { rows: [[2.988, 2.2, 2, -100, 20]] },
    doc: 'round() examples',
  },
  {
    name: 'abs of a long and a real',
    query: 'print a = abs(-5), b = abs(-2.5), c = abs(3)',
    expected: { rows: [[5, 2.5, 3]] },
  },
  {
    name: 'log, exp, pow and sqrt',
    query: 'print a = log(exp(2.0)), b = pow(2, 10), c = sqrt(16.0), d = exp(0.0), e = log(1.0)',
    expected: { rows: [[2, 1024, 4, 1, 0]] },
  },
  {
    name: 'integer division truncates; a real operand gives a real',
    query: 'print a = 7 / 2, b = 7 / 2.0, c = 1 / 2, d = real(1) / 2',
    expected: {
      columns: [
        ['a', 'long'],
        ['b', 'real'],
        ['c', 'long'],
        ['d', 'real'],
      ],
      rows: [[3, 3.5, 0, 0.5]],
    },
    doc: 'numerical operators: division of integers is truncated to an integer',
  },
  {
    name: 'integer division of a negative long truncates toward zero',
    query: 'print a = -7 / 2, b = 7 / -2',
    expected: { rows: [[-3, -3]] },
    doc: 'numerical operators: integer division is truncated',
  },
  {
    name: 'integer division over a long column',
    query: 'datatable(a:long, b:long)[7, 2, 9, 4, 1, 3] | extend q = a / b',
    expected: {
      rows: [
        [7, 2, 3],
        [9, 4, 2],
        [1, 3, 0],
      ],
    },
  },
  {
    name: 'modulo is never negative (doc example)',
    query: 'print plusPlus = 14 % 12, minusPlus = -14 % 12, plusMinus = 14 % -12, minusMinus = -14 % -12',
    expected: { rows: [[2, 10, 2, 10]] },
    doc: 'numerical operators: 0 <= (N % D) < abs(D)',
  },
  {
    name: 'real arithmetic',
    query: 'print a = 0.1 + 0.2, b = 10.0 / 4, c = 2.5 * 2',
    expected: { rows: [[0.30000000000000004, 2.5, 5]] },
  },
  {
    name: 'unary minus and operator precedence',
    query: 'print a = -(2 + 3) * 4, b = 2 + 3 * 4, c = (2 + 3) * 4',
    expected: { rows: [[-20, 14, 20]] },
  },
];
