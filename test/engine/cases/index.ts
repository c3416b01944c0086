// Every hand-written engine correctness case, grouped by topic.
import { aggregateCases } from './aggregates.js';
import { datetimeCases } from './datetime.js';
import { dynamicCases } from './dynamic.js';
import { errorCases } from './errors.js';
import { functionCases } from './functions.js';
import { joinCases } from './joins.js';
import { nullCases } from './nulls.js';
import { operatorCases } from './operators.js';
import { parseCases } from './parse.js';
import { statementCases } from './statements.js';
import { stringCases } from './strings.js';
import type { EngineCase } from './types.js';

export const CASE_GROUPS: Record<string, EngineCase[]> = {
  statements: statementCases,
  operators: operatorCases,
  aggregates: aggregateCases,
  joins: joinCases,
  strings: stringCases,
  functions: functionCases,
  datetime: datetimeCases,
  dynamic: dynamicCases,
  parse: parseCases,
  nulls: nullCases,
  errors: errorCases,
};

export const ALL_CASES: EngineCase[] = Object.values(CASE_GROUPS).flat();
