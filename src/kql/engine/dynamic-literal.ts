// Parses the text of a KQL dynamic literal (`dynamic({'a': [1, datetime(2024-01-01)]})`) to JSON.
// KQL accepts single-quoted and verbatim strings and typed scalar literals inside, which JSON does not.
import { formatDatetime, formatTimespan, parseDatetimeText, parseTimespanText } from './values.js';

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  peek(): string {
    this.skip();
    return this.text.charAt(this.pos);
  }

  expect(ch: string): void {
    if (this.peek() !== ch) throw new Error(`expected ${ch}`);
    this.pos++;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function readString(r: Reader): string {
  r.skip();
  let verbatim = false;
  if (r.text.charAt(r.pos) === '@') {
    verbatim = true;
    r.pos++;
  }
  const quote = r.text.charAt(r.pos);
  if (quote !== '"' && quote !== "'") throw new Error('expected a string');
  r.pos++;
  let out = '';
  while (r.pos < r.text.length) {
    const ch = r.text.charAt(r.pos++);
    if (ch === quote) {
      if (verbatim && r.text.charAt(r.pos) === quote) {
        out += quote;
        r.pos++;
        continue;
      }
      return out;
    }
    if (ch === '\\' && !verbatim) {
      const next = r.text.charAt(r.pos++);
      const escapes: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        '"': '"',
        "'": "'",
        '/': '/',
        b: '\b',
        f: '\f',
      };
      if (next === 'u') {
        out += String.fromCharCode(parseInt(r.text.slice(r.pos, r.pos + 4), 16));
        r.pos += 4;
      } else out += escapes[next] ?? next;
      continue;
    }
    out += ch;
  }
  throw new Error('unterminated string');
}

function readWord(r: Reader): string {
  r.skip();
  const m = /^[A-Za-z0-9_.+:-]+/.exec(r.text.slice(r.pos));
  if (!m) throw new Error('unexpected character');
  r.pos += m[0].length;
  return m[0];
}

function readTyped(r: Reader, name: string): Json {
  r.expect('(');
  const start = r.pos;
  let depth = 1;
  while (r.pos < r.text.length && depth > 0) {
    const ch = r.text.charAt(r.pos++);
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
  }
  const inner = r.text.slice(start, r.pos - 1).trim();
  if (/^null$/i.test(inner)) return null;
  switch (name.toLowerCase()) {
    case 'datetime':
    case 'date': {
      const ns = parseDatetimeText(inner);
      if (ns === null) throw new Error('bad datetime');
      return formatDatetime(ns);
    }
    case 'timespan':
    case 'time': {
      const ticks = parseTimespanText(inner);
      if (ticks === null) throw new Error('bad timespan');
      return formatTimespan(ticks);
    }
    case 'guid':
      return inner.toLowerCase();
    case 'bool':
    case 'boolean':
      return /^true$/i.test(inner);
    case 'int':
    case 'long':
    case 'real':
    case 'double':
    case 'decimal':
      return Number(inner);
    default:
      throw new Error(`unknown literal ${name}`);
  }
}

function readScalarWord(r: Reader): Json {
  const word = readWord(r);
  if (r.peek() === '(') return readTyped(r, word);
  if (word === 'true' || word === 'false') return word === 'true';
  if (word === 'null') return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(word)) return Number(word);
  const ticks = parseTimespanText(word);
  if (ticks !== null && /[a-z]$/i.test(word)) return formatTimespan(ticks);
  throw new Error(`unexpected ${word}`);
}

function readValue(r: Reader): Json {
  const ch = r.peek();
  if (ch === '{') return readObject(r);
  if (ch === '[') return readArray(r);
  if (ch === '"' || ch === "'" || ch === '@') {
    // Adjacent string literals concatenate, as in KQL text.
    let text = readString(r);
    while (['"', "'", '@'].includes(r.peek())) text += readString(r);
    return text;
  }
  return readScalarWord(r);
}

function readArray(r: Reader): Json[] {
  r.expect('[');
  const out: Json[] = [];
  if (r.peek() === ']') {
    r.pos++;
    return out;
  }
  for (;;) {
    out.push(readValue(r));
    const next = r.peek();
    r.pos++;
    if (next === ']') return out;
    if (next !== ',') throw new Error('expected , or ]');
  }
}

function readObject(r: Reader): { [key: string]: Json } {
  r.expect('{');
  const out: { [key: string]: Json } = {};
  if (r.peek() === '}') {
    r.pos++;
    return out;
  }
  for (;;) {
    const key = r.peek() === '"' || r.peek() === "'" || r.peek() === '@' ? readString(r) : readWord(r);
    r.expect(':');
    out[key] = readValue(r);
    const next = r.peek();
    r.pos++;
    if (next === '}') return out;
    if (next !== ',') throw new Error('expected , or }');
  }
}

/** JSON text for the inside of `dynamic(...)`, or undefined when it cannot be read. */
export function dynamicLiteralJson(inner: string): string | undefined {
  try {
    const r = new Reader(inner);
    const value = readValue(r);
    r.skip();
    if (r.pos !== inner.length) return undefined;
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
