// String functions.
import type { FnCall, ScalarImpl } from '../calls.js';
import { quoteString } from '../sql.js';
import { fromString } from '../coerce.js';
import { declaredType } from '../ktypes.js';
import { nodeText } from '../kinds.js';

function concatAll(c: FnCall, from: number): string[] {
  const parts: string[] = [];
  for (let i = from; i < c.count; i++) parts.push(c.str(i));
  return parts;
}

function substring(c: FnCall): string {
  const s = c.str(0);
  const start = `greatest(${c.argAs(1, 'long')}, 0) + 1`;
  if (!c.has(2)) return `coalesce(substring(${s}, ${start}), '')`;
  return `coalesce(substring(${s}, ${start}, greatest(${c.argAs(2, 'long')}, 0)), '')`;
}

/** trim(regex, s): KQL's first argument is a regular expression. */
function trim(which: 'both' | 'start' | 'end'): ScalarImpl {
  return (c) => {
    const re = c.str(0);
    let s = c.str(1);
    if (which !== 'end') s = `regexp_replace(${s}, '^(?:' || ${re} || ')', '')`;
    if (which !== 'start') s = `regexp_replace(${s}, '(?:' || ${re} || ')$', '')`;
    return s;
  };
}

/** indexof(s, lookup [, start [, length [, occurrence]]]); each further occurrence is searched from
 * just after the previous one with the same length, as KQL does. */
function indexOf(c: FnCall): string {
  const s = c.str(0);
  const lookup = c.str(1);
  const start = c.has(2) ? c.argAs(2, 'long') : '0';
  const length = c.has(3) ? c.argAs(3, 'long') : '-1';
  const occurrence = c.has(4) ? c.constNumber(4) : 1;
  if (occurrence === undefined || occurrence < 1 || !Number.isInteger(occurrence))
    return c.fail('indexof() with this occurrence');
  if (occurrence === 1) return `kql_indexof1(${s}, ${lookup}, ${start}, ${length})`;
  const step = `CASE WHEN acc = -2 THEN -2 ELSE coalesce(nullif(kql_indexof1(${s}, ${lookup}, acc + 1, ${length}), -1), -2) END`;
  const found = `list_reduce(range(${occurrence}), (acc, x) -> ${step}, CAST(${start} - 1 AS BIGINT))`;
  return `CASE WHEN ${found} = -2 THEN -1 ELSE ${found} END`;
}

function countOf(c: FnCall): string {
  const s = c.str(0);
  const search = c.str(1);
  const kind = c.has(2) ? c.constString(2) : 'normal';
  if (kind === 'regex') return `CAST(len(regexp_extract_all(${s}, ${search})) AS BIGINT)`;
  if (kind !== 'normal') return c.fail(`countof() kind '${kind ?? ''}'`);
  return `kql_countof(${s}, ${search})`;
}

/** extract(regex, group, text [, typeof(T)]) */
function extract(c: FnCall): string {
  const re = c.str(0);
  const group = c.constNumber(1);
  if (group === undefined) return c.fail('extract() with a non-constant capture group');
  const text = c.str(2);
  const matched = `regexp_extract(${text}, ${re}, ${group})`;
  const typeNode = c.args[3];
  const type = typeNode ? (declaredType(typeNode) ?? 'string') : 'string';
  if (type === 'string') return matched;
  return `CASE WHEN regexp_matches(${text}, ${re}) THEN ${fromString(matched, type)} END`;
}

function groupCount(regex: string): number {
  let count = 0;
  for (let i = 0; i < regex.length; i++) {
    if (regex[i] === '\\') {
      i++;
      continue;
    }
    if (regex[i] === '(' && regex[i + 1] !== '?') count++;
    else if (regex[i] === '(' && regex[i + 1] === '?' && (regex[i + 2] === 'P' || regex[i + 2] === '<'))
      count++;
  }
  return count;
}

/** extract_all(regex, [groups,] text): an array of matches (arrays of groups when several). */
function extractAll(c: FnCall): string {
  const regex = c.constString(0);
  if (regex === undefined) return c.fail('extract_all() with a non-constant regex');
  let wanted: number[] | undefined;
  if (c.count > 2) {
    const text = c.args[1] ? nodeText(c.args[1]).replace(/^dynamic\s*\(|\)$/g, '') : '';
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((g) => Number.isInteger(g))) wanted = parsed as number[];
    } catch {
      wanted = undefined;
    }
    if (!wanted) return c.fail('extract_all() with a non-constant list of capture groups');
  }
  const text = c.str(c.count > 2 ? 2 : 1);
  const re = quoteString(regex);
  const groups = wanted ? wanted.length : groupCount(regex);
  let list: string;
  if (groups <= 1 && !wanted) list = `regexp_extract_all(${text}, ${re}, ${groups})`;
  else {
    const indexes = wanted ?? Array.from({ length: groups }, (_, i) => i + 1);
    const fields = indexes.map((g) => `regexp_extract(m, ${re}, ${g})`);
    list = `list_transform(regexp_extract_all(${text}, ${re}), m -> [${fields.join(', ')}])`;
  }
  return `CASE WHEN len(${list}) = 0 THEN NULL ELSE to_json(${list}) END`;
}

function split(c: FnCall): string {
  const parts = `string_split(${c.str(0)}, ${c.str(1)})`;
  if (!c.has(2)) return `to_json(${parts})`;
  const index = c.argAs(2, 'long');
  return `CASE WHEN ${index} >= 0 AND ${index} < len(${parts}) THEN to_json([${parts}[${index} + 1]]) END`;
}

function strrep(c: FnCall): string {
  const n = `greatest(${c.argAs(1, 'long')}, 0)`;
  if (!c.has(2)) return `repeat(${c.str(0)}, ${n})`;
  return `array_to_string(list_transform(range(${n}), i -> ${c.str(0)}), ${c.str(2)})`;
}

function strcmp(c: FnCall): string {
  const a = c.str(0);
  const b = c.str(1);
  return `CASE WHEN ${a} < ${b} THEN -1 WHEN ${a} > ${b} THEN 1 ELSE 0 END`;
}

/** format_bytes(size [, precision [, unit]]): `1.5 KB` style, units of 1024. */
function formatBytes(c: FnCall): string {
  const size = c.argAs(0, 'real');
  const precision = c.has(1) ? c.argAs(1, 'long') : '0';
  const unitNames = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let exponent = `least(greatest(floor(log(1024, greatest(abs(${size}), 1))), 0), 8)`;
  if (c.has(2)) {
    const unit = c.constString(2);
    const fixed = unitNames.findIndex((u) => u.toLowerCase() === (unit ?? '').toLowerCase());
    if (fixed < 0) return c.fail(`format_bytes() with the unit '${unit ?? ''}'`);
    exponent = String(fixed);
  }
  const units = `[${unitNames.map((u) => `'${u}'`).join(', ')}]`;
  const scaled = `round(${size} / pow(1024, ${exponent}), CAST(${precision} AS INTEGER))`;
  const text = `CASE WHEN ${scaled} = trunc(${scaled}) THEN CAST(CAST(${scaled} AS BIGINT) AS VARCHAR) ELSE CAST(${scaled} AS VARCHAR) END`;
  return `CASE WHEN ${size} IS NULL THEN '' ELSE ${text} || ' ' || ${units}[CAST(${exponent} AS INTEGER) + 1] END`;
}

export const STRING_FUNCTIONS: Record<string, ScalarImpl> = {
  strlen: (c) => `CAST(length(${c.str(0)}) AS BIGINT)`,
  string_size: (c) => `CAST(octet_length(encode(${c.str(0)})) AS BIGINT)`,
  substring,
  tolower: (c) => `lower(${c.str(0)})`,
  toupper: (c) => `upper(${c.str(0)})`,
  trim: trim('both'),
  trim_start: trim('start'),
  trim_end: trim('end'),
  strcat: (c) => `concat(${concatAll(c, 0).join(', ')})`,
  strcat_delim: (c) => `concat_ws(${c.str(0)}, ${concatAll(c, 1).join(', ')})`,
  strcat_array: (c) =>
    `coalesce(array_to_string(list_transform(kql_arr(${c.argAs(0, 'dynamic')}), e -> kql_dyn_str(e)), ${c.str(1)}), '')`,
  split,
  replace_string: (c) => `replace(${c.str(0)}, ${c.str(1)}, ${c.str(2)})`,
  replace_regex: (c) => `regexp_replace(${c.str(0)}, ${c.str(1)}, ${c.str(2)}, 'g')`,
  replace: (c) => `regexp_replace(${c.str(2)}, ${c.str(0)}, ${c.str(1)}, 'g')`,
  indexof: indexOf,
  countof: countOf,
  extract,
  extract_all: extractAll,
  extractall: extractAll,
  reverse: (c) => `reverse(${c.str(0)})`,
  strrep,
  strcmp,
  translate: (c) => `translate(${c.str(2)}, ${c.str(0)}, ${c.str(1)})`,
  url_decode: (c) => `coalesce(try(url_decode(${c.str(0)})), '')`,
  url_encode: (c) => `url_encode(${c.str(0)})`,
  url_encode_component: (c) => `url_encode(${c.str(0)})`,
  base64_encodestring: (c) => `to_base64(encode(${c.str(0)}))`,
  base64_encode_tostring: (c) => `to_base64(encode(${c.str(0)}))`,
  base64_decodestring: (c) => `coalesce(try(decode(from_base64(${c.str(0)}))), '')`,
  base64_decode_tostring: (c) => `coalesce(try(decode(from_base64(${c.str(0)}))), '')`,
  hash_sha256: (c) => `sha256(${c.str(0)})`,
  hash_sha1: (c) => `sha1(${c.str(0)})`,
  hash_md5: (c) => `md5(${c.str(0)})`,
  unicode_codepoints_from_string: (c) =>
    `to_json(list_transform(string_split(${c.str(0)}, ''), ch -> unicode(ch)))`,
  make_string: (c) => {
    const parts: string[] = [];
    for (let i = 0; i < c.count; i++) parts.push(`chr(CAST(${c.argAs(i, 'long')} AS INTEGER))`);
    return `concat(${parts.join(', ')})`;
  },
  format_bytes: formatBytes,
  tohex: (c) => `lower(hex(${c.argAs(0, 'long')}))`,
  isascii: (c) => `regexp_full_match(${c.str(0)}, '[\\x00-\\x7F]*')`,
};
