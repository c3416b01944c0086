// ISO 8601 durations (PT1H, P7D, P1DT12H, PT0.5S) and time ranges given by tools.
import { ToolError } from './errors.js';

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of an ISO 8601 duration (weeks, days, hours, minutes, seconds; no years or months). */
export function parseIsoDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) {
    throw new ToolError('INVALID_ARGUMENT', `"${text}" is not an ISO 8601 duration`, {
      hint: 'Use e.g. PT1H (1 hour), P1D (1 day), P7D, P1DT12H. Years and months are not accepted: use days.',
    });
  }
  const [, w, d, h, min, s] = m.map((v) => (v === undefined ? 0 : Number(v))) as number[];
  return (((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60 + (s ?? 0)) * 1000;
}

/** The ISO 8601 duration for a number of milliseconds, e.g. P7D, PT1H30M. */
export function formatIsoDuration(ms: number): string {
  let rest = Math.round(ms / 1000);
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const datePart = days ? `${days}D` : '';
  const timePart = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  if (!datePart && !timePart) return 'PT0S';
  return `P${datePart}${timePart ? `T${timePart}` : ''}`;
}

export function parseInstant(text: string, what: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new ToolError('INVALID_ARGUMENT', `${what} "${text}" is not an ISO 8601 date-time`, {
      hint: 'Use e.g. 2024-05-01T00:00:00Z.',
    });
  }
  return date;
}
