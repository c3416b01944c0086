// Constructs that must fail, with the error code the caller sees.
import { Emp } from './fixtures.js';
import type { EngineCase } from './types.js';

export const errorCases: EngineCase[] = [
  {
    name: 'syntax error: where without a predicate',
    query: 'Emp | where',
    tables: { Emp },
    expected: { error: 'KQL_SYNTAX' },
  },
  {
    name: 'syntax error: an unfinished expression',
    query: 'print 1 +',
    expected: { error: 'KQL_SYNTAX' },
  },
  {
    name: 'syntax error: an unbalanced parenthesis',
    query: 'print x = (1 + 2',
    expected: { error: 'KQL_SYNTAX' },
  },
  {
    name: 'syntax error: an unknown operator after a pipe',
    query: 'Emp | wherex id > 1',
    tables: { Emp },
    expected: { error: 'KQL_SYNTAX' },
  },
  {
    name: 'syntax error: an unterminated string literal',
    query: 'print s = "abc',
    expected: { error: 'KQL_SYNTAX' },
  },
  {
    name: 'syntax error: an unterminated datatable',
    query: 'datatable(a:long)[1, 2',
    expected: { error: 'KQL_SYNTAX' },
  },
  {
    name: 'semantic error: an unknown column',
    query: 'Emp | project nosuch',
    tables: { Emp },
    expected: { error: 'KQL_SEMANTIC' },
  },
  {
    name: 'semantic error: a column removed by an earlier project',
    query: 'Emp | project id | where name == "alice"',
    tables: { Emp },
    expected: { error: 'KQL_SEMANTIC' },
  },
  {
    name: 'semantic error: an unknown table',
    query: 'NoSuchTable | count',
    expected: { error: 'KQL_SEMANTIC' },
  },
  {
    name: 'semantic error: an unknown function',
    query: 'print nosuchfunction(1)',
    expected: { error: 'KQL_SEMANTIC' },
  },
  {
    name: 'semantic error: sum of a string column',
    query: 'Emp | summarize sum(name)',
    tables: { Emp },
    expected: { error: 'KQL_SEMANTIC' },
  },
  {
    name: 'semantic error: adding a string to a long',
    query: 'Emp | extend x = salary + "a"',
    tables: { Emp },
    expected: { error: 'KQL_SEMANTIC' },
  },
  {
    name: 'semantic error: join on a column missing from one side',
    query: 'Emp | join kind=inner (Emp | project id) on name',
    tables: { Emp },
    expected: { error: 'KQL_SEMANTIC' },
  },
];
