import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'cfg-'));

test('defaults: local backend, loopback, all toolsets, read-only', () => {
  const c = loadConfig({}, {}, emptyDir());
  assert.equal(c.backend, 'local');
  assert.equal(c.http.host, '127.0.0.1');
  assert.equal(c.http.port, 8000);
  assert.equal(c.enableWrites, false);
  assert.ok(c.toolsets.includes('logs') && c.toolsets.includes('entra'));
  assert.equal(c.queryTimeoutMs, 180_000);
});

test('flags win over environment, environment over .env', () => {
  const dir = emptyDir();
  writeFileSync(join(dir, '.env'), 'SENTINEL_MCP_PORT=7000\nSENTINEL_MCP_LOG_LEVEL=debug\n');
  assert.equal(loadConfig({}, {}, dir).http.port, 7000);
  assert.equal(loadConfig({}, { SENTINEL_MCP_PORT: '7100' }, dir).http.port, 7100);
  assert.equal(loadConfig({ port: '7200' }, { SENTINEL_MCP_PORT: '7100' }, dir).http.port, 7200);
  assert.equal(loadConfig({}, {}, dir).logLevel, 'debug');
});

test('AZURE_WORKSPACE_ID selects the azure backend', () => {
  const c = loadConfig({}, { AZURE_WORKSPACE_ID: '11111111-2222-3333-4444-555555555555' }, emptyDir());
  assert.equal(c.backend, 'azure');
  assert.equal(c.azure.workspaceId, '11111111-2222-3333-4444-555555555555');
});

test('errors name the setting, what it expects and what it got', () => {
  const err = (() => {
    try {
      loadConfig(
        { port: 'abc', toolsets: 'logs,nope' },
        { AZURE_WORKSPACE_ID: 'xyz', SENTINEL_MCP_ARM_ENDPOINT: 'https://h/x' },
        emptyDir(),
      );
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof ConfigError);
  const text = err.message;
  assert.match(text, /--port \(or SENTINEL_MCP_PORT\): expected a port number; got "abc"/);
  assert.match(text, /--toolsets .*unknown toolset nope/);
  assert.match(text, /AZURE_WORKSPACE_ID: expected a GUID/);
  assert.match(text, /SENTINEL_MCP_ARM_ENDPOINT: expected an origin/);
});

test('secrets are never echoed in configuration errors', () => {
  assert.throws(
    () => loadConfig({}, { SENTINEL_MCP_HTTP_TOKEN: 'short' }, emptyDir()),
    (e: Error) =>
      /SENTINEL_MCP_HTTP_TOKEN: expected at least 16 characters; got \(hidden\)/.test(e.message) &&
      !e.message.includes('short'),
  );
});

test('toolsets filter and booleans parse', () => {
  const c = loadConfig({ toolsets: 'logs, tables' }, { SENTINEL_MCP_ENABLE_WRITES: 'true' }, emptyDir());
  assert.deepEqual(c.toolsets, ['logs', 'tables']);
  assert.equal(c.enableWrites, true);
});
