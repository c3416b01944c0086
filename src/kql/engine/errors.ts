// Errors the translator raises: UNSUPPORTED names the construct and where it is.
import { ToolError } from '../../util/errors.js';

/** 1-based line and column of an offset in the query text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export class Unsupported extends ToolError {
  constructor(what: string, line: number, column: number) {
    super(
      'UNSUPPORTED',
      `${what} is not supported by the local engine (at line ${line}, column ${column}).`,
      {
        hint: 'Rewrite the query without it, or run it against an Azure workspace.',
        details: { construct: what, line, column },
      },
    );
  }
}
