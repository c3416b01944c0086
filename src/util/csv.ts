// RFC 4180 CSV: quoted fields with "" escapes, commas and line breaks inside quotes, CRLF or LF.
import { ToolError } from './errors.js';

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') endRow();
    else if (ch !== '\r' || text[i + 1] !== '\n') field += ch;
    i++;
  }
  if (quoted)
    throw new ToolError('INVALID_ARGUMENT', 'The CSV has an unclosed quoted field', {
      hint: 'Close every "..." field.',
    });
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
