// The stdio transport: JSON-RPC on stdin/stdout, logs on stderr. Shuts down on stdin close,
// SIGINT and SIGTERM, cancelling in-flight calls, within 5 seconds.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from '../util/logger.js';

export const SHUTDOWN_GRACE_MS = 5_000;

export async function runStdio(
  server: McpServer,
  logger: Logger,
  onClose: () => Promise<void>,
): Promise<void> {
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async (reason: string) => {
    if (closing) return;
    closing = true;
    logger.info({ reason }, 'shutting down');
    const force = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await server.close();
      await onClose();
    } catch (error) {
      logger.warn({ err: error }, 'error during shutdown');
    }
    process.exit(0);
  };
  process.stdin.on('end', () => void shutdown('stdin closed'));
  process.stdin.on('close', () => void shutdown('stdin closed'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await server.connect(transport);
  logger.info({ transport: 'stdio' }, 'sentinel-mcp ready');
}
