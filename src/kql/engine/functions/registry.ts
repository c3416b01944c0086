// The built-in scalar functions the engine translates, by KQL name.
import type { ScalarImpl } from '../calls.js';
import { CONVERSION_FUNCTIONS } from './convert.js';
import { STRING_FUNCTIONS } from './strings.js';
import { DATETIME_FUNCTIONS } from './datetime.js';
import { MATH_FUNCTIONS } from './math.js';
import { DYNAMIC_FUNCTIONS } from './dynamic.js';
import { LOGIC_FUNCTIONS } from './logic.js';
import { IP_FUNCTIONS } from './ip.js';
import { WINDOW_FUNCTIONS } from './window.js';
import { PARSE_FUNCTIONS } from './parsing.js';

export const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarImpl> = new Map<string, ScalarImpl>([
  ...Object.entries(CONVERSION_FUNCTIONS),
  ...Object.entries(STRING_FUNCTIONS),
  ...Object.entries(DATETIME_FUNCTIONS),
  ...Object.entries(MATH_FUNCTIONS),
  ...Object.entries(DYNAMIC_FUNCTIONS),
  ...Object.entries(LOGIC_FUNCTIONS),
  ...Object.entries(IP_FUNCTIONS),
  ...Object.entries(WINDOW_FUNCTIONS),
  ...Object.entries(PARSE_FUNCTIONS),
]);
