// The shapes the translator passes around: relations (one CTE each), columns, scopes.
import type { KqlType } from '../types.js';
import type { Sql } from './sql.js';

export interface Column {
  /** The KQL column name. */
  name: string;
  type: KqlType;
  /** The quoted SQL identifier of the column inside its relation. */
  id: string;
}

/** A sort key kept as a hidden column while the rows stay serialized. */
export interface OrderKey {
  id: string;
  desc: boolean;
  nullsFirst: boolean;
}

/** A tabular value: a CTE (or table) and its visible columns. */
export interface Relation {
  /** What goes after FROM: a quoted CTE or table name. */
  from: string;
  columns: Column[];
  /** Present while KQL considers the rows ordered (after sort, top, serialize...). */
  order?: OrderKey[];
  /** The name `union withsource` reports: the table name, or the one given by `as`. */
  label?: string;
  /** A stored table known to be empty. */
  empty?: boolean;
  /** Inside mv-apply: the hidden id of the input row each row belongs to (operators work per row). */
  partition?: string;
}

export type Binding =
  | { kind: 'scalar'; value: Sql }
  | { kind: 'table'; relation: () => Relation }
  | { kind: 'function'; declaration: Kusto.Language.Syntax.FunctionDeclaration; scope: Scope };

/** Lexical scope of `let` names and function parameters. */
export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}

  set(name: string, binding: Binding): void {
    this.names.set(name, binding);
  }

  get(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }
}

/** How scalar expressions see the columns of the row they are evaluated on. */
export interface RowScope {
  relation: Relation;
  /** SQL alias qualifying column ids (joins), if any. */
  alias?: string;
  /** For join conditions: the `$left` and `$right` sides. */
  left?: RowScope;
  right?: RowScope;
}

export function findColumn(relation: Relation, name: string): Column | undefined {
  return relation.columns.find((c) => c.name === name);
}

export function columnRef(row: RowScope, column: Column): string {
  return row.alias ? `${row.alias}.${column.id}` : column.id;
}

/** The hidden columns (order keys, mv-apply partition) to carry along in a row-wise SELECT. */
export function hiddenIds(relation: Relation): string[] {
  const ids = (relation.order ?? []).map((k) => k.id);
  if (relation.partition && !ids.includes(relation.partition)) ids.push(relation.partition);
  return ids;
}

/** `PARTITION BY ... ` for window functions inside mv-apply, else empty. */
export function partitionClause(relation: Relation, alias?: string): string {
  return relation.partition ? `PARTITION BY ${alias ? `${alias}.` : ''}${relation.partition} ` : '';
}

export function orderByClause(order: OrderKey[] | undefined, alias?: string): string {
  if (!order || order.length === 0) return '';
  const prefix = alias ? `${alias}.` : '';
  return order
    .map((k) => `${prefix}${k.id} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`)
    .join(', ');
}
