// Numeric functions.
import type { FnCall, ScalarImpl } from '../calls.js';
import type { KqlType } from '../../types.js';
import { isNumeric } from '../sql.js';

function real(fn: string): ScalarImpl {
  return (c) => `${fn}(${c.argAs(0, 'real')})`;
}

function typedArgs(c: FnCall, type: KqlType): string[] {
  const out: string[] = [];
  for (let i = 0; i < c.count; i++) out.push(c.argAs(i, type));
  return out;
}

function round(c: FnCall): string {
  const type = c.resultType;
  const x = c.argAs(0, isNumeric(type) ? type : 'real');
  const precision = c.has(1) ? c.argAs(1, 'long') : '0';
  if (type === 'long' || type === 'int')
    return `CAST(round(${x}, ${precision}) AS ${type === 'int' ? 'INTEGER' : 'BIGINT'})`;
  return `round(${x}, CAST(${precision} AS INTEGER))`;
}

function extreme(fn: 'least' | 'greatest'): ScalarImpl {
  return (c) => {
    const type = c.resultType;
    return `${fn}(${typedArgs(c, type).join(', ')})`;
  };
}

function binary(op: string): ScalarImpl {
  return (c) => `(${c.argAs(0, 'long')} ${op} ${c.argAs(1, 'long')})`;
}

export const MATH_FUNCTIONS: Record<string, ScalarImpl> = {
  abs: (c) => `abs(${c.argAs(0, c.resultType)})`,
  ceiling: (c) => (c.resultType === 'real' ? `ceiling(${c.argAs(0, 'real')})` : c.argAs(0, c.resultType)),
  round,
  sqrt: (c) =>
    `CASE WHEN ${c.argAs(0, 'real')} < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(${c.argAs(0, 'real')}) END`,
  pow: (c) => `pow(${c.argAs(0, 'real')}, ${c.argAs(1, 'real')})`,
  exp: real('exp'),
  exp2: (c) => `pow(2, ${c.argAs(0, 'real')})`,
  exp10: (c) => `pow(10, ${c.argAs(0, 'real')})`,
  log: (c) => `CASE WHEN ${c.argAs(0, 'real')} > 0 THEN ln(${c.argAs(0, 'real')}) END`,
  log2: (c) => `CASE WHEN ${c.argAs(0, 'real')} > 0 THEN log2(${c.argAs(0, 'real')}) END`,
  log10: (c) => `CASE WHEN ${c.argAs(0, 'real')} > 0 THEN log10(${c.argAs(0, 'real')}) END`,
  sign: (c) => `CAST(sign(${c.argAs(0, 'real')}) AS DOUBLE)`,
  pi: () => 'pi()',
  rand: (c) => (c.has(0) ? `CAST(floor(random() * ${c.argAs(0, 'long')}) AS BIGINT)` : 'random()'),
  isnan: (c) => `isnan(${c.argAs(0, 'real')})`,
  isinf: (c) => `isinf(${c.argAs(0, 'real')})`,
  isfinite: (c) => `isfinite(${c.argAs(0, 'real')})`,
  min_of: extreme('least'),
  max_of: extreme('greatest'),
  binary_and: binary('&'),
  binary_or: binary('|'),
  binary_xor: (c) => `xor(${c.argAs(0, 'long')}, ${c.argAs(1, 'long')})`,
  binary_not: (c) => `(~${c.argAs(0, 'long')})`,
  binary_shift_left: binary('<<'),
  binary_shift_right: binary('>>'),
  cos: real('cos'),
  sin: real('sin'),
  tan: real('tan'),
  acos: real('acos'),
  asin: real('asin'),
  atan: real('atan'),
  atan2: (c) => `atan2(${c.argAs(0, 'real')}, ${c.argAs(1, 'real')})`,
  cot: real('cot'),
  degrees: real('degrees'),
  radians: real('radians'),
  gamma: real('gamma'),
  loggamma: real('lgamma'),
};
