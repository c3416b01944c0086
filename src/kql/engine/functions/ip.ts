// IPv4 helpers: addresses are compared as 32-bit numbers.
import type { FnCall, ScalarImpl } from '../calls.js';

const IPV4 = "'^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$'";

/** The address as a number, or NULL when it is not a dotted IPv4 address. */
export function ipv4Number(s: string): string {
  const part = (i: number): string => `CAST(regexp_extract(${s}, ${IPV4}, ${i}) AS BIGINT)`;
  return `CASE WHEN regexp_matches(${s}, ${IPV4}) AND ${[1, 2, 3, 4].map((i) => `${part(i)} <= 255`).join(' AND ')} THEN ${part(1)} * 16777216 + ${part(2)} * 65536 + ${part(3)} * 256 + ${part(4)} END`;
}

/** `a.b.c.d[/n]`: the address and the prefix length (32 when absent). */
function addressAndPrefix(text: string): { ip: string; prefix: string } {
  const address = `split_part(${text}, '/', 1)`;
  const prefix = `CASE WHEN contains(${text}, '/') THEN TRY_CAST(split_part(${text}, '/', 2) AS BIGINT) ELSE 32 END`;
  return { ip: ipv4Number(address), prefix };
}

function mask(prefix: string): string {
  return `(CASE WHEN ${prefix} <= 0 THEN 0 ELSE (4294967295 >> (32 - least(${prefix}, 32))) << (32 - least(${prefix}, 32)) END)`;
}

function isPrivate(c: FnCall): string {
  const ip = ipv4Number(`split_part(${c.str(0)}, '/', 1)`);
  const ranges: [number, number][] = [
    [167772160, 8],
    [2886729728, 12],
    [3232235520, 16],
  ];
  const tests = ranges.map(([base, bits]) => `((${ip}) & ${mask(String(bits))}) = ${base}`);
  return `CASE WHEN (${ip}) IS NULL THEN NULL ELSE (${tests.join(' OR ')}) END`;
}

function inRange(c: FnCall): string {
  const ip = addressAndPrefix(c.str(0));
  const range = addressAndPrefix(c.str(1));
  return `((${ip.ip}) & ${mask(range.prefix)}) = ((${range.ip}) & ${mask(range.prefix)})`;
}

function compare(c: FnCall, equal: boolean): string {
  const a = addressAndPrefix(c.str(0));
  const b = addressAndPrefix(c.str(1));
  const prefix = c.has(2)
    ? `least(${a.prefix}, ${b.prefix}, ${c.argAs(2, 'long')})`
    : `least(${a.prefix}, ${b.prefix})`;
  const x = `((${a.ip}) & ${mask(prefix)})`;
  const y = `((${b.ip}) & ${mask(prefix)})`;
  return equal ? `(${x} = ${y})` : `CAST(sign(${x} - ${y}) AS BIGINT)`;
}

export const IP_FUNCTIONS: Record<string, ScalarImpl> = {
  ipv4_is_private: isPrivate,
  ipv4_is_in_range: inRange,
  ipv4_compare: (c) => compare(c, false),
  ipv4_is_match: (c) => compare(c, true),
  parse_ipv4: (c) => {
    const { ip, prefix } = addressAndPrefix(c.str(0));
    return `((${ip}) & ${mask(prefix)})`;
  },
  parse_ipv4_mask: (c) => `((${ipv4Number(c.str(0))}) & ${mask(c.argAs(1, 'long'))})`,
  format_ipv4: (c) => {
    const x = c.argAs(0, 'long');
    return `CASE WHEN ${x} IS NULL OR ${x} < 0 THEN '' ELSE concat_ws('.', (${x} >> 24) & 255, (${x} >> 16) & 255, (${x} >> 8) & 255, ${x} & 255) END`;
  },
  ipv4_is_in_any_range: (c) => {
    const tests: string[] = [];
    const ip = addressAndPrefix(c.str(0));
    for (let i = 1; i < c.count; i++) {
      const value = c.arg(i);
      if (value.type === 'dynamic') return c.fail('ipv4_is_in_any_range() with a dynamic array');
      const range = addressAndPrefix(c.str(i));
      tests.push(`((${ip.ip}) & ${mask(range.prefix)}) = ((${range.ip}) & ${mask(range.prefix)})`);
    }
    return `(${tests.join(' OR ')})`;
  },
};
