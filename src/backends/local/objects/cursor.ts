// Paging cursors of the local store: an opaque base64url token holding the listing it belongs to (kind,
// parent), how far it got, and a hash of the query (filter, order, criteria), so that a cursor is only
// ever accepted by the listing that made it.
import { createHash } from 'node:crypto';
import { ToolError } from '../../../util/errors.js';

interface CursorBody {
  /** Listing: the kind, `kind:parent` for children, `ti` for indicator queries. */
  l: string;
  /** Items already returned. */
  o: number;
  /** Hash of the query that made it. */
  h: string;
}

/** A stable hash of the parts of a query that must not change between pages. */
export function queryHash(parts: unknown): string {
  return createHash('sha256').update(stableJson(parts)).digest('base64url').slice(0, 16);
}

function stableJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function encodeCursor(listing: string, offset: number, hash: string): string {
  const body: CursorBody = { l: listing, o: offset, h: hash };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function foreign(): ToolError {
  return new ToolError(
    'INVALID_ARGUMENT',
    'This cursor does not belong to this listing; start again without cursor.',
    {
      hint: 'Pass back the cursor of the previous page with the same filters and order, or omit cursor to start from the first page.',
    },
  );
}

/** The offset a cursor stands for; INVALID_ARGUMENT when it is garbled or from another listing. */
export function decodeCursor(cursor: string, listing: string, hash: string): number {
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw foreign();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw foreign();
  }
  if (body === null || typeof body !== 'object') throw foreign();
  const { l, o, h } = body as Partial<CursorBody>;
  if (l !== listing || h !== hash || typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0)
    throw foreign();
  return o;
}

/** One page of `items` from the cursor's offset, with the next cursor when more remain. */
export function pageOf<T>(
  items: readonly T[],
  top: number,
  cursor: string | undefined,
  listing: string,
  hash: string,
): { items: T[]; cursor?: string } {
  if (!Number.isFinite(top) || top < 1)
    throw new ToolError('INVALID_ARGUMENT', `top must be at least 1 (got ${top})`, {
      hint: 'Ask for 1 or more items.',
    });
  const start = cursor === undefined ? 0 : decodeCursor(cursor, listing, hash);
  const end = start + Math.floor(top);
  const page = items.slice(start, end);
  return end < items.length ? { items: page, cursor: encodeCursor(listing, end, hash) } : { items: page };
}
