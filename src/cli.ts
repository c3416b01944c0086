#!/usr/bin/env node
// The command line: argument parsing and commands only; the work happens in the modules it calls.
import { fileURLToPath } from 'node:url';
import { Argument, Command, Option } from 'commander';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { createBackendHandle, warmUpLater } from './backends/index.js';
import { CLIENTS, clientSnippet, httpSnippet, type ClientName } from './cli/client-config.js';
import { OUTPUT_FORMATS, renderToolResult, type OutputFormat } from './cli/render.js';
import { withSpinner } from './cli/spinner.js';
import { ConfigError, loadConfig, type Config, type RawSettings } from './config.js';
import { createServer } from './server/create.js';
import { runStdio } from './server/stdio.js';
import { ALL_TOOLS, findTool, selectTools } from './tools/index.js';
import { toolsMarkdown } from './tools/docs.js';
import { TtlCache } from './util/cache.js';
import { createLogger, type Logger } from './util/logger.js';
import { VERSION } from './version.js';

const EXIT_OK = 0;
const EXIT_TOOL_ERROR = 1;
const EXIT_USAGE = 2;

interface ServeFlags {
  transport?: string;
  host?: string;
  port?: string;
  backend?: string;
  workspace?: string;
  toolsets?: string;
  enableWrites?: boolean;
  logLevel?: string;
  auth?: string;
}

function withServerOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--transport <kind>',
        'stdio | http | sse (default: stdio when stdin is not a TTY, else http)',
      ),
    )
    .option('--host <host>', 'HTTP bind address (default 127.0.0.1)')
    .option('--port <port>', 'HTTP port (default 8000)')
    .addOption(
      new Option('--backend <kind>', 'azure | local (default: azure when AZURE_WORKSPACE_ID is set)'),
    )
    .option('--workspace <dir>', 'a local workspace folder (default: the built-in demo)')
    .option('--toolsets <list>', 'comma-separated toolsets to enable (default: all read toolsets)')
    .option('--enable-writes', 'register write tools (off by default)')
    .option('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent (default info)')
    .addOption(
      new Option('--auth <mode>', 'Azure sign-in: default | device-code | browser (interactive fallback)'),
    );
}

function configFrom(flags: ServeFlags): Config {
  const raw: RawSettings = {
    transport: flags.transport,
    host: flags.host,
    port: flags.port,
    backend: flags.backend,
    workspace: flags.workspace,
    toolsets: flags.toolsets,
    enableWrites: flags.enableWrites,
    logLevel: flags.logLevel,
    auth: flags.auth,
  };
  return loadConfig(raw);
}

async function serve(flags: ServeFlags): Promise<void> {
  const config = configFrom(flags);
  const logger = createLogger(config.logLevel);
  const backend = createBackendHandle(config, logger);
  const cache = new TtlCache();
  const transport = config.transport ?? (process.stdin.isTTY ? 'http' : 'stdio');
  const newServer = () => createServer({ config, logger, backend: backend.get, cache });
  if (transport === 'stdio') {
    const server = newServer();
    server.server.oninitialized = () => warmUpLater(backend, logger);
    await runStdio(server, logger, backend.close);
    return;
  }
  const { startHttpServer } = await import('./server/http.js');
  const running = await startHttpServer({ ...config.http, logger, newServer });
  warmUpLater(backend, logger);
  const stop = async () => {
    await running.close();
    await backend.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.stderr.write(
    `sentinel-mcp ${VERSION} listening on ${running.url} (Streamable HTTP; legacy SSE at ${running.sseUrl})\n` +
      `Client configuration:\n${httpSnippet(running.url, config.http.token !== undefined)}\n`,
  );
}

/** Parses k=v arguments, using the tool's JSON schema to decide what is a string and what is JSON. */
export function parseToolArguments(toolName: string, pairs: string[]): Record<string, unknown> {
  const tool = findTool(ALL_TOOLS, toolName);
  if (!tool) throw new UsageError(`Unknown tool "${toolName}". Run "sentinel-mcp tools" for the list.`);
  const schema = z.toJSONSchema(z.object(tool.input), { unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string | string[] }>;
  };
  const args: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`Arguments are key=value; got "${pair}"`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const type = schema.properties?.[key]?.type;
    const isString =
      type === 'string' || (Array.isArray(type) && type.includes('string') && type.length === 1);
    args[key] = isString ? value : parseJsonOr(value);
  }
  return args;
}

function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

class UsageError extends Error {}

async function withClient<T>(
  config: Config,
  logger: Logger,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const backend = createBackendHandle(config, logger);
  const server = createServer({ config, logger, backend: backend.get });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'sentinel-mcp-cli', version: VERSION });
  await server.connect(serverSide);
  await client.connect(clientSide);
  try {
    return await use(client);
  } finally {
    await client.close();
    await server.close();
    await backend.close();
  }
}

interface CallFlags extends ServeFlags {
  json?: boolean;
  format?: OutputFormat;
}

async function callCommand(toolName: string, pairs: string[], flags: CallFlags): Promise<number> {
  const config = configFrom({ ...flags, logLevel: flags.logLevel ?? 'warn' });
  const args = parseToolArguments(toolName, pairs);
  const logger = createLogger(config.logLevel);
  const name = findTool(ALL_TOOLS, toolName)?.name ?? toolName;
  const label = name === 'sentinel_logs_search' ? 'Running the query' : `Calling ${name}`;
  const result = (await withSpinner(process.stderr, label, () =>
    withClient(config, logger, (client) => client.callTool({ name, arguments: args })),
  )) as CallToolResult;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result.structuredContent ?? null, null, 2)}\n`);
  } else {
    const out = renderToolResult(result, flags.format ?? 'table');
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
  }
  return result.isError ? EXIT_TOOL_ERROR : EXIT_OK;
}

function configCommand(client: ClientName, flags: ServeFlags & { npx?: boolean }): void {
  const config = configFrom(flags);
  const cliPath = fileURLToPath(import.meta.url);
  const snippet = clientSnippet(client, config, { cliPath, npx: flags.npx === true });
  process.stdout.write(`${snippet.text}\n`);
  for (const note of snippet.notes) process.stderr.write(`${note}\n`);
}

function toolsCommand(flags: ServeFlags & { all?: boolean }): void {
  const config = configFrom(flags);
  const tools = flags.all ? [...ALL_TOOLS] : selectTools(config);
  for (const t of tools) {
    const summary = t.description.split(/(?<=\.)\s/, 1)[0] ?? '';
    process.stdout.write(`${t.name.padEnd(42)} [${t.toolset}] ${summary}\n`);
  }
}

function formatOption(): Option {
  return new Option('--format <format>', 'how rows are printed').choices(OUTPUT_FORMATS).default('table');
}

export function buildProgram(): Command {
  const program = new Command('sentinel-mcp')
    .description('MCP server for Microsoft Sentinel, with an embedded local workspace')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  withServerOptions(
    program.command('serve', { isDefault: true }).description('start the MCP server (default command)'),
  ).action(async (flags: ServeFlags) => serve(flags));

  withServerOptions(program.command('tools').description('list the tools with one-line descriptions'))
    .option('--all', 'list every tool, whatever the toolsets and write settings')
    .action((flags: ServeFlags & { all?: boolean }) => toolsCommand(flags));

  withServerOptions(
    program
      .command('call')
      .description('call one tool and print its result as a person would read it')
      .argument('<tool>', 'tool name, e.g. sentinel_query_validate')
      .argument('[args...]', "arguments as key=value, e.g. query='SecurityEvent | take 5'")
      .addOption(formatOption())
      .option('--json', 'print the structured result as JSON instead of text'),
  ).action(async (tool: string, args: string[], flags: CallFlags) => {
    process.exitCode = await callCommand(tool, args, flags);
  });

  withServerOptions(
    program
      .command('query')
      .description('run a KQL query (shorthand for call sentinel_logs_search)')
      .argument('<kql>', 'the query, e.g. "SecurityEvent | summarize count() by EventID"')
      .option('--timespan <duration>', 'ISO 8601 duration, e.g. P1D')
      .option('--max-rows <n>', 'rows to return at most')
      .addOption(formatOption())
      .option('--json', 'print the structured result as JSON instead of text'),
  ).action(async (kql: string, flags: CallFlags & { timespan?: string; maxRows?: string }) => {
    const pairs = [`query=${kql}`];
    if (flags.timespan) pairs.push(`timespan=${flags.timespan}`);
    if (flags.maxRows) pairs.push(`max_rows=${flags.maxRows}`);
    process.exitCode = await callCommand('sentinel_logs_search', pairs, flags);
  });

  withServerOptions(
    program
      .command('config')
      .description('print the configuration snippet for an MCP client, with the current settings')
      .addArgument(new Argument('<client>', 'the client').choices(CLIENTS))
      .option('--npx', 'start the server with "npx -y sentinel-mcp" instead of this installation'),
  ).action((client: ClientName, flags: ServeFlags & { npx?: boolean }) => configCommand(client, flags));

  withServerOptions(
    program.command('doctor').description('check configuration, credentials, workspace and permissions'),
  ).action(async (flags: ServeFlags) => {
    const config = configFrom({ ...flags, logLevel: flags.logLevel ?? 'warn' });
    const backend = createBackendHandle(config, createLogger(config.logLevel));
    try {
      const { doctorCommand } = await import('./doctor.js');
      const report = await doctorCommand(config, { progress: process.stderr, backend: backend.get });
      process.stdout.write(`${report.summary}\n`);
      process.exitCode = report.exitCode;
    } finally {
      await backend.close();
    }
  });

  program
    .command('docs', { hidden: true })
    .description('print docs/tools.md, the tool reference generated from the registry')
    .action(() => {
      process.stdout.write(toolsMarkdown(ALL_TOOLS));
    });
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`sentinel-mcp: ${error.message}\n`);
      process.exit(EXIT_USAGE);
    }
    const code = (error as { code?: string; exitCode?: number }).exitCode;
    if (typeof code === 'number') process.exit(code === 0 ? EXIT_OK : EXIT_USAGE);
    process.stderr.write(`sentinel-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT_TOOL_ERROR);
  }
}

void main(process.argv);
