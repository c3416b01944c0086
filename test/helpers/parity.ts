// One workspace served twice: by a LocalBackend directly, and by the AzureBackend through the HTTPS fake
// of Azure that serves that same LocalBackend. Each side gets an MCP client (in-memory transport), so
// a parity test calls the same tool on both and compares the structured results.
import { existsSync, readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { AzureBackend } from '../../src/backends/azure/azure-backend.js';
import type { Backend } from '../../src/backends/backend.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { loadConfig, type RawSettings } from '../../src/config.js';
import { createServer } from '../../src/server/create.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import type { AzureFakeOptions } from '../azure-fake/types.js';
import { ROOT, testConfig } from './mcp.js';

export interface ParitySides {
  /** The workspace itself (what the fake serves). */
  backend: LocalBackend;
  fake: AzureFake;
  azureBackend: AzureBackend;
  /** A client of a server on the LocalBackend. */
  local: Client;
  /** A client of a server on the AzureBackend pointed at the fake. */
  azure: Client;
  close(): Promise<void>;
}

export interface ParityOptions {
  /** A workspace folder; the built-in demo when absent. */
  folder?: string;
  /** The demo's "now" (default: the clock). */
  now?: Date;
  fake?: Omit<AzureFakeOptions, 'backend'>;
  /** Extra server settings for both sides (e.g. toolsets). */
  flags?: RawSettings;
}

/** Trusted through NODE_EXTRA_CA_CERTS under the test runner; else handed to the clients. */
export function fakeTls(fake: AzureFake): { tlsOptions?: { ca: string } } {
  const extra = process.env['NODE_EXTRA_CA_CERTS'];
  const trusted =
    extra !== undefined && existsSync(extra) && readFileSync(extra, 'utf8').includes(fake.certPem.trim());
  return trusted ? {} : { tlsOptions: { ca: fake.certPem } };
}

/** An AzureBackend configured from the fake's environment variables only, as the server is. */
export async function openAzureBackend(
  fake: AzureFake,
  env: Record<string, string> = {},
): Promise<AzureBackend> {
  const config = loadConfig({}, { ...fake.env(), ...env }, ROOT);
  return AzureBackend.open({
    settings: config.azure,
    queryTimeoutMs: 30_000,
    logger: silentLogger(),
    retry: { baseDelayInMs: 20, maxDelayInMs: 2000 },
    ...fakeTls(fake),
  });
}

/** A client of a fresh server on the given backend (which the caller closes). */
export async function clientFor(
  backend: Backend,
  flags: RawSettings = {},
): Promise<Client & { closeAll(): Promise<void> }> {
  const config = testConfig(flags);
  const server = createServer({ config, logger: silentLogger(), backend: async () => backend });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'parity', version: '1.0.0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  return Object.assign(client, {
    async closeAll() {
      await client.close();
      await server.close();
    },
  });
}

export async function startParity(options: ParityOptions = {}): Promise<ParitySides> {
  const backend = await LocalBackend.open({
    logger: silentLogger(),
    ...(options.folder ? { folder: options.folder } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const fake = await startAzureFake({ backend, ...options.fake });
  const azureBackend = await openAzureBackend(fake);
  const local = await clientFor(backend, options.flags);
  const azure = await clientFor(azureBackend, options.flags);
  return {
    backend,
    fake,
    azureBackend,
    local,
    azure,
    async close() {
      await local.closeAll();
      await azure.closeAll();
      await azureBackend.close();
      await fake.close();
      await backend.close();
    },
  };
}
