// Translation state for one query: the CTEs emitted so far, the tables, "now", the render request.
import type { KqlType, TableSchema } from '../types.js';
import type { SchemaFunction } from '../analysis.js';
import { Unsupported, lineColumn } from './errors.js';
import { type Column, type OrderKey, type Relation, Scope } from './model.js';
import { quoteIdent } from './sql.js';
import { typeOf } from './ktypes.js';

export interface EngineTable extends TableSchema {
  /** The SQL name to read it from, already quoted; defaults to the quoted table name. */
  sqlName?: string;
  /** Quoted physical column names, aligned with `columns` (DuckDB names ignore case, KQL's do not). */
  columnIds?: string[];
  /** Known to hold no rows: a union may leave it out (its columns still shape the result). */
  empty?: boolean;
}

export interface RenderRequest {
  visualization: string;
  properties: Record<string, string>;
}

/** Stands for "now" in cached SQL (NUL never survives quoteString, so no caller text matches it). */
export const NOW_PLACEHOLDER = '\u0000now\u0000';

export class Context {
  private readonly ctes: string[] = [];
  private counter = 0;
  readonly root = new Scope();
  render: RenderRequest | undefined;
  /** mv-apply partitions: the relation listing every partition id (every input row). */
  readonly partitionRows = new Map<string, string>();
  private readonly tableMap = new Map<string, EngineTable>();

  constructor(
    readonly text: string,
    tables: readonly EngineTable[],
    readonly functions: readonly SchemaFunction[],
  ) {
    for (const t of tables) this.tableMap.set(t.name, t);
  }

  /** SQL for "now": a placeholder that the caller replaces, so a translation can be reused. */
  nowSql(): string {
    return NOW_PLACEHOLDER;
  }

  table(name: string): EngineTable | undefined {
    return this.tableMap.get(name);
  }

  tables(): EngineTable[] {
    return [...this.tableMap.values()];
  }

  fresh(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter}`;
  }

  /** Emits `name AS (sql)` and returns the relation reading it. */
  stage(sql: string, columns: Column[], order?: OrderKey[], materialized = false): Relation {
    const name = quoteIdent(this.fresh('_s'));
    this.ctes.push(`${name} AS ${materialized ? 'MATERIALIZED ' : ''}(${sql})`);
    return order && order.length > 0 ? { from: name, columns, order } : { from: name, columns };
  }

  /** A stage that keeps the hidden order and partition columns of `like`. */
  stageLike(sql: string, columns: Column[], like: Relation): Relation {
    const relation = this.stage(sql, columns, like.order);
    return like.partition ? { ...relation, partition: like.partition } : relation;
  }

  withClause(): string {
    return this.ctes.length === 0 ? '' : `WITH ${this.ctes.join(',\n')}\n`;
  }

  unsupported(node: Kusto.Language.Syntax.SyntaxNode | null | undefined, what: string): never {
    const offset = node ? originalStart(node) : 0;
    const { line, column } = lineColumn(this.text, offset);
    throw new Unsupported(what, line, column);
  }

  typeOf(node: Kusto.Language.Syntax.Expression): KqlType {
    const type = typeOf(node);
    if (!type) this.unsupported(node, `an expression of type '${node.ResultType?.Name ?? 'unknown'}'`);
    return type;
  }
}

function originalStart(node: Kusto.Language.Syntax.SyntaxNode): number {
  try {
    const original = node.GetOriginalNode();
    return (original ?? node).TextStart;
  } catch {
    return node.TextStart;
  }
}

/** SQL ids for KQL names, unique ignoring case (DuckDB identifiers are case-insensitive). */
export function allocateIds(names: readonly string[], reserved: Iterable<string> = []): string[] {
  const used = new Set<string>([...reserved].map((r) => r.toLowerCase()));
  return names.map((name) => {
    let candidate = name;
    for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${name}~${i}`;
    used.add(candidate.toLowerCase());
    return quoteIdent(candidate);
  });
}

export function columnsFor(
  specs: readonly { name: string; type: KqlType }[],
  reserved: Iterable<string> = [],
): Column[] {
  const ids = allocateIds(
    specs.map((s) => s.name),
    reserved,
  );
  return specs.map((s, i) => ({ name: s.name, type: s.type, id: ids[i] ?? quoteIdent(s.name) }));
}
