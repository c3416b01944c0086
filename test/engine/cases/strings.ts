// String operators with KQL's exact semantics: case rules, `has` (whole terms of ASCII
// alphanumerics) versus `contains` (substring), prefixes/suffixes, regex, in/in~, has_any/has_all,
// between, and their negations.
import { Emp, Msgs } from './fixtures.js';
import type { EngineCase } from './types.js';

function bools(...values: boolean[]): EngineCase['expected'] {
  return { rows: [values] };
}

export const stringCases: EngineCase[] = [
  {
    name: '== is case-sensitive',
    query: 'print a = "aBc" == "aBc", b = "abc" == "ABC"',
    expected: {
      columns: [
        ['a', 'bool'],
        ['b', 'bool'],
      ],
      rows: [[true, false]],
    },
    doc: 'datatypes-string-operators',
  },
  {
    name: '!= is case-sensitive',
    query: 'print a = "abc" != "ABC", b = "abc" != "abc"',
    expected: bools(true, false),
  },
  {
    name: '=~ is case-insensitive equality',
    query: 'print a = "abc" =~ "ABC", b = "abc" =~ "abd"',
    expected: bools(true, false),
  },
  {
    name: '!~ is case-insensitive inequality',
    query: 'print a = "aBc" !~ "xyz", b = "abc" !~ "ABC"',
    expected: bools(true, false),
  },
  {
    name: 'has matches a whole term, case-insensitively',
    query: 'print a = "North America" has "america", b = "North America" has "amer"',
    expected: bools(true, false),
    doc: 'datatypes-string-operators: "North America" has "america"; !has "amer"',
  },
  {
    name: 'has: terms are maximal runs of ASCII alphanumerics',
    query:
      'print a = "hello-world" has "world", b = "helloworld" has "world", c = "user@contoso.com" has "contoso", d = "error 404 found" has "404"',
    expected: bools(true, false, true, true),
  },
  {
    name: '!has is the negation of has',
    query: 'print a = "North America" !has "amer", b = "North America" !has "north"',
    expected: bools(true, false),
  },
  {
    name: 'has_cs is case-sensitive',
    query: 'print a = "North America" has_cs "America", b = "North America" has_cs "america"',
    expected: bools(true, false),
  },
  {
    name: '!has_cs',
    query: 'print a = "North America" !has_cs "amer", b = "North America" !has_cs "North"',
    expected: bools(true, false),
  },
  {
    name: 'contains is a case-insensitive substring match',
    query: 'print a = "FabriKam" contains "BRik", b = "Fabrikam" contains "xyz"',
    expected: bools(true, false),
  },
  {
    name: '!contains',
    query: 'print a = "Fabrikam" !contains "xyz", b = "Fabrikam" !contains "RIK"',
    expected: bools(true, false),
  },
  {
    name: 'contains_cs is case-sensitive',
    query: 'print a = "FabriKam" contains_cs "Kam", b = "FabriKam" contains_cs "kam"',
    expected: bools(true, false),
  },
  {
    name: '!contains_cs',
    query: 'print a = "Fabrikam" !contains_cs "Kam", b = "Fabrikam" !contains_cs "kam"',
    expected: bools(true, false),
  },
  {
    name: 'startswith is case-insensitive',
    query: 'print a = "Fabrikam" startswith "fab", b = "Fabrikam" startswith "kam"',
    expected: bools(true, false),
  },
  {
    name: '!startswith',
    query: 'print a = "Fabrikam" !startswith "kam", b = "Fabrikam" !startswith "FAB"',
    expected: bools(true, false),
  },
  {
    name: 'startswith_cs is case-sensitive',
    query: 'print a = "Fabrikam" startswith_cs "Fab", b = "Fabrikam" startswith_cs "fab"',
    expected: bools(true, false),
  },
  {
    name: 'endswith is case-insensitive',
    query: 'print a = "Fabrikam" endswith "Kam", b = "Fabrikam" endswith "brik"',
    expected: bools(true, false),
  },
  {
    name: 'endswith_cs is case-sensitive',
    query: 'print a = "Fabrikam" endswith_cs "kam", b = "Fabrikam" endswith_cs "Kam"',
    expected: bools(true, false),
  },
  {
    name: '!endswith',
    query: 'print a = "Fabrikam" !endswith "brik", b = "Fabrikam" !endswith "KAM"',
    expected: bools(true, false),
  },
  {
    name: 'matches regex finds a match anywhere, case-sensitively',
    query:
      'print a = "Fabrikam" matches regex "b.*k", b = "Fabrikam" matches regex "^b", c = "Fabrikam" matches regex "F.B"',
    expected: bools(true, false, false),
  },
  {
    name: 'matches regex with anchors and classes',
    query: String.raw`print a = "abc123" matches regex @"^[a-z]+\d{3}$", b = "abc12" matches regex @"^[a-z]+\d{3}$"`,
    expected: bools(true, false),
  },
  {
    name: 'in is case-sensitive',
    query: 'print a = "abc" in ("123", "345", "abc"), b = "ABC" in ("abc")',
    expected: bools(true, false),
  },
  {
    name: '!in',
    query: 'print a = "bca" !in ("123", "345", "abc"), b = "abc" !in ("abc")',
    expected: bools(true, false),
  },
  {
    name: 'in~ is case-insensitive',
    query: 'print a = "abc" in~ ("123", "345", "ABC"), b = "abd" in~ ("ABC")',
    expected: bools(true, false),
  },
  {
    name: '!in~',
    query: 'print a = "bca" !in~ ("123", "345", "ABC"), b = "abc" !in~ ("ABC")',
    expected: bools(true, false),
  },
  {
    name: 'has_any: any of the terms',
    query:
      'print a = "North America" has_any ("south", "north"), b = "North America" has_any ("south", "east")',
    expected: bools(true, false),
  },
  {
    name: 'has_all: all of the terms',
    query:
      'print a = "North America" has_all ("north", "america"), b = "North America" has_all ("north", "south")',
    expected: bools(true, false),
  },
  {
    name: 'where has: whole terms only (Administrator and sysadmin do not match admin)',
    query: 'Msgs | where msg has "admin" | project id',
    tables: { Msgs },
    expected: { rows: [[1], [3], [5]] },
  },
  {
    name: 'where contains: any substring, any case',
    query: 'Msgs | where msg contains "admin" | project id',
    tables: { Msgs },
    expected: { rows: [[1], [3], [4], [5], [6]] },
  },
  {
    name: 'where has_cs: whole terms with the exact case',
    query: 'Msgs | where msg has_cs "admin" | project id',
    tables: { Msgs },
    expected: { rows: [[1], [3]] },
  },
  {
    name: 'where contains_cs: substring with the exact case',
    query: 'Msgs | where msg contains_cs "ADMIN" | project id',
    tables: { Msgs },
    expected: { rows: [[5]] },
  },
  {
    name: 'where !has',
    query: 'Msgs | where msg !has "admin" | project id',
    tables: { Msgs },
    expected: { rows: [[2], [4], [6]] },
  },
  {
    name: 'where !contains',
    query: 'Msgs | where msg !contains "admin" | project id',
    tables: { Msgs },
    expected: { rows: [[2]] },
  },
  {
    name: 'where has a term inside a hyphenated word',
    query: 'Msgs | where msg has "tools" | project id',
    tables: { Msgs },
    expected: { rows: [[6]] },
  },
  {
    name: 'where startswith (case-insensitive) and !startswith',
    query: 'Msgs | where msg startswith "admin" | project id',
    tables: { Msgs },
    expected: { rows: [[3], [4]] },
  },
  {
    name: 'where !startswith',
    query: 'Msgs | where msg !startswith "admin" | project id',
    tables: { Msgs },
    expected: { rows: [[1], [2], [5], [6]] },
  },
  {
    name: 'where startswith_cs',
    query: 'Msgs | where msg startswith_cs "Admin" | project id',
    tables: { Msgs },
    expected: { rows: [[4]] },
  },
  {
    name: 'where endswith is case-insensitive',
    query: 'Msgs | where msg endswith "OUT" | project id',
    tables: { Msgs },
    expected: { rows: [[4]] },
  },
  {
    name: 'where has_any over a column',
    query: 'Msgs | where msg has_any ("admin", "locked") | project id',
    tables: { Msgs },
    expected: { rows: [[1], [3], [4], [5]] },
  },
  {
    name: 'where has_all over a column',
    query: 'Msgs | where msg has_all ("admin", "password") | project id',
    tables: { Msgs },
    expected: { rows: [[3]] },
  },
  {
    name: 'where matches regex over a column',
    query: 'Msgs | where msg matches regex "^[A-Z]" | project id',
    tables: { Msgs },
    expected: { rows: [[1], [4]] },
  },
  {
    name: 'where == versus =~ over a column',
    query:
      'Msgs | extend exact = msg == "LOGIN ok", loose = msg =~ "LOGIN ok" | where loose | project id, exact',
    tables: { Msgs },
    expected: { rows: [[2, false]] },
  },
  {
    name: 'where in~ over a column',
    query: 'Msgs | where msg in~ ("LOGIN ok", "nothing") | project id',
    tables: { Msgs },
    expected: { rows: [[2]] },
  },
  {
    name: 'where =~ on a name',
    query: 'Emp | where name =~ "ALICE" | project id',
    tables: { Emp },
    expected: { rows: [[1]] },
  },
  {
    name: 'in with numbers',
    query: 'range x from 1 to 5 step 1 | where x in (2, 4, 9)',
    expected: { rows: [[2], [4]] },
  },
  {
    name: '!in with numbers',
    query: 'range x from 1 to 5 step 1 | where x !in (2, 4)',
    expected: { rows: [[1], [3], [5]] },
  },
  {
    name: 'between is inclusive at both ends',
    query: 'range x from 1 to 10 step 1 | where x between (3 .. 5)',
    expected: { rows: [[3], [4], [5]] },
  },
  {
    name: '!between',
    query: 'range x from 1 to 6 step 1 | where x !between (2 .. 5)',
    expected: { rows: [[1], [6]] },
  },
  {
    name: 'between two datetimes',
    query: 'Emp | where t between (datetime(2024-01-11) .. datetime(2024-01-13)) | project id',
    tables: { Emp },
    expected: { rows: [[2], [3]] },
  },
  {
    name: 'between a datetime and a timespan',
    query: 'Emp | where t between (datetime(2024-01-12) .. 2d) | project id',
    tables: { Emp },
    expected: { rows: [[3], [4]] },
    doc: 'between operator: the right side may be a timespan added to the left',
  },
  {
    name: 'between with reals',
    query: 'datatable(v:real)[0.5, 1.0, 1.5, 2.0, 2.5] | where v between (1.0 .. 2.0)',
    expected: { rows: [[1.0], [1.5], [2.0]] },
  },
  {
    name: 'empty string equality and isempty',
    query: 'print a = "" == "", b = isempty(""), c = "" == " "',
    expected: bools(true, true, false),
  },
];
