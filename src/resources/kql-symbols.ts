// Derives the KQL reference lists (query operators, scalar functions, aggregates, plugins) from
// Kusto.Language's own tables, so that the reference pages are complete and match the parser and
// binder that validate queries. Everything here loads Kusto.Language, so call it only on demand.
//
// Where the names come from:
// - Query operators: the editor's completion list (`Editor.KustoCodeService.GetCompletionItems`,
//   items of kind `QueryPrefix`) after `T | ` and at the start of a query, plus the keyword of every
//   `SyntaxKind` named `...Operator` (which finds the operators completion does not offer, such as
//   `fork`, `facet` and alternate spellings such as `mvexpand`). Each spelling is parsed after a pipe
//   (`T | name`) and spellings that produce the same `QueryOperator` node kind are grouped as aliases.
// - Functions: `Functions.All`, `Aggregates.All` and `PlugIns.All` (FunctionSymbols), skipping hidden
//   and obsolete symbols and signatures; parameter and return types come from each `Signature`.
import { items, kusto } from '../kql/kusto.js';

type K = ReturnType<typeof kusto>;
type FunctionSymbol = Kusto.Language.Symbols.FunctionSymbol;
type Signature = Kusto.Language.Symbols.Signature;
type Parameter = Kusto.Language.Symbols.Parameter;

/** The elements of a Kusto.Language list (.NET-style or a plain array) as an array. */
export function listOf<T>(
  list: System.Collections.Generic.IReadOnlyList$1<T> | readonly T[] | null | undefined,
): T[] {
  return [...items(list)];
}

function enumName(enumType: object, value: number): string {
  for (const [name, v] of Object.entries(enumType)) if (v === value && !name.startsWith('$')) return name;
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Query operators

export type OperatorPosition = 'pipe' | 'start' | 'both';

export interface QueryOperatorInfo {
  /** The preferred spelling, e.g. `mv-expand`, `where`, `sort`. */
  name: string;
  /** Other spellings of the same operator, e.g. `mvexpand`, `filter`, `order`. */
  aliases: string[];
  /** The syntax node kind the parser builds, e.g. `MvExpandOperator` (null for source-only forms). */
  syntaxKind: string | null;
  /** After a pipe (`T | op`), at the start of a query (`op ...`), or both. */
  position: OperatorPosition;
  /** Whether the editor's completion offers it (false for rarer operators such as `fork`). */
  offeredByCompletion: boolean;
}

/** Statements that completion offers at the start of a query but that are not query operators. */
const STATEMENT_KEYWORDS = new Set(['let', 'set', 'declare', 'alias', 'pattern', 'restrict']);

function completionNames(K: K, text: string): string[] {
  const service = new K.Editor.KustoCodeService.$ctor1(text, K.GlobalState.Default);
  const info = service.GetCompletionItems(text.length);
  const names: string[] = [];
  for (const item of listOf(info?.Items)) {
    if (item.Kind === K.Editor.CompletionKind.QueryPrefix && item.DisplayText) names.push(item.DisplayText);
  }
  return names;
}

function syntaxKindText(K: K, kind: number): string {
  return enumName(K.Syntax.SyntaxKind, kind);
}

/** The operator node kind that `T | <name>` parses to, or null when it is not a pipe operator. */
function pipeOperatorKind(K: K, name: string): string | null {
  const code = K.KustoCode.Parse(`T | ${name} `, K.GlobalState.Default);
  let found: string | null = null;
  K.Syntax.SyntaxElement.WalkNodes(
    code?.Syntax ?? null,
    (node) => {
      if (found === null && node && node.Kind === K.Syntax.SyntaxKind.PipeExpression) {
        const op = (node as Kusto.Language.Syntax.PipeExpression).Operator;
        if (op) found = syntaxKindText(K, op.Kind);
      }
    },
    null,
  );
  return found === 'BadQueryOperator' ? null : found;
}

/** Every tabular query operator Kusto.Language knows, sorted by name. */
export function deriveQueryOperators(): QueryOperatorInfo[] {
  const K = kusto();
  const afterPipe = new Set(completionNames(K, 'T | '));
  const atStart = new Set(completionNames(K, '').filter((n) => !STATEMENT_KEYWORDS.has(n)));

  // Keyword spellings of every `XxxOperator` syntax kind (`XxxKeyword`), internal ones (`__x`) skipped.
  const keywordOf = new Map<string, string>();
  const kinds = K.Syntax.SyntaxKind as unknown as Record<string, number>;
  for (const [kindName, value] of Object.entries(kinds)) {
    if (typeof value !== 'number' || !kindName.endsWith('Operator')) continue;
    const keyword = kinds[`${kindName.slice(0, -'Operator'.length)}Keyword`];
    if (keyword === undefined) continue;
    const text = K.Syntax.SyntaxFacts.GetText(keyword);
    if (text) keywordOf.set(kindName, text);
  }

  const spellings = new Set<string>([...afterPipe, ...atStart]);
  for (const text of keywordOf.values()) if (!text.startsWith('__')) spellings.add(text);

  // Group spellings by the operator node kind they parse to after a pipe. A spelling completion does
  // not offer counts only when it parses to a real operator (this drops internal forms).
  const groups = new Map<string, string[]>();
  for (const name of spellings) {
    const kind = pipeOperatorKind(K, name);
    const offered = afterPipe.has(name) || atStart.has(name);
    if (!offered && kind === null) continue;
    const key = kind ?? `name:${name}`;
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }

  const result: QueryOperatorInfo[] = [];
  for (const [key, names] of groups) {
    const kind = key.startsWith('name:') ? null : key;
    const offered = names.filter((n) => afterPipe.has(n) || atStart.has(n));
    // Prefer a spelling completion offers; among several, the one matching the node kind's keyword
    // (`sort` over `order`, `take` over `limit`).
    const pool = (offered.length > 0 ? offered : names).sort();
    const keyword = kind ? keywordOf.get(kind) : undefined;
    const name = pool.find((n) => n === keyword) ?? pool[0]!;
    const inStart = names.some((n) => atStart.has(n));
    const inPipe = names.some((n) => afterPipe.has(n)) || (kind !== null && offered.length === 0);
    result.push({
      name,
      aliases: names.filter((n) => n !== name).sort(),
      syntaxKind: kind,
      position: inPipe && inStart ? 'both' : inStart ? 'start' : 'pipe',
      offeredByCompletion: offered.length > 0,
    });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// Functions, aggregates and plugins

export type FunctionKind = 'scalar' | 'aggregate' | 'plugin';

export interface ParameterInfo {
  name: string;
  /** Readable type, e.g. `string`, `int | long`, `dynamic array`, `same as expr`. */
  type: string;
  optional: boolean;
  repeatable: boolean;
  /** Must be a constant (literal) value. */
  constant: boolean;
}

export interface SignatureInfo {
  parameters: ParameterInfo[];
  /** Readable return type, e.g. `datetime`, `same as value`, `table`. */
  returns: string;
  /** `name(p1: type, [p2: type], ...): returns` */
  text: string;
}

export interface FunctionInfo {
  name: string;
  kind: FunctionKind;
  /** True when the function returns a table (e.g. `table()`), not a scalar. */
  tabular: boolean;
  signatures: SignatureInfo[];
}

/** Return types of the functions whose return type Kusto.Language computes in code. */
const CUSTOM_RETURNS: Record<string, string> = {
  array_concat: 'dynamic array',
  array_iff: 'dynamic array',
  array_sort_asc: 'dynamic array (or one array per argument)',
  array_sort_desc: 'dynamic array (or one array per argument)',
  bag_pack: 'dynamic bag',
  bag_pack_columns: 'dynamic bag',
  pack_all: 'dynamic bag',
  pack_array: 'dynamic array',
  set_union: 'dynamic array',
  set_intersect: 'dynamic array',
  set_difference: 'dynamic array',
  bag_merge: 'dynamic bag',
  bag_remove_keys: 'dynamic bag',
  bag_set_key: 'dynamic bag',
  series_stats: 'columns min, min_idx, max, max_idx, avg, stdev, variance',
  series_stats_dynamic: 'dynamic bag',
  series_fft: 'columns (real, imaginary) of dynamic arrays',
  series_ifft: 'columns (real, imaginary) of dynamic arrays',
  series_fit_line: 'columns rsquare, slope, variance, rvariance, interception, line_fit',
  series_fit_line_dynamic: 'dynamic bag',
  series_fit_2lines: 'columns rsquare, split_idx, variance, rvariance, line_fit, right_*, left_*',
  series_fit_2lines_dynamic: 'dynamic bag',
  series_periods_detect: 'columns (periods, scores) of dynamic arrays',
  series_periods_validate: 'columns (periods, scores) of dynamic arrays',
  series_fit_poly: 'columns rsquare, coefficients, variance, rvariance, poly_fit',
  series_decompose: 'columns (baseline, seasonal, trend, residual) of dynamic arrays',
  series_decompose_forecast: 'dynamic array',
  series_decompose_anomalies: 'columns (ad_flag, ad_score, baseline) of dynamic arrays',
  map: 'dynamic array',
  inner_nodes: 'dynamic array',
  percentile: 'same as expr',
  percentiles: 'one column per percentile, same as expr',
  percentiles_array: 'dynamic array',
  percentilew: 'same as expr',
  percentilesw: 'one column per percentile, same as expr',
  percentilesw_array: 'dynamic array',
  take_any: 'same as the arguments (one column each)',
  arg_min: 'the minimizing value plus the returned columns',
  arg_max: 'the maximizing value plus the returned columns',
};

function parameterType(K: K, p: Parameter, params: readonly Parameter[]): string {
  const T = K.Symbols.ParameterTypeKind;
  const ref = (i: number): string => `same as ${params[i]?.Name ?? `argument ${i + 1}`}`;
  let type: string;
  switch (p.TypeKind) {
    case T.Declared:
      type =
        listOf(p.DeclaredTypes)
          .map((t) => t.Name ?? '?')
          .join(' | ') || 'any';
      break;
    case T.Any:
      type = 'any';
      break;
    case T.Scalar:
      type = 'scalar';
      break;
    case T.Tabular:
      type = 'table';
      break;
    case T.Database:
      type = 'database';
      break;
    case T.Cluster:
      type = 'cluster';
      break;
    case T.Integer:
      type = 'int | long';
      break;
    case T.RealOrDecimal:
      type = 'real | decimal';
      break;
    case T.StringOrDynamic:
      type = 'string | dynamic';
      break;
    case T.StringOrArray:
      type = 'string | dynamic array';
      break;
    case T.IntegerOrArray:
      type = 'int | long | dynamic array';
      break;
    case T.DynamicArray:
      type = 'dynamic array';
      break;
    case T.DynamicBag:
      type = 'dynamic bag';
      break;
    case T.Number:
      type = 'number';
      break;
    case T.NumberOrBool:
      type = 'number | bool';
      break;
    case T.Summable:
      type = 'number | timespan';
      break;
    case T.Orderable:
      type = 'orderable';
      break;
    case T.NotRealOrBool:
      type = 'scalar (not real or bool)';
      break;
    case T.NotDynamic:
      type = 'scalar (not dynamic)';
      break;
    case T.NotBool:
      type = 'scalar (not bool)';
      break;
    case T.Parameter0:
      type = ref(0);
      break;
    case T.Parameter1:
      type = ref(1);
      break;
    case T.Parameter2:
      type = ref(2);
      break;
    case T.CommonScalar:
      type = 'scalar (common)';
      break;
    case T.CommonNumber:
      type = 'number (common)';
      break;
    case T.CommonSummable:
      type = 'number | timespan (common)';
      break;
    case T.CommonOrderable:
      type = 'orderable (common)';
      break;
    case T.CommonScalarOrDynamic:
      type = 'scalar | dynamic (common)';
      break;
    default:
      type = enumName(T, p.TypeKind).toLowerCase();
  }
  const A = K.Symbols.ArgumentKind;
  if (p.ArgumentKind === A.StarOnly) return '*';
  if (p.ArgumentKind === A.StarAllowed) return `${type} | *`;
  if (p.ArgumentKind === A.Column || p.ArgumentKind === A.Column_Parameter0) return `${type} column`;
  return type;
}

function returnType(K: K, fn: FunctionSymbol, sig: Signature, params: readonly Parameter[]): string {
  const R = K.Symbols.ReturnTypeKind;
  const ref = (i: number): string => params[i]?.Name ?? `argument ${i + 1}`;
  switch (sig.ReturnKind) {
    case R.Declared: {
      const t = sig.DeclaredReturnType;
      if (!t) return 'unknown';
      if (t.IsTabular) return 'table';
      return t.Name ?? 'unknown';
    }
    case R.Computed:
      return 'computed from the body';
    case R.Custom:
      return CUSTOM_RETURNS[fn.Name ?? ''] ?? 'depends on the arguments';
    case R.Parameter0:
      return `same as ${ref(0)}`;
    case R.Parameter1:
      return `same as ${ref(1)}`;
    case R.Parameter2:
      return `same as ${ref(2)}`;
    case R.ParameterN:
      return 'same as the last argument';
    case R.Parameter0Literal:
      return `the type named by ${ref(0)}`;
    case R.Parameter1Literal:
      return `the type named by ${ref(1)}`;
    case R.ParameterNLiteral:
      return 'the type named by the last argument (typeof(...))';
    case R.Parameter0Promoted:
      return `same as ${ref(0)} (int promoted to long)`;
    case R.Parameter0Array:
      return `dynamic array (of ${ref(0)})`;
    case R.Parameter0Cluster:
      return 'cluster';
    case R.Parameter0Database:
      return 'database';
    case R.Parameter0Graph:
      return 'graph';
    case R.Parameter0EntityGroup:
      return 'entity group';
    case R.Parameter0Table:
    case R.Parameter0ExternalTable:
    case R.Parameter0MaterializedView:
    case R.Parameter0StoredQueryResult:
      return 'table';
    case R.Common:
    case R.CommonNonDynamic:
      return 'common type of the arguments';
    case R.Widest:
      return 'widest numeric type of the arguments';
    default:
      return enumName(R, sig.ReturnKind);
  }
}

function signatureInfo(K: K, fn: FunctionSymbol, sig: Signature): SignatureInfo {
  const params = listOf(sig.Parameters);
  const C = K.Symbols.ArgumentKind;
  const parameters: ParameterInfo[] = params.map((p) => ({
    name: p.Name ?? '_',
    type: parameterType(K, p, params),
    optional: p.IsOptional,
    repeatable: p.IsRepeatable,
    constant:
      p.ArgumentKind === C.Constant || p.ArgumentKind === C.Literal || p.ArgumentKind === C.LiteralNotEmpty,
  }));
  const returns = returnType(K, fn, sig, params);
  return { parameters, returns, text: `${fn.Name ?? ''}(${formatParameters(parameters)}): ${returns}` };
}

/**
 * `a: string, [b: long], c: scalar, ...`: optional parameters are bracketed, and a run of repeatable
 * parameters is written once followed by `...` (bracketed too when the run may be absent).
 */
export function formatParameters(parameters: readonly ParameterInfo[]): string {
  const text = (p: ParameterInfo): string => `${p.name}: ${p.type}${p.constant ? ' constant' : ''}`;
  const parts: string[] = [];
  for (let i = 0; i < parameters.length; i++) {
    const p = parameters[i]!;
    if (!p.repeatable) {
      parts.push(p.optional ? `[${text(p)}]` : text(p));
      continue;
    }
    const run: ParameterInfo[] = [];
    while (i < parameters.length && parameters[i]!.repeatable) run.push(parameters[i++]!);
    i--;
    const group = [...run.map(text), '...'].join(', ');
    parts.push(run.every((r) => r.optional) ? `[${group}]` : group);
  }
  return parts.join(', ');
}

function describe(K: K, fn: FunctionSymbol, kind: FunctionKind): FunctionInfo | null {
  if (fn.IsHidden || fn.IsObsolete || !fn.Name || fn.Name.startsWith('__')) return null;
  const sigs = listOf(fn.Signatures).filter((s) => !s.IsHidden && !s.IsObsolete);
  if (sigs.length === 0) return null;
  const signatures: SignatureInfo[] = [];
  for (const s of sigs) {
    const info = signatureInfo(K, fn, s);
    if (!signatures.some((x) => x.text === info.text)) signatures.push(info);
  }
  return { name: fn.Name, kind, tabular: sigs.every((s) => s.IsTabular), signatures };
}

function describeAll(K: K, symbols: readonly FunctionSymbol[], kind: FunctionKind): FunctionInfo[] {
  const out = new Map<string, FunctionInfo>();
  for (const fn of symbols) {
    const info = describe(K, fn, kind);
    if (info && !out.has(info.name)) out.set(info.name, info);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Every visible built-in scalar function (including window and tabular-scope functions). */
export function deriveScalarFunctions(): FunctionInfo[] {
  const K = kusto();
  return describeAll(K, listOf(K.Functions.All), 'scalar');
}

/** Every visible aggregation function (for summarize, make-series, ...). */
export function deriveAggregateFunctions(): FunctionInfo[] {
  const K = kusto();
  return describeAll(K, listOf(K.Aggregates.All), 'aggregate');
}

/** Every visible plugin for `evaluate`. */
export function derivePlugins(): FunctionInfo[] {
  const K = kusto();
  return describeAll(K, listOf(K.PlugIns.All), 'plugin');
}
