// Schema-aware KQL validation: syntax and semantic diagnostics with line and column, the tables
// a query reads, its operators in text order, and its result columns.
import { analyze, globalsFor, type AnalysisSchema } from './analysis.js';
import { bridge, items, kusto } from './kusto.js';
import { normalizeKqlType, type KqlType } from './types.js';

export type Severity = 'error' | 'warning' | 'suggestion';

export interface KqlDiagnostic {
  severity: Severity;
  code: string;
  message: string;
  /** 1-based line and column of the start. */
  line: number;
  column: number;
  /** Characters the diagnostic covers. */
  length: number;
  /** 0-based offset into the query text. */
  offset: number;
}

export interface ValidationResult {
  valid: boolean;
  diagnostics: KqlDiagnostic[];
  tables_referenced: string[];
  operators: string[];
  result_columns: { name: string; type: KqlType }[] | null;
}

/** Line starts of a text, for offset → line/column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

export function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

function severityOf(text: string | null): Severity {
  const s = (text ?? '').toLowerCase();
  if (s === 'warning') return 'warning';
  if (s === 'error') return 'error';
  return 'suggestion';
}

function toDiagnostics(code: Kusto.Language.KustoCode, text: string): KqlDiagnostic[] {
  const starts = lineStarts(text);
  const out: KqlDiagnostic[] = [];
  for (const d of items(code.GetDiagnostics())) {
    const { line, column } = positionOf(starts, d.Start);
    out.push({
      severity: severityOf(d.Severity),
      code: d.Code ?? '',
      message: d.Message ?? '',
      line,
      column,
      length: d.Length,
      offset: d.Start,
    });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

function referencedTables(code: Kusto.Language.KustoCode): string[] {
  const K = kusto();
  const B = bridge();
  const names: string[] = [];
  K.Syntax.SyntaxElement.WalkNodes(
    code.Syntax,
    (node) => {
      if (!B.is(node, K.Syntax.NameReference)) return;
      const symbol = (node as Kusto.Language.Syntax.NameReference).ReferencedSymbol;
      if (symbol && B.is(symbol, K.Symbols.TableSymbol) && symbol.Name && !names.includes(symbol.Name)) {
        names.push(symbol.Name);
      }
    },
    null,
  );
  return names;
}

function operatorNames(code: Kusto.Language.KustoCode): string[] {
  const K = kusto();
  const B = bridge();
  const found: { offset: number; name: string }[] = [];
  K.Syntax.SyntaxElement.WalkNodes(
    code.Syntax,
    (node) => {
      if (!B.is(node, K.Syntax.QueryOperator)) return;
      const first = node.GetFirstToken(false);
      const name = first?.Text ?? '';
      if (name) found.push({ offset: node.TextStart, name });
    },
    null,
  );
  return found.sort((a, b) => a.offset - b.offset).map((f) => f.name);
}

function resultColumns(code: Kusto.Language.KustoCode): ValidationResult['result_columns'] {
  const K = kusto();
  const type = code.ResultType;
  if (!type || !bridge().is(type, K.Symbols.TableSymbol)) return null;
  const table = type as Kusto.Language.Symbols.TableSymbol;
  return [...items(table.Columns)].map((c) => ({
    name: c.Name ?? '',
    type: normalizeKqlType(c.Type?.Name ?? 'string'),
  }));
}

/** Validates a query against a schema; never runs it. */
export function validateKql(query: string, schema: AnalysisSchema): ValidationResult {
  const code = analyze(query, globalsFor(schema));
  const diagnostics = toDiagnostics(code, query);
  const valid = !diagnostics.some((d) => d.severity === 'error');
  return {
    valid,
    diagnostics,
    tables_referenced: referencedTables(code),
    operators: operatorNames(code),
    result_columns: valid ? resultColumns(code) : null,
  };
}
