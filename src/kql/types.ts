// KQL scalar types and schema shapes shared by validation, the engine and the backends.

export const KQL_TYPES = [
  'bool',
  'datetime',
  'decimal',
  'dynamic',
  'guid',
  'int',
  'long',
  'real',
  'string',
  'timespan',
] as const;

export type KqlType = (typeof KQL_TYPES)[number];

export interface ColumnSchema {
  name: string;
  type: KqlType;
}

export interface TableSchema {
  name: string;
  columns: ColumnSchema[];
}

/** Normalises the type names Kusto.Language and Azure use (`double`, `boolean`, `int32`...) to KQL's. */
export function normalizeKqlType(name: string): KqlType {
  const t = name.toLowerCase();
  switch (t) {
    case 'double':
    case 'float':
      return 'real';
    case 'boolean':
      return 'bool';
    case 'int32':
      return 'int';
    case 'int64':
      return 'long';
    case 'date':
      return 'datetime';
    case 'time':
      return 'timespan';
    case 'uniqueid':
    case 'uuid':
      return 'guid';
    case 'object':
    case 'array':
      return 'dynamic';
    default:
      return (KQL_TYPES as readonly string[]).includes(t) ? (t as KqlType) : 'string';
  }
}
