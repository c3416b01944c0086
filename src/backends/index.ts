// Opens the configured backend lazily (DuckDB and the demo data load on first use, not at startup)
// and once: concurrent first calls share one opening; a failed opening is retried on the next call.
import type { Config } from '../config.js';
import type { Logger } from '../util/logger.js';
import type { Backend } from './backend.js';

export interface BackendHandle {
  get(): Promise<Backend>;
  /** Closes the backend if it was opened. */
  close(): Promise<void>;
}

async function openBackend(config: Config, logger: Logger): Promise<Backend> {
  if (config.backend === 'azure') {
    // Loaded on first use: the Azure SDK is not paid for at startup, nor by local-only servers.
    const { AzureBackend } = await import('./azure/azure-backend.js');
    return AzureBackend.open({ settings: config.azure, queryTimeoutMs: config.queryTimeoutMs, logger });
  }
  const { LocalBackend } = await import('./local/local-backend.js');
  return LocalBackend.open({ folder: config.workspaceDir, logger, rdap: config.rdap });
}

export function createBackendHandle(config: Config, logger: Logger): BackendHandle {
  let opening: Promise<Backend> | undefined;
  return {
    get() {
      if (!opening) {
        const started = Date.now();
        opening = openBackend(config, logger).then(
          (backend) => {
            logger.info({ backend: backend.kind, ms: Date.now() - started }, 'backend ready');
            return backend;
          },
          (error: unknown) => {
            opening = undefined;
            throw error;
          },
        );
      }
      return opening;
    },
    async close() {
      const pending = opening;
      opening = undefined;
      if (pending) await (await pending.catch(() => undefined))?.close();
    },
  };
}

/**
 * Opens the backend in the background a little after the server is up, so that the first tool
 * call does not wait for the demo to generate and load. The delay lets the client's first
 * requests (initialize, tools/list) be answered before generation takes the event loop.
 */
export function warmUpLater(handle: BackendHandle, logger: Logger, delayMs = 500): void {
  const timer = setTimeout(() => {
    handle
      .get()
      .then(async (backend) => {
        // The local engine parses with Kusto.Language, whose first analysis takes over a second of
        // synchronous work: done here, it does not hold up the first tool call (or others meanwhile).
        if (backend.kind === 'local') await backend.logs.query({ query: 'print warm_up = 1' });
      })
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'backend warm-up failed; the first tool call will retry');
      });
  }, delayMs);
  timer.unref();
}
