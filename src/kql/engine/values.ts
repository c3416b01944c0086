// KQL datetime and timespan values: parsing literal text and formatting results.
// datetime travels as nanoseconds since the Unix epoch, timespan as 100 ns ticks (both bigint).

const NS_PER_TICK = 100n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_DAY = 86_400n * TICKS_PER_SECOND;

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses KQL datetime literal text (ISO 8601 and the RFC forms KQL accepts) to epoch ns. */
export function parseDatetimeText(text: string): bigint | null {
  const t = text.trim();
  const m = ISO.exec(t);
  if (m) return isoToNs(m);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (us) {
    // KQL reads m/d/yyyy as month/day/year, in UTC.
    const iso = `${us[3]}-${(us[1] ?? '').padStart(2, '0')}-${(us[2] ?? '').padStart(2, '0')}T${(us[4] ?? '0').padStart(2, '0')}:${us[5] ?? '00'}:${us[6] ?? '00'}Z`;
    const again = ISO.exec(iso);
    return again ? isoToNs(again) : null;
  }
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : BigInt(ms) * 1_000_000n;
}

function isoToNs(m: RegExpExecArray): bigint | null {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  if (date.getUTCDate() !== day) return null;
  const fraction = BigInt((m[7] ?? '').padEnd(9, '0'));
  let ns = BigInt(ms) * 1_000_000n + fraction;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const minutes = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    ns -= sign * minutes * 60_000_000_000n;
  }
  return ns;
}

const UNITS: Record<string, bigint> = {
  d: TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  days: TICKS_PER_DAY,
  h: 3600n * TICKS_PER_SECOND,
  hr: 3600n * TICKS_PER_SECOND,
  hrs: 3600n * TICKS_PER_SECOND,
  hour: 3600n * TICKS_PER_SECOND,
  hours: 3600n * TICKS_PER_SECOND,
  m: 60n * TICKS_PER_SECOND,
  min: 60n * TICKS_PER_SECOND,
  minute: 60n * TICKS_PER_SECOND,
  minutes: 60n * TICKS_PER_SECOND,
  s: TICKS_PER_SECOND,
  sec: TICKS_PER_SECOND,
  second: TICKS_PER_SECOND,
  seconds: TICKS_PER_SECOND,
  ms: 10_000n,
  milli: 10_000n,
  millis: 10_000n,
  millisecond: 10_000n,
  milliseconds: 10_000n,
  microsecond: 10n,
  microseconds: 10n,
  tick: 1n,
  ticks: 1n,
};

/** Parses KQL timespan literal text (`1.5h`, `10ms`, `1.02:03:04`, `00:05:00`) to ticks. */
export function parseTimespanText(text: string): bigint | null {
  let t = text.trim();
  const wrapped = /^(?:time|timespan)\s*\((.*)\)$/is.exec(t);
  if (wrapped) t = (wrapped[1] ?? '').trim();
  let sign = 1n;
  if (t.startsWith('-')) {
    sign = -1n;
    t = t.slice(1).trim();
  }
  const ticks = unitTicks(t) ?? clockTicks(t);
  return ticks === null ? null : sign * ticks;
}

function unitTicks(t: string): bigint | null {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i.exec(t);
  if (!m) return null;
  const unitName = (m[2] ?? '').toLowerCase();
  // A bare number in time(...) means days.
  const unit = unitName === '' ? TICKS_PER_DAY : UNITS[unitName];
  if (unit === undefined) return null;
  return scaleDecimal(m[1] ?? '0', unit);
}

/** `digits.fraction * unit` exactly (rounded to the nearest tick). */
function scaleDecimal(number: string, unit: bigint): bigint {
  const [whole = '0', fraction = ''] = number.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const numerator = BigInt(whole || '0') * scale + BigInt(fraction || '0');
  return (numerator * unit * 2n + scale) / (2n * scale);
}

function clockTicks(t: string): bigint | null {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (!m) return null;
  const days = BigInt(m[1] ?? '0');
  const seconds = BigInt(Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? '0'));
  const fraction = BigInt((m[5] ?? '').padEnd(7, '0'));
  return days * TICKS_PER_DAY + seconds * TICKS_PER_SECOND + fraction;
}

function pad(value: number | bigint, width: number): string {
  return value.toString().padStart(width, '0');
}

function trimFraction(fraction: string): string {
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `.${trimmed}` : '';
}

/** `YYYY-MM-DDTHH:MM:SS[.fffffff]Z` from epoch ns (fraction only when non-zero, 100 ns precision). */
export function formatDatetime(ns: bigint): string {
  const ticks = ns >= 0n ? ns / NS_PER_TICK : -((-ns + NS_PER_TICK - 1n) / NS_PER_TICK);
  let ms = ticks / 10_000n;
  let sub = ticks % 10_000n;
  if (sub < 0n) {
    sub += 10_000n;
    ms -= 1n;
  }
  const date = new Date(Number(ms));
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` +
    `T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  const fraction = pad(date.getUTCMilliseconds(), 3) + pad(sub, 4);
  return `${base}${trimFraction(fraction)}Z`;
}

/** KQL's timespan text `[-][d.]hh:mm:ss[.fffffff]` from ticks. */
export function formatTimespan(ticks: bigint): string {
  const negative = ticks < 0n;
  let rest = negative ? -ticks : ticks;
  const days = rest / TICKS_PER_DAY;
  rest %= TICKS_PER_DAY;
  const hours = rest / (3600n * TICKS_PER_SECOND);
  rest %= 3600n * TICKS_PER_SECOND;
  const minutes = rest / (60n * TICKS_PER_SECOND);
  rest %= 60n * TICKS_PER_SECOND;
  const seconds = rest / TICKS_PER_SECOND;
  const fraction = rest % TICKS_PER_SECOND;
  const clock = `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}${trimFraction(pad(fraction, 7))}`;
  return `${negative ? '-' : ''}${days > 0n ? `${days}.` : ''}${clock}`;
}

/** `TIMESTAMP_NS '...'` for a constant instant. */
export function timestampSql(ns: bigint): string {
  const iso = formatDatetime(ns);
  const fraction = ns % 1_000_000_000n;
  const frac = fraction === 0n ? '' : `.${pad(fraction < 0n ? fraction + 1_000_000_000n : fraction, 9)}`;
  return `TIMESTAMP_NS '${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac}'`;
}
