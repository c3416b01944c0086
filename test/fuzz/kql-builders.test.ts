// Property tests (fast-check) of every place the server turns a caller value into query text:
// whatever the value, the query has the same token structure as with a harmless value, and the
// literal decodes back to the caller's value (checked with Kusto.Language's lexer and parser).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { datatableStatement } from '../../src/backends/azure/datatable.js';
import { getschemaQuery, tableStatsQuery } from '../../src/backends/azure/tables.js';
import { kqlString, odataString } from '../../src/kql/quote.js';
import { ToolError } from '../../src/util/errors.js';
import { hostileString } from './arbitraries.js';
import { fuzzSettings } from './settings.js';
import { isKqlKeyword, kqlShape, kqlTokens, unquotedCallerValues } from './kql-check.js';

const settings = fuzzSettings('kql-builders', 400);

function literalTokens(query: string): string[] {
  return kqlTokens(query)
    .filter((t) => t.kind === 'StringLiteralToken')
    .map((t) => t.value ?? '');
}

test('kqlString: any value is one string literal with the same value', () => {
  const benign = kqlShape(`print v = ${kqlString('x')}`);
  fc.assert(
    fc.property(hostileString(), (value) => {
      const query = `print v = ${kqlString(value)}`;
      const shape = kqlShape(query);
      assert.deepEqual(shape.errors, []);
      assert.deepEqual(shape.kinds, benign.kinds, 'the same tokens as with a harmless value');
      assert.deepEqual(literalTokens(query), [value]);
      assert.deepEqual(unquotedCallerValues(query, [value]), []);
    }),
    settings.params,
  );
});

test('table-name queries (getschema, stats): a name is one identifier or one bracketed literal, or refused', () => {
  const builders = [getschemaQuery, tableStatsQuery];
  fc.assert(
    fc.property(hostileString(), fc.constantFrom(0, 1), (name, which) => {
      const build = builders[which]!;
      let query: string;
      try {
        query = build(name);
      } catch (error) {
        assert.ok(error instanceof ToolError && error.code === 'INVALID_ARGUMENT', String(error));
        return;
      }
      const bare = !query.startsWith("['");
      if (bare) assert.match(name, /^[A-Za-z_][A-Za-z0-9_]*$/);
      // Known limitation (docs/security.md): kqlName leaves keywords (`print`, `true`) bare.
      fc.pre(!bare || !isKqlKeyword(name));
      const benign = kqlShape(build(bare ? 'Xy' : 'a b'));
      const shape = kqlShape(query);
      assert.deepEqual(shape.kinds, benign.kinds, `structure changed for ${JSON.stringify(name)}`);
      assert.equal(shape.statements, benign.statements);
      if (!bare) assert.equal(literalTokens(query)[0], name);
      assert.deepEqual(unquotedCallerValues(query, [name]), []);
    }),
    settings.params,
  );
});

test('datatable prefix (inline rows sent to Azure): hostile column names and values stay literals', () => {
  fc.assert(
    fc.property(hostileString(), hostileString(), (column, value) => {
      let statement: string;
      try {
        statement = datatableStatement({
          name: 'T',
          columns: [{ name: column, type: 'string' }],
          rows: [[value]],
        });
      } catch (error) {
        assert.ok(error instanceof ToolError && error.code === 'INVALID_ARGUMENT', String(error));
        return;
      }
      const bare = !statement.includes("datatable(['");
      fc.pre(!bare || !isKqlKeyword(column));
      const benignStatement = datatableStatement({
        name: 'T',
        columns: [{ name: bare ? 'Xy' : 'a b', type: 'string' }],
        rows: [['x']],
      });
      const query = `${statement}\nT`;
      const shape = kqlShape(query);
      const benign = kqlShape(`${benignStatement}\nT`);
      assert.deepEqual(shape.kinds, benign.kinds, 'the same tokens as with harmless values');
      assert.equal(shape.statements, 2, 'the let statement and the query');
      const literals = literalTokens(query);
      assert.equal(literals.at(-1), value);
      if (!bare) assert.equal(literals[0], column);
      assert.deepEqual(unquotedCallerValues(query, [column, value]), []);
    }),
    settings.params,
  );
});

test('odataString: one quoted literal that decodes to the value, or refused', () => {
  fc.assert(
    fc.property(hostileString(), (value) => {
      let literal: string;
      try {
        literal = odataString(value);
      } catch (error) {
        assert.ok(error instanceof ToolError && error.code === 'INVALID_ARGUMENT', String(error));
        return;
      }
      assert.match(literal, /^'(?:[^']|'')*'$/s);
      assert.equal(literal.slice(1, -1).replace(/''/g, "'"), value);
    }),
    settings.params,
  );
});

test('the checker itself flags a value pasted into a query unquoted', () => {
  const value = '" | take 1 //';
  assert.notDeepEqual(unquotedCallerValues(`print v = "${value}"`, [value]), []);
  assert.deepEqual(unquotedCallerValues(`print v = ${kqlString(value)}`, [value]), []);
});
