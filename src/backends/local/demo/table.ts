// Collects generated rows and turns them into an InlineTable typed from the catalog.
import type { Cell, InlineTable } from '../../backend.js';
import { tableCatalog } from '../../../kql/catalog.js';
import type { ColumnSchema } from '../../../kql/types.js';

export type Row = Record<string, Cell | undefined>;

/**
 * Generators add rows as objects (readable); each is turned into an array at once, so the object
 * dies young and the garbage collector never has to copy it. Columns are the union of the keys
 * the generator set, in first-seen order.
 */
export class TableRows {
  readonly name: string;
  readonly rows: Cell[][] = [];
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];

  constructor(name: string) {
    this.name = name;
  }

  add(row: Row): void {
    const cells: Cell[] = new Array<Cell>(this.names.length).fill(null);
    for (const key in row) {
      const value = row[key];
      if (value === undefined) continue;
      let at = this.index.get(key);
      if (at === undefined) {
        at = this.names.length;
        this.index.set(key, at);
        this.names.push(key);
      }
      cells[at] = value;
    }
    this.rows.push(cells);
  }

  get count(): number {
    return this.rows.length;
  }

  get columnNames(): readonly string[] {
    return this.names;
  }

  /** The cell of a column in a row (null when the row does not have it). */
  cell(row: Cell[], column: string): Cell {
    const at = this.index.get(column);
    return at === undefined ? null : (row[at] ?? null);
  }
}

export interface Billing {
  /** Average `_BilledSize` of a row in bytes; rows spread deterministically around it. */
  averageBytes: number;
  billable: boolean;
}

/** Types the columns from the catalog; a column the catalog does not know is a bug in the generator. */
export function toInlineTable(table: TableRows, constants: Row, billing?: Billing): InlineTable {
  const schema = tableCatalog().tables.get(table.name);
  if (!schema) throw new Error(`demo: ${table.name} is not in the table catalog`);
  const types = new Map(schema.columns.map((c) => [c.name, c.type]));
  const extra = Object.keys(constants).filter((name) => !table.columnNames.includes(name));
  const names = [...table.columnNames, ...extra];
  const unknown = names.filter((name) => !types.has(name));
  if (unknown.length > 0)
    throw new Error(`demo: ${table.name} has columns the catalog lacks: ${unknown.join(', ')}`);
  const columns: ColumnSchema[] = names.map((name) => ({ name, type: types.get(name) ?? 'string' }));
  const width = table.columnNames.length;
  const fill = extra.map((name) => constants[name] ?? null);
  for (const row of table.rows) {
    for (let i = row.length; i < width; i++) row.push(null);
    for (const value of fill) row.push(value);
  }
  if (billing) addBilling(columns, table.rows, billing);
  return { name: table.name, columns, rows: table.rows };
}

function addBilling(columns: ColumnSchema[], rows: Cell[][], billing: Billing): void {
  columns.push({ name: '_BilledSize', type: 'real' }, { name: '_IsBillable', type: 'string' });
  const flag = billing.billable ? 'True' : 'False';
  rows.forEach((row, i) => {
    row.push(Math.round(billing.averageBytes * (0.75 + (Math.imul(i, 2654435761) >>> 22) / 2048)), flag);
  });
}
