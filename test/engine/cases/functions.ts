// Scalar functions on strings, conversions, conditionals, hashing and network addresses.
import { Emp } from './fixtures.js';
import type { EngineCase } from './types.js';

export const functionCases: EngineCase[] = [
  {
    name: 'strlen of a word and of the empty string',
    query: 'print a = strlen("hello"), b = strlen("")',
    expected: {
      columns: [
        ['a', 'long'],
        ['b', 'long'],
      ],
      rows: [[5, 0]],
    },
  },
  {
    name: 'substring with and without a length',
    query: 'print a = substring("abcdef", 2, 3), b = substring("abcdef", 1), c = substring("ABCD", 0, 2)',
    expected: { rows: [['cde', 'bcdef', 'AB']] },
  },
  {
    name: 'tolower and toupper',
    query: 'print a = tolower("AbC"), b = toupper("AbC")',
    expected: { rows: [['abc', 'ABC']] },
  },
  {
    name: 'strcat and strcat_delim',
    query:
      'print a = strcat("a", "b", "c"), b = strcat_delim("-", "a", "b", "c"), c = strcat("n=", tostring(5))',
    expected: { rows: [['abc', 'a-b-c', 'n=5']] },
  },
  {
    name: 'split: examples from the docs',
    query:
      'print a = split("aa_bb", "_"), b = split("aaa_bbb_ccc", "_", 1), c = split("", "_"), d = split("a__b", "_"), e = split("aabbcc", "bb")',
    expected: { rows: [[['aa', 'bb'], ['bbb'], [''], ['a', '', 'b'], ['aa', 'cc']]] },
    doc: 'split() examples',
  },
  {
    name: 'split then index into the array',
    query: 'print a = tostring(split("a,b,c", ",")[1])',
    expected: { rows: [['b']] },
  },
  {
    name: 'replace_string replaces every occurrence',
    query: 'print a = replace_string("A magic trick", "magic", "cool"), b = replace_string("aaa", "a", "b")',
    expected: { rows: [['A cool trick', 'bbb']] },
  },
  {
    name: 'replace_regex with a capture group',
    query: String.raw`print a = replace_regex("Number is 42", @"is (\d+)", @"was: \1")`,
    expected: { rows: [['Number was: 42']] },
  },
  {
    name: 'replace_regex replaces all non-overlapping matches',
    query: String.raw`print a = replace_regex("a1b22c333", @"\d+", "#")`,
    expected: { rows: [['a#b#c#']] },
  },
  {
    name: 'trim: a literal substring and whitespace',
    query: String.raw`print a = trim("--", "--https://bing.com--"), b = trim(@"\s+", "    Hello, world!    ")`,
    expected: { rows: [['https://bing.com', 'Hello, world!']] },
    doc: 'trim() examples',
  },
  {
    name: 'trim: non-word characters',
    query: String.raw`print a = trim(@"[^\w]+", "-  Te st1// $")`,
    expected: { rows: [['Te st1']] },
    doc: 'trim() examples',
  },
  {
    name: 'indexof: examples from the docs',
    query:
      'print idx1 = indexof("abcdefg","cde"), idx3 = indexof("abcdefg","cde",1,2), idx4 = indexof("abcdefg","cde",3,4), idx7 = indexof("abcdefg","cde",2,-1), idx8 = indexof("abcdefgabcdefg", "cde", 1, 10, 2), nf = indexof("abc", "z")',
    expected: { rows: [[2, -1, -1, 2, 9, -1]] },
    doc: 'indexof() examples',
  },
  {
    name: 'countof: plain matches may overlap, regex matches do not',
    query:
      'print a = countof("aaa", "a"), b = countof("aaaa", "aa"), c = countof("ababa", "ab", "normal"), d = countof("ababa", "aba"), e = countof("ababa", "aba", "regex"), f = countof("abcabc", "a.c", "regex")',
    expected: { rows: [[3, 3, 2, 2, 1, 2]] },
    doc: 'countof() examples',
  },
  {
    name: 'extract: a capture group converted to int',
    query: String.raw`print m = extract(@"-(\d{2})-", 1, "15-12-2024", typeof(int))`,
    expected: { columns: [['m', 'int']], rows: [[12]] },
    doc: 'extract() example',
  },
  {
    name: 'extract: a string capture group, group 0, and no match',
    query: String.raw`print a = extract("User: ([^,]+)", 1, "User: JohnDoe, Email: j@x.com"), b = extract(@"\d+", 0, "abc 123 def"), c = extract(@"(\d+)", 1, "none here")`,
    expected: { rows: [['JohnDoe', '123', '']] },
    doc: 'extract(): no match gives null, and a null string is empty',
  },
  {
    name: 'extract with typeof(long) and no match is null',
    query: String.raw`print a = extract(@"id=(\d+)", 1, "id=77", typeof(long)), b = extract(@"id=(\d+)", 1, "none", typeof(long))`,
    expected: { rows: [[77, null]] },
  },
  {
    name: 'extract_all: one capture group gives a flat array',
    query: String.raw`print a = extract_all(@"(\d+)", "a set of numbers: 123, 567 and 789")`,
    expected: { rows: [[['123', '567', '789']]] },
    doc: 'extract_all() example',
  },
  {
    name: 'extract_all: several capture groups give an array of arrays',
    query: String.raw`print a = extract_all(@"(\w)(\w+)(\w)", "82b8be2d-dfa7-4bd1")`,
    expected: {
      rows: [
        [
          [
            ['8', '2b8be2', 'd'],
            ['d', 'fa', '7'],
            ['4', 'bd', '1'],
          ],
        ],
      ],
    },
    doc: 'extract_all() example',
  },
  {
    name: 'extract_all: no match is null',
    query: String.raw`print a = isnull(extract_all(@"(\d+)", "no digits"))`,
    expected: { rows: [[true]] },
  },
  {
    name: 'base64_decode_tostring',
    query: 'print a = base64_decode_tostring("S3VzdG8=")',
    expected: { rows: [['Kusto']] },
  },
  {
    name: 'hash_sha256 is lowercase hex',
    query: 'print a = hash_sha256("World")',
    expected: { rows: [['78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524']] },
  },
  {
    name: 'tostring of a number, a null and a string',
    query: 'print a = tostring(123), b = tostring(long(null)), c = tostring("x")',
    expected: {
      columns: [
        ['a', 'string'],
        ['b', 'string'],
        ['c', 'string'],
      ],
      rows: [['123', '', 'x']],
    },
    doc: 'tostring(): if value is null, the result is an empty string',
  },
  {
    name: 'toint: parse, failure is null, reals truncate',
    query: 'print a = toint("123"), b = toint("abc"), c = toint(2.7)',
    expected: {
      columns: [
        ['a', 'int'],
        ['b', 'int'],
        ['c', 'int'],
      ],
      rows: [[123, null, 2]],
    },
    doc: 'toint(): null when conversion fails; decimals truncate',
  },
  {
    name: 'tolong of a large value and of a bad string',
    query: 'print a = tolong("9000000000"), b = tolong("x")',
    expected: {
      columns: [
        ['a', 'long'],
        ['b', 'long'],
      ],
      rows: [[9000000000, null]],
    },
  },
  {
    name: 'toreal and todouble',
    query: 'print a = toreal("1.5"), b = todouble("x"), c = toreal(2)',
    expected: {
      columns: [
        ['a', 'real'],
        ['b', 'real'],
        ['c', 'real'],
      ],
      rows: [[1.5, null, 2]],
    },
  },
  {
    name: 'tobool of strings and numbers',
    query: 'print a = tobool("true"), b = tobool("false"), c = tobool(1), d = tobool(123)',
    expected: {
      columns: [
        ['a', 'bool'],
        ['b', 'bool'],
        ['c', 'bool'],
        ['d', 'bool'],
      ],
      rows: [[true, false, true, true]],
    },
    doc: 'tobool() examples',
  },
  {
    name: 'toguid gives a lowercase guid; a bad string is null',
    query: 'print g = toguid("74BE27DE-1E4E-49D9-B579-FE0B331D3642"), h = toguid("nope")',
    expected: {
      columns: [
        ['g', 'guid'],
        ['h', 'guid'],
      ],
      rows: [['74be27de-1e4e-49d9-b579-fe0b331d3642', null]],
    },
  },
  {
    name: 'todatetime of an ISO string and of garbage',
    query: 'print a = todatetime("2024-02-03T04:05:06Z"), b = todatetime("not a date")',
    expected: {
      columns: [
        ['a', 'datetime'],
        ['b', 'datetime'],
      ],
      rows: [['2024-02-03T04:05:06Z', null]],
    },
  },
  {
    name: 'iff and iif',
    query: 'range x from 1 to 3 step 1 | extend r = iff(x > 1, "big", "small"), s = iif(x == 2, 1, 0)',
    expected: {
      rows: [
        [1, 'small', 0],
        [2, 'big', 1],
        [3, 'big', 0],
      ],
    },
  },
  {
    name: 'case with a final else',
    query: 'range x from 1 to 4 step 1 | extend r = case(x == 1, "one", x == 2, "two", "many")',
    expected: {
      rows: [
        [1, 'one'],
        [2, 'two'],
        [3, 'many'],
        [4, 'many'],
      ],
    },
  },
  {
    name: 'coalesce skips nulls and empty strings',
    query:
      'print a = coalesce(long(null), 5, 7), b = coalesce("", "x"), c = coalesce(long(null), long(null))',
    expected: { rows: [[5, 'x', null]] },
    doc: 'coalesce(): the first non-null (or non-empty for string) expression',
  },
  {
    name: 'isempty and isnotempty on strings and numbers',
    query:
      'print a = isempty(""), b = isempty("x"), c = isempty(long(null)), d = isnotempty("x"), e = isnotempty("")',
    expected: {
      columns: [
        ['a', 'bool'],
        ['b', 'bool'],
        ['c', 'bool'],
        ['d', 'bool'],
        ['e', 'bool'],
      ],
      rows: [[true, false, true, true, false]],
    },
    doc: 'isempty(): true if the argument is an empty string or is null',
  },
  {
    name: 'isnull and isnotnull: a string is never null',
    query:
      'print a = isnull(long(null)), b = isnull(""), c = isnotnull(5), d = isnull(parse_json("")), e = isnull(parse_json("[]"))',
    expected: { rows: [[true, false, true, true, false]] },
    doc: 'isnull() table of return values',
  },
  {
    name: 'column_ifexists: existing and missing columns',
    query:
      'Emp | where id == 1 | project v = column_ifexists("nosuch", "dflt"), w = column_ifexists("name", "x")',
    tables: { Emp },
    expected: { rows: [['dflt', 'alice']] },
  },
  {
    name: 'min_of and max_of',
    query: 'print a = min_of(3, 1, 2), b = max_of(3, 1, 2), c = max_of(1.5, 2.5)',
    expected: { rows: [[1, 3, 2.5]] },
  },
  {
    name: 'ipv4_is_private',
    query:
      'print a = ipv4_is_private("10.1.2.3"), b = ipv4_is_private("192.168.0.1"), c = ipv4_is_private("8.8.8.8"), d = ipv4_is_private("172.16.5.1"), e = ipv4_is_private("172.32.0.1")',
    expected: { rows: [[true, true, false, true, false]] },
  },
  {
    name: 'ipv4_is_in_range with a prefix',
    query:
      'print a = ipv4_is_in_range("192.168.1.1", "192.168.1.1"), b = ipv4_is_in_range("192.168.1.1", "192.168.1.255/24"), c = ipv4_is_in_range("10.0.0.1", "192.168.1.0/24")',
    expected: { rows: [[true, true, false]] },
    doc: 'ipv4_is_in_range() example',
  },
  {
    name: 'ipv4_compare: order and prefixes',
    query:
      'print a = ipv4_compare("127.0.0.1", "127.0.0.2"), b = ipv4_compare("10.0.0.2", "10.0.0.1"), c = ipv4_compare("192.168.1.1/24", "192.168.1.255"), d = ipv4_compare("192.168.1.1", "192.168.1.255", 24)',
    expected: { rows: [[-1, 1, 0, 0]] },
    doc: 'ipv4_compare(): 0 equal, 1 greater, -1 less; prefixes mask the comparison',
  },
  {
    name: 'parse_url parts',
    query: `print u = parse_url("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")
| project scheme = tostring(u.Scheme), host = tostring(u.Host), port = tostring(u.Port), user = tostring(u.Username), frag = tostring(u.Fragment), k1 = tostring(u["Query Parameters"].k1)`,
    expected: { rows: [['scheme', 'host', '1234', 'username', 'fragment', 'v1']] },
    doc: 'parse_url() example',
  },
  {
    name: 'parse_path of a Windows path',
    query: String.raw`print p = parse_path(@"C:\temp\file.txt")
| project f = tostring(p.Filename), e = tostring(p.Extension), dir = tostring(p.DirectoryPath), dn = tostring(p.DirectoryName)`,
    expected: { rows: [['file.txt', 'txt', 'C:\\temp', 'temp']] },
    doc: 'parse_path() example',
  },
  {
    name: 'parse_path of a Unix path',
    query: `print p = parse_path("/usr/lib/temp/file.txt")
| project f = tostring(p.Filename), dir = tostring(p.DirectoryPath)`,
    expected: { rows: [['file.txt', '/usr/lib/temp']] },
    doc: 'parse_path() example',
  },
];
