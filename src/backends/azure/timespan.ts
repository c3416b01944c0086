// The time range a Log Analytics query is sent with. The API always applies one (the SDK requires
// it), so when the caller gives none it is derived from the query (the seed's rule): the largest
// `ago()` in the query plus 10%, widened to reach the earliest `datetime()` literal if there is one,
// else 7 days. The literals are read from code only (strings and comments blanked by codeOnly), and
// `let name = 30d;` bindings are followed, so `ago(lookback)` counts too.
import { codeOnly } from '../../kql/guard.js';
import { formatIsoDuration, parseIsoDuration } from '../../util/time.js';
import type { TimeRange } from '../backend.js';

export const DEFAULT_QUERY_WINDOW_MS = 7 * 24 * 3600 * 1000;
const MARGIN = 0.1;

const UNIT_MS: Readonly<Record<string, number>> = {
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  microsecond: 0.001,
  microseconds: 0.001,
  tick: 0.0001,
  ticks: 0.0001,
};

/** Milliseconds of a KQL timespan literal (`30d`, `1.5h`, `time(1.02:00:00)`, `totimespan("1d")`), else undefined. */
export function parseKqlTimespan(text: string): number | undefined {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  const negative = t.startsWith('-');
  if (negative) t = t.slice(1).trim();
  const sign = negative ? -1 : 1;
  const unit = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)$/i.exec(t);
  if (unit) {
    const factor = UNIT_MS[unit[2]!.toLowerCase()];
    return factor === undefined ? undefined : sign * Number(unit[1]) * factor;
  }
  const call =
    /^(?:time|timespan)\s*\(([^()]*)\)$/i.exec(t) ??
    /^totimespan\s*\(\s*(?:"([^"]*)"|'([^']*)')\s*\)$/i.exec(t);
  if (call) {
    const inner = call[1] ?? call[2] ?? '';
    const ms = parseKqlTimespan(inner) ?? parseClock(inner);
    return ms === undefined ? undefined : sign * ms;
  }
  const clock = parseClock(t);
  return clock === undefined ? undefined : sign * clock;
}

/** `[-][d.]hh:mm[:ss[.fffffff]]` */
function parseClock(text: string): number | undefined {
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, minus, d, h, min, s, f] = m;
  const ms =
    ((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(min)) * 60_000 +
    Number(s ?? 0) * 1000 +
    Number(`0.${f ?? '0'}`) * 1000;
  return minus ? -ms : ms;
}

/** The argument text of each call `name(...)` in code, read from the original text. */
function callArguments(text: string, code: string, name: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`\\b${name}\\s*\\(`, 'gi');
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    const open = m.index + m[0].length;
    let depth = 1;
    let i = open;
    for (; i < code.length && depth > 0; i++) {
      if (code[i] === '(') depth++;
      else if (code[i] === ')') depth--;
    }
    if (depth === 0) out.push(text.slice(open, i - 1));
  }
  return out;
}

/** `let name = <timespan>;` bindings in the query. */
function timespanBindings(text: string, code: string): Map<string, number> {
  const out = new Map<string, number>();
  const pattern = /\blet\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^;]*);/g;
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    const start = m.index + m[0].length - m[2]!.length - 1;
    const ms = parseKqlTimespan(text.slice(start, start + m[2]!.length));
    if (ms !== undefined) out.set(m[1]!, ms);
  }
  return out;
}

/** Epoch ms of a KQL datetime literal's argument (`2024-05-01`, `2024-05-01T10:00:00Z`, `2024-05-01 10:00`). */
function parseDatetimeLiteral(text: string): number | undefined {
  const t = text.trim().replace(/^["']|["']$/g, '');
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t))
    return undefined;
  const iso = t.replace(' ', 'T');
  const withZone = /T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? `${iso}Z` : iso;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : undefined;
}

export interface QueryWindowScan {
  /** The largest look-back of the query's ago()/now(-x) calls, in ms. */
  largestAgoMs?: number;
  /** The text of that ago() argument, for messages. */
  largestAgoText?: string;
  /** ago() arguments that could not be read (e.g. computed values). */
  unreadable: number;
  /** The earliest datetime() literal, epoch ms. */
  earliestDatetimeMs?: number;
}

export function scanQueryWindow(query: string): QueryWindowScan {
  const code = codeOnly(query);
  const lets = timespanBindings(query, code);
  const scan: QueryWindowScan = { unreadable: 0 };
  const consider = (arg: string, negate: boolean) => {
    const name = arg.trim();
    const ms = lets.get(name) ?? parseKqlTimespan(name);
    if (ms === undefined) {
      if (name !== '') scan.unreadable++;
      return;
    }
    const lookBack = negate ? -ms : ms;
    if (lookBack > (scan.largestAgoMs ?? 0)) {
      scan.largestAgoMs = lookBack;
      scan.largestAgoText = name;
    }
  };
  for (const arg of callArguments(query, code, 'ago')) consider(arg, false);
  for (const arg of callArguments(query, code, 'now')) if (arg.trim() !== '') consider(arg, true);
  for (const arg of callArguments(query, code, 'datetime')) {
    const ms = parseDatetimeLiteral(arg);
    if (ms !== undefined && (scan.earliestDatetimeMs === undefined || ms < scan.earliestDatetimeMs)) {
      scan.earliestDatetimeMs = ms;
    }
  }
  return scan;
}

/** What the query is sent with: an ISO duration ending now, or an explicit interval. */
export type QueryWindow = { duration: string } | { startTime: Date; endTime: Date };

export interface ResolvedWindow {
  window: QueryWindow;
  /** Said back to the caller (QueryResponse.appliedTimespan). */
  description: string;
}

/** Up to a whole minute (a whole second under an hour), ignoring floating-point dust. */
function roundUp(ms: number): number {
  const unit = ms >= 3_600_000 ? 60_000 : 1000;
  return Math.max(1000, Math.ceil(ms / unit - 1e-9) * unit);
}

/** The time range for a query: the caller's, else derived from the query (see the file comment). */
export function resolveQueryWindow(
  query: string,
  given: TimeRange | undefined,
  now: number = Date.now(),
): ResolvedWindow {
  if (given?.duration) {
    parseIsoDuration(given.duration);
    return { window: { duration: given.duration }, description: `${given.duration} (given)` };
  }
  if (given?.start) {
    const end = given.end ?? new Date(now);
    return {
      window: { startTime: given.start, endTime: end },
      description: `${given.start.toISOString()}/${end.toISOString()} (given)`,
    };
  }
  const scan = scanQueryWindow(query);
  let ms = 0;
  const reasons: string[] = [];
  if (scan.largestAgoMs !== undefined && scan.largestAgoMs > 0) {
    ms = scan.largestAgoMs * (1 + MARGIN);
    reasons.push(`the largest ago() in the query, ${scan.largestAgoText}, plus 10%`);
  }
  if (scan.earliestDatetimeMs !== undefined && scan.earliestDatetimeMs < now) {
    const reach = (now - scan.earliestDatetimeMs) * (1 + MARGIN);
    if (reach > ms) {
      ms = reach;
      reasons.push('reaching the earliest datetime() in the query, plus 10%');
    }
  }
  if (ms > 0) {
    const duration = formatIsoDuration(roundUp(ms));
    return { window: { duration }, description: `${duration} (derived: ${reasons.join('; ')})` };
  }
  const duration = formatIsoDuration(DEFAULT_QUERY_WINDOW_MS);
  const why =
    scan.unreadable > 0
      ? 'the ago() in the query could not be read as a constant'
      : 'the query has no ago() or datetime()';
  return { window: { duration }, description: `${duration} (default: ${why}; pass timespan to choose)` };
}
