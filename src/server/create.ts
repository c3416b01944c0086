// createServer(): the MCP server with its tools, resources and instructions. No I/O at import or
// construction: the backend opens on first use, Kusto.Language loads on first validation.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Backend } from '../backends/backend.js';
import type { Config } from '../config.js';
import { registerPrompts } from '../prompts/index.js';
import { kqlReferenceResources } from '../resources/kql-reference.js';
import { SERVER_INSTRUCTIONS } from '../resources/instructions.js';
import {
  findTableSchema,
  tableNames,
  tablesIndexResource,
  tableSchemaMarkdown,
} from '../resources/tables.js';
import type { ResourceDefinition } from '../resources/types.js';
import { findTool, selectTools } from '../tools/index.js';
import type { AnyTool, ProgressReporter } from '../tools/types.js';
import { TtlCache } from '../util/cache.js';
import { ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { VERSION } from '../version.js';
import { callTool, type CallEnvironment } from './call.js';

export type BackendProvider = () => Promise<Backend>;

export interface ServerOptions {
  config: Config;
  logger: Logger;
  backend: BackendProvider;
  cache?: TtlCache;
}

export function staticResources(): ResourceDefinition[] {
  return [
    {
      uri: 'sentinel://instructions',
      name: 'instructions',
      title: 'How to use sentinel-mcp',
      description: 'What this server is and how to use its tools well',
      mimeType: 'text/markdown',
      read: () => SERVER_INSTRUCTIONS,
    },
    ...kqlReferenceResources(),
  ];
}

function registerResources(server: McpServer, options: ServerOptions): void {
  const workspaceTables = async () => (await (await options.backend()).validationSchema()).tables;
  for (const r of [...staticResources(), tablesIndexResource(workspaceTables)]) {
    server.registerResource(
      r.name,
      r.uri,
      { title: r.title, description: r.description, mimeType: r.mimeType },
      async (uri) => ({
        contents: [{ uri: uri.href, mimeType: r.mimeType, text: await r.read() }],
      }),
    );
  }
  const template = new ResourceTemplate('sentinel://tables/{name}', {
    list: undefined,
    complete: {
      name: async (value) => {
        const prefix = value.toLowerCase();
        return (await tableNames(workspaceTables))
          .filter((n) => n.toLowerCase().startsWith(prefix))
          .slice(0, 100);
      },
    },
  });
  server.registerResource(
    'table-schema',
    template,
    {
      title: 'Table schema',
      description:
        'Columns and KQL types of one table (workspace first, then the catalog), and the standard columns',
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      const name = decodeURIComponent(String(variables.name ?? ''));
      const found = await findTableSchema(name, workspaceTables);
      if (!found) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `No table named "${name}" in this workspace or the catalog; read sentinel://tables for the list`,
        );
      }
      return {
        contents: [
          { uri: uri.href, mimeType: 'text/markdown', text: tableSchemaMarkdown(found.table, found.origin) },
        ],
      };
    },
  );
}

function progressReporter(
  token: string | number | undefined,
  send: (n: {
    method: 'notifications/progress';
    params: { progressToken: string | number; progress: number; total?: number; message?: string };
  }) => Promise<void>,
): ProgressReporter {
  return {
    async report(progress, total, message) {
      if (token === undefined) return;
      await send({
        method: 'notifications/progress',
        params: {
          progressToken: token,
          progress,
          ...(total !== undefined ? { total } : {}),
          ...(message ? { message } : {}),
        },
      });
    },
  };
}

function registerTools(server: McpServer, tools: AnyTool[], env: CallEnvironment): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
      () => {
        throw new ToolError('INTERNAL', 'unreachable: calls are dispatched by callTool');
      },
    );
  }
  // Our own tools/call handler, so that invalid arguments, timeouts and cancellations come back in
  // the same `Error [CODE]` shape as every other failure.
  server.server.removeRequestHandler('tools/call');
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = findTool(tools, request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const progress = progressReporter(request.params._meta?.progressToken, (n) => extra.sendNotification(n));
    return callTool(tool, request.params.arguments, env, extra.signal, progress);
  });
}

/** Builds a server; connect it to a transport with `server.connect(transport)`. */
export function createServer(options: ServerOptions): McpServer {
  const server = new McpServer(
    { name: 'sentinel-mcp', title: 'Microsoft Sentinel MCP', version: VERSION },
    {
      instructions: SERVER_INSTRUCTIONS,
      capabilities: { tools: {}, resources: {}, logging: {}, completions: {} },
    },
  );
  const tools = selectTools(options.config);
  const env: CallEnvironment = {
    backend: options.backend,
    config: options.config,
    cache: options.cache ?? new TtlCache(),
    logger: options.logger,
    timeoutMs: options.config.queryTimeoutMs,
  };
  registerTools(server, tools, env);
  registerResources(server, options);
  registerPrompts(server, { backend: options.backend });
  return server;
}
