// JSON.parse that keeps integers beyond ±2^53 exact: such numbers become their decimal text (a
// string), as DESIGN §5 says longs beyond 2^53 are shown. JSON.parse alone would round them.

const MAX_SAFE_DIGITS = 15;

/** Parses JSON text; integer literals that are not safe integers come back as strings. */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

/** The same JSON text with every unsafe integer literal (outside strings) wrapped in quotes. */
export function quoteUnsafeIntegers(text: string): string {
  // Fast path: no run of 16 digits anywhere, so no unsafe integer.
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = skipString(text, i);
      continue;
    }
    if (c === 0x2d || isDigit(c)) {
      const start = i;
      if (c === 0x2d) i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      let integer = true;
      if (text[i] === '.') {
        integer = false;
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        integer = false;
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const digits = i - start - (c === 0x2d ? 1 : 0);
      if (integer && digits > MAX_SAFE_DIGITS && !Number.isSafeInteger(Number(text.slice(start, i)))) {
        out += `${text.slice(copied, start)}"${text.slice(start, i)}"`;
        copied = i;
      }
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The index just past the string literal starting at `start` (a `"`). */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return text.length;
}
