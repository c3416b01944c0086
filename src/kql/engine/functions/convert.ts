// tostring, toint, tolong, toreal, tobool, todatetime, totimespan, toguid, todynamic...
import type { KqlType } from '../../types.js';
import type { FnCall, ScalarImpl } from '../calls.js';
import type { Sql } from '../sql.js';
import { coerce, fromString, toStringSql } from '../coerce.js';

function to(type: KqlType): ScalarImpl {
  return (c: FnCall): Sql => {
    const value = c.arg(0);
    if (value.type === 'bool' && type === 'string') return { sql: toStringSql(value), type };
    if (value.type === 'datetime' && (type === 'long' || type === 'int')) {
      // KQL: a datetime as a number is its ticks since 0001-01-01.
      return {
        sql: `CAST(epoch_ns(${value.sql}) // 100 + 621355968000000000 AS ${type === 'int' ? 'INTEGER' : 'BIGINT'})`,
        type,
      };
    }
    if ((value.type === 'long' || value.type === 'int' || value.type === 'real') && type === 'datetime') {
      return { sql: `make_timestamp_ns(CAST((${value.sql} - 621355968000000000) * 100 AS BIGINT))`, type };
    }
    if (value.type === 'string') return { sql: fromString(value.sql, type), type };
    return { sql: coerce(value, type), type };
  };
}

export const CONVERSION_FUNCTIONS: Record<string, ScalarImpl> = {
  tostring: (c) => ({ sql: toStringSql(c.arg(0)), type: 'string' }),
  toint: to('int'),
  tolong: to('long'),
  toreal: to('real'),
  todouble: to('real'),
  todecimal: to('real'),
  tobool: to('bool'),
  toboolean: to('bool'),
  todatetime: to('datetime'),
  totimespan: to('timespan'),
  totime: to('timespan'),
  toguid: to('guid'),
  todynamic: to('dynamic'),
  toobject: to('dynamic'),
  parse_json: to('dynamic'),
  parsejson: to('dynamic'),
};
