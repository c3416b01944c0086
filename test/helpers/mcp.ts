// Connects an SDK Client to a server in the same process (the SDK's linked in-memory transports).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createBackendHandle } from '../../src/backends/index.js';
import { loadConfig, type Config, type RawSettings } from '../../src/config.js';
import { ERROR_META_KEY } from '../../src/server/call.js';
import { createServer } from '../../src/server/create.js';
import { silentLogger } from '../../src/util/logger.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const SHARED = join(ROOT, '..', 'shared');
export const FIXTURE_WORKSPACE = join(ROOT, 'test', 'fixtures', 'workspace');

export function testConfig(flags: RawSettings = {}, env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig(flags, env, mkdtempSync(join(tmpdir(), 'sentinel-mcp-test-')));
}

export interface Connected {
  client: Client;
  config: Config;
  close(): Promise<void>;
}

/** A client connected to a fresh server; the backend is the demo unless flags name a workspace. */
export async function connect(flags: RawSettings = {}, env: NodeJS.ProcessEnv = {}): Promise<Connected> {
  const config = testConfig(flags, env);
  const logger = silentLogger();
  const backend = createBackendHandle(config, logger);
  const server = createServer({ config, logger, backend: backend.get });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    config,
    async close() {
      await client.close();
      await server.close();
      await backend.close();
    },
  };
}

export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

export function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

export interface StructuredError {
  code: string;
  message: string;
  hint?: string;
  retryable: boolean;
}

/** The structured error of an isError result (in _meta, beside the `Error [CODE]` text). */
export function errorOf(result: CallToolResult): StructuredError {
  if (!result.isError) throw new Error(`expected an error, got: ${text(result).slice(0, 500)}`);
  const error = result._meta?.[ERROR_META_KEY] as StructuredError | undefined;
  if (!error) throw new Error(`error result without a structured error: ${text(result)}`);
  assert.ok(text(result).startsWith(`Error [${error.code}]: `), 'the text starts with Error [CODE]');
  return error;
}

export function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`tool failed: ${text(result)}`);
  return result.structuredContent as T;
}
