// parse_url, parse_path: structured bags from text.
import type { FnCall, ScalarImpl } from '../calls.js';

const URL =
  "'^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://(?:([^:@/?#]*)(?::([^@/?#]*))?@)?([^:/?#]*)(?::([0-9]+))?)?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?$'";

function parseUrl(c: FnCall): string {
  const s = c.str(0);
  const g = (i: number): string => `regexp_extract(${s}, ${URL}, ${i})`;
  const query = g(7);
  const params = `CASE WHEN ${query} = '' THEN CAST('{}' AS JSON) ELSE CAST(map_from_entries(list_transform(string_split(${query}, '&'), p -> {'key': url_decode(split_part(p, '=', 1)), 'value': url_decode(substring(p, length(split_part(p, '=', 1)) + 2))})) AS JSON) END`;
  const valid = `regexp_matches(${s}, '^[A-Za-z][A-Za-z0-9+.-]*://')`;
  return `CASE WHEN ${valid} THEN json_object('Scheme', ${g(1)}, 'Host', ${g(4)}, 'Port', ${g(5)}, 'Path', ${g(6)}, 'Username', ${g(2)}, 'Password', ${g(3)}, 'Query Parameters', ${params}, 'Fragment', ${g(8)}) ELSE CAST('{}' AS JSON) END`;
}

function parsePath(c: FnCall): string {
  const s = c.str(0);
  const scheme = `regexp_extract(${s}, '^([A-Za-z][A-Za-z0-9+.-]+)://', 1)`;
  const root = `regexp_extract(${s}, '^([A-Za-z]:|\\\\\\\\[^\\\\/]+\\\\[^\\\\/]+)', 1)`;
  const dir = `regexp_extract(${s}, '^(.*)[\\\\/][^\\\\/]*$', 1)`;
  const file = `regexp_extract(${s}, '([^\\\\/]*)$', 1)`;
  const base = `split_part(${file}, ':', 1)`;
  const stream = `CASE WHEN contains(${file}, ':') THEN substring(${file}, length(${base}) + 2) ELSE '' END`;
  const ext = `regexp_extract(${base}, '\\.([^.]*)$', 1)`;
  const dirName = `regexp_extract(${dir}, '([^\\\\/]*)$', 1)`;
  return `json_object('Scheme', ${scheme}, 'RootPath', ${root}, 'DirectoryPath', ${dir}, 'DirectoryName', ${dirName}, 'Filename', ${base}, 'Extension', ${ext}, 'AlternateDataStreamName', ${stream})`;
}

export const PARSE_FUNCTIONS: Record<string, ScalarImpl> = {
  parse_url: parseUrl,
  parseurl: parseUrl,
  parse_path: parsePath,
};
