// What every list tool shares: `top` and `cursor` parameters, the `has_more` / `next_cursor` result
// fields, reading a whole (bounded) collection for filters the API cannot apply, and paging a filtered
// array with a cursor that only fits the listing it came from.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Backend } from '../backends/backend.js';
import type { ArmObject, ObjectKind } from '../backends/objects.js';
import { ToolError } from '../util/errors.js';
import { cutText } from '../util/results.js';
import type { ToolContext } from '../tools/types.js';
import { objectsOf } from './arm.js';

/** Objects read at most when a tool filters a whole collection itself (rules, templates, ...). */
export const LIST_ALL_CAP = 5000;
/** Characters of a long text field (description, query) shown in a list row. */
export const LIST_TEXT_CHARS = 200;

/** The `top` and `cursor` input fields. */
export function pageInput(defaultTop: number, maxTop: number) {
  return {
    top: z
      .number()
      .int()
      .min(1)
      .max(maxTop)
      .default(defaultTop)
      .describe(`Items to return at most (1-${maxTop}, default ${defaultTop})`),
    cursor: z
      .string()
      .min(1)
      .max(8192)
      .optional()
      .describe(
        'The next_cursor of a previous result, to get the next page; repeat the same filters with it',
      ),
  };
}

/** The paging fields of a list result. */
export const pageOutput = {
  count: z.number().int().describe('Items in this page'),
  has_more: z.boolean().describe('True when more items match: call again with cursor = next_cursor'),
  next_cursor: z.string().nullable().describe('Opaque cursor for the next page, or null'),
};

/** A long text cut for a list row (the get tool shows it whole). */
export function short(text: string | undefined, max = LIST_TEXT_CHARS): string | null {
  return text === undefined ? null : cutText(text, max).text;
}

/** Every object of a kind (up to LIST_ALL_CAP), cached per workspace and kind for the cache's TTL. */
export async function listAll(ctx: ToolContext, backend: Backend, kind: ObjectKind): Promise<ArmObject[]> {
  const objects = objectsOf(backend);
  return ctx.cache.getOrLoad(`objects:${backend.id}:${kind}`, async () => {
    const items: ArmObject[] = [];
    let cursor: string | undefined;
    do {
      const page = await objects.list(kind, {
        top: Math.min(1000, LIST_ALL_CAP - items.length),
        abortSignal: ctx.signal,
        deadline: ctx.deadline,
        ...(cursor ? { cursor } : {}),
      });
      items.push(...page.items);
      cursor = page.cursor;
    } while (cursor && items.length < LIST_ALL_CAP);
    if (cursor) {
      ctx.logger.warn(
        { kind, cap: LIST_ALL_CAP },
        'collection larger than the list cap; later items left out',
      );
    }
    return items;
  });
}

interface ArrayCursor {
  /** Offset of the next item. */
  o: number;
  /** Fingerprint of the listing (tool and filters) the cursor belongs to. */
  f: string;
}

/** A short hash of what defines a listing (tool name and filter arguments). */
export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function badCursor(): ToolError {
  return new ToolError('INVALID_ARGUMENT', 'The cursor does not belong to this listing (or is damaged)', {
    hint: 'Pass back next_cursor unchanged, with the same filters as the call that returned it, or start again without cursor.',
    retryable: false,
  });
}

/** One page of an array the tool filtered itself; the cursor carries the offset and the listing's fingerprint. */
export function pageOfArray<T>(
  items: readonly T[],
  top: number,
  cursor: string | undefined,
  listing: string,
): { items: T[]; count: number; has_more: boolean; next_cursor: string | null } {
  let offset = 0;
  if (cursor !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw badCursor();
    }
    const c = parsed as Partial<ArrayCursor> | null;
    if (!c || typeof c.o !== 'number' || !Number.isInteger(c.o) || c.o < 0 || c.f !== listing)
      throw badCursor();
    offset = c.o;
  }
  const page = items.slice(offset, offset + top);
  const next = offset + page.length;
  const hasMore = next < items.length;
  return {
    items: page,
    count: page.length,
    has_more: hasMore,
    next_cursor: hasMore
      ? Buffer.from(JSON.stringify({ o: next, f: listing } satisfies ArrayCursor)).toString('base64url')
      : null,
  };
}
