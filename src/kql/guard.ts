// Rejects what must never run through a read tool: management commands and over-long queries.
import { ToolError } from '../util/errors.js';

export const MAX_QUERY_CHARS = 50_000;

/**
 * The text with comments and string literals blanked out (same length), so that a scan for
 * commands sees only code. Handles "..." and '...' with backslash escapes, @"..." / @'...'
 * verbatim strings (doubled quotes), ``` multi-line strings, and // comments.
 */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (text.startsWith('```', i)) {
      const end = text.indexOf('```', i + 3);
      const stop = end === -1 ? text.length : end + 3;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if ((ch === '@' && (next === '"' || next === "'")) || ch === '"' || ch === "'") {
      const stop = stringEnd(text, i);
      out += ' '.repeat(stop - i);
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function stringEnd(text: string, start: number): number {
  const verbatim = text[start] === '@';
  const open = start + (verbatim ? 1 : 0);
  const quote = text[open];
  let i = open + 1;
  while (i < text.length) {
    const ch = text[i];
    if (!verbatim && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (verbatim && text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    if (ch === '\n' && !verbatim) return i;
    i++;
  }
  return text.length;
}

/** Throws INVALID_ARGUMENT for an empty, over-long or management-command query. */
export function guardQuery(query: string): string {
  const text = query.trim();
  if (text.length === 0) {
    throw new ToolError('INVALID_ARGUMENT', 'The query is empty', {
      hint: 'Pass a KQL query, e.g. "Heartbeat | take 10".',
    });
  }
  if (text.length > MAX_QUERY_CHARS) {
    throw new ToolError(
      'INVALID_ARGUMENT',
      `The query is ${text.length} characters long; the limit is ${MAX_QUERY_CHARS}`,
      {
        hint: 'Shorten it: move long literal lists into a watchlist or a let statement over fewer values.',
      },
    );
  }
  const code = codeOnly(text);
  const command = /(?:^|;)\s*(\.[A-Za-z][\w-]*)/.exec(code);
  if (command) {
    throw new ToolError('INVALID_ARGUMENT', `Management commands are not allowed (found "${command[1]}")`, {
      hint: 'Only KQL queries run here. Use a query (e.g. "SecurityEvent | getschema") instead of a dot-command.',
    });
  }
  return text;
}
