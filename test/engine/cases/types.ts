// The shape of a hand-written engine correctness case. Expectations come from the KQL
// documentation (learn.microsoft.com/kusto), never from the engine's own output.
import type { Cell } from '../../../src/backends/backend.js';

export type { Cell };

/** An input table: `columns` like `a:long, b:string, t:datetime, d:dynamic`. */
export interface CaseTable {
  columns: string;
  rows: Cell[][];
}

export type ErrorCode = 'KQL_SYNTAX' | 'KQL_SEMANTIC' | 'UNSUPPORTED';

export interface ExpectedRows {
  /** Column names and KQL types, when the docs fix them. */
  columns?: [string, string][];
  rows: Cell[][];
  /** Compare row order (only where KQL defines it: sort, top, serialize...); otherwise a multiset. */
  ordered?: boolean;
}

export interface ExpectedError {
  error: ErrorCode;
}

export interface EngineCase {
  /** Unique; says what is checked. */
  name: string;
  query: string;
  tables?: Record<string, CaseTable>;
  /** ISO 8601; default DEFAULT_NOW. */
  now?: string;
  expected: ExpectedRows | ExpectedError;
  /** The doc page or rule the expectation comes from, where not obvious. */
  doc?: string;
}

export const DEFAULT_NOW = '2024-01-15T12:00:00Z';

export function isExpectedError(expected: EngineCase['expected']): expected is ExpectedError {
  return 'error' in expected;
}
