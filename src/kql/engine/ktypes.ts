// Reading types from Kusto.Language's semantic model.
import { bridge, items, kusto } from '../kusto.js';
import type { KqlType } from '../types.js';

const SCALARS: Record<string, KqlType> = {
  bool: 'bool',
  boolean: 'bool',
  int: 'int',
  long: 'long',
  real: 'real',
  double: 'real',
  decimal: 'decimal',
  string: 'string',
  datetime: 'datetime',
  date: 'datetime',
  timespan: 'timespan',
  time: 'timespan',
  guid: 'guid',
  uniqueid: 'guid',
  dynamic: 'dynamic',
};

const SymbolKind = { Primitive: 1, Tuple: 6, Bag: 7, Array: 8, Table: 10 } as const;

/** The KQL scalar type of a type symbol, or undefined for tables, tuples and errors. */
export function scalarType(type: Kusto.Language.Symbols.TypeSymbol | null | undefined): KqlType | undefined {
  if (!type) return undefined;
  if (type.Kind === SymbolKind.Bag || type.Kind === SymbolKind.Array) return 'dynamic';
  if (type.Kind !== SymbolKind.Primitive) return undefined;
  return SCALARS[(type.Name ?? '').toLowerCase()];
}

export function typeOf(node: Kusto.Language.Syntax.Expression): KqlType | undefined {
  return scalarType(node.ResultType);
}

export interface ColumnSpec {
  name: string;
  type: KqlType;
}

function columnSpecs(
  columns: System.Collections.Generic.IReadOnlyList$1<Kusto.Language.Symbols.ColumnSymbol> | null,
): ColumnSpec[] | undefined {
  const specs: ColumnSpec[] = [];
  for (const c of items(columns)) {
    const type = scalarType(c.Type);
    if (!type) return undefined;
    specs.push({ name: c.Name ?? '', type });
  }
  return specs;
}

/** The columns of a table-typed expression (an operator's output), or undefined when not a table. */
export function tableColumns(node: Kusto.Language.Syntax.Expression): ColumnSpec[] | undefined {
  const type = node.ResultType;
  if (!type || type.Kind !== SymbolKind.Table) return undefined;
  return columnSpecs((type as Kusto.Language.Symbols.TableSymbol).Columns);
}

/** The columns of a tuple type (e.g. `arg_max(x, *)`). */
export function tupleColumns(
  type: Kusto.Language.Symbols.TypeSymbol | null | undefined,
): ColumnSpec[] | undefined {
  if (!type || type.Kind !== SymbolKind.Tuple) return undefined;
  return columnSpecs((type as Kusto.Language.Symbols.TupleSymbol).Columns);
}

/** `Bridge.is` for a Kusto.Language syntax class. */
export function isNode<T>(node: unknown, cls: { prototype: T }): node is T {
  return node !== null && node !== undefined && bridge().is(node, cls);
}

export function K(): typeof Kusto.Language {
  return kusto();
}

/** The elements of a separated syntax list. */
export function elements<T>(
  list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.SeparatedElement$1<T>> | null,
): T[] {
  const out: T[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) {
    const element = list.getItem(i) as unknown as Kusto.Language.Syntax.SeparatedElement$1<T>;
    if (element.Element$1) out.push(element.Element$1);
  }
  return out;
}

/** The nodes of a plain syntax list. */
export function listNodes<T>(list: Kusto.Language.Syntax.SyntaxList$1<T> | null): T[] {
  const out: T[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) out.push(list.getItem(i) as unknown as T);
  return out;
}

/** The KQL type a type expression (`long`, `typeof(string)`) names. */
export function declaredType(node: Kusto.Language.Syntax.SyntaxNode | null | undefined): KqlType | undefined {
  if (!node) return undefined;
  const bound = scalarType(node.ReferencedSymbol as Kusto.Language.Symbols.TypeSymbol | null);
  if (bound) return bound;
  const text = (node.ToString(0) ?? '')
    .replace(/^\s*typeof\s*\(|\)\s*$/g, '')
    .trim()
    .toLowerCase();
  return SCALARS[text];
}
