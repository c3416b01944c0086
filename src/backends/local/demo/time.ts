// Time helpers: the demo's 14-day window and an office-hours activity profile.

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface TimeWindow {
  /** Inclusive, epoch milliseconds. */
  start: number;
  /** Exclusive: the workspace's "now". */
  end: number;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

export function inWindow(window: TimeWindow, ms: number): boolean {
  return ms >= window.start && ms < window.end;
}

/**
 * How busy the organisation is at this instant, from 0 to 1: full on weekdays 08-18 local time,
 * a little in the evening, almost nothing at night and on weekends.
 */
export function workFactor(ms: number, utcOffsetHours: number): number {
  const local = new Date(ms + utcOffsetHours * HOUR);
  const day = local.getUTCDay();
  const hour = local.getUTCHours();
  const weekend = day === 0 || day === 6;
  let factor: number;
  if (hour >= 8 && hour < 18) factor = hour === 12 ? 0.7 : 1;
  else if (hour === 7 || (hour >= 18 && hour < 21)) factor = 0.25;
  else factor = 0.03;
  return weekend ? factor * 0.08 : factor;
}

/** Calls `fn` with the start of every whole hour that overlaps the window. */
export function forEachHour(window: TimeWindow, fn: (hourStart: number) => void): void {
  for (let h = Math.floor(window.start / HOUR) * HOUR; h < window.end; h += HOUR) fn(h);
}

/** Calls `fn` at a fixed interval across the window, starting at `offset` past the window start. */
export function forEachTick(
  window: TimeWindow,
  intervalMs: number,
  offset: number,
  fn: (ms: number) => void,
): void {
  for (let t = window.start + offset; t < window.end; t += intervalMs) fn(t);
}
