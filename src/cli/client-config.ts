// Client configuration snippets (`sentinel-mcp config CLIENT`): the current settings turned into the
// JSON or shell line each MCP client expects. Secrets are never written out: each client gets a
// reference it resolves itself (an input prompt, ${env:NAME}, the shell's "$NAME") or a placeholder.
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { TOOLSETS } from '../tools/toolsets.js';

export const CLIENTS = ['claude-desktop', 'claude-code', 'vscode', 'cursor', 'http'] as const;
export type ClientName = (typeof CLIENTS)[number];

export const SERVER_NAME = 'sentinel';

/** Settings that are secrets: their values are never printed. */
export const SECRET_ENV = ['AZURE_CLIENT_SECRET', 'SENTINEL_MCP_HTTP_TOKEN'] as const;

export interface Launch {
  command: string;
  args: string[];
  /** Plain values, safe to print. */
  env: Record<string, string>;
  /** Secret variables the server needs; their values stay in the user's environment. */
  secretEnv: string[];
}

export interface LaunchOptions {
  /** Absolute path of dist/cli.js (the command runs it with node). */
  cliPath: string;
  /** Use `npx -y sentinel-mcp` instead of node and the local path. */
  npx?: boolean;
  /** Working directory that a relative --workspace is resolved against. */
  cwd?: string;
}

/** The server's settings as command-line flags, without the transport. Only non-defaults. */
export function serverFlags(config: Config, cwd: string = process.cwd()): string[] {
  const args: string[] = [];
  const auto = config.azure.workspaceId ? 'azure' : 'local';
  if (config.backend !== auto) args.push('--backend', config.backend);
  if (config.backend === 'local' && config.workspaceDir)
    args.push('--workspace', resolve(cwd, config.workspaceDir));
  const all =
    TOOLSETS.length === config.toolsets.length && TOOLSETS.every((t) => config.toolsets.includes(t));
  if (!all) args.push('--toolsets', config.toolsets.join(','));
  if (config.enableWrites) args.push('--enable-writes');
  if (config.logLevel !== 'info') args.push('--log-level', config.logLevel);
  if (config.azure.auth !== 'default') args.push('--auth', config.azure.auth);
  return args;
}

/** Environment the server needs for Azure: plain values, and the names of the secrets set. */
export function serverEnv(config: Config): { env: Record<string, string>; secretEnv: string[] } {
  const env: Record<string, string> = {};
  const secretEnv: string[] = [];
  if (config.queryTimeoutMs !== 180_000)
    env.SENTINEL_MCP_QUERY_TIMEOUT = String(config.queryTimeoutMs / 1000);
  if (config.backend !== 'azure') return { env, secretEnv };
  const a = config.azure;
  const plain: [string, string | undefined][] = [
    ['AZURE_TENANT_ID', a.tenantId],
    ['AZURE_CLIENT_ID', a.clientId],
    ['AZURE_SUBSCRIPTION_ID', a.subscriptionId],
    ['AZURE_RESOURCE_GROUP', a.resourceGroup],
    ['AZURE_WORKSPACE_NAME', a.workspaceName],
    ['AZURE_WORKSPACE_ID', a.workspaceId],
    ['AZURE_AUTHORITY_HOST', a.authorityHost],
    ['SENTINEL_MCP_CLOUD', a.cloud === 'AzurePublic' ? undefined : a.cloud],
    ['SENTINEL_MCP_ARM_ENDPOINT', a.endpoints.arm],
    ['SENTINEL_MCP_LOGS_ENDPOINT', a.endpoints.logs],
    ['SENTINEL_MCP_GRAPH_ENDPOINT', a.endpoints.graph],
  ];
  for (const [name, value] of plain) if (value) env[name] = value;
  if (a.clientSecret) secretEnv.push('AZURE_CLIENT_SECRET');
  return { env, secretEnv };
}

/** How a client starts the server over stdio with the current settings. */
export function stdioLaunch(config: Config, options: LaunchOptions): Launch {
  const flags = ['--transport', 'stdio', ...serverFlags(config, options.cwd)];
  const { env, secretEnv } = serverEnv(config);
  return options.npx
    ? { command: 'npx', args: ['-y', 'sentinel-mcp', ...flags], env, secretEnv }
    : { command: 'node', args: [options.cliPath, ...flags], env, secretEnv };
}

/** The URL a local client uses to reach the HTTP transport bound at host:port. */
export function httpUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]';
  const shown = wildcard ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${shown}:${port}/mcp`;
}

/** The generic Streamable HTTP snippet; the bearer token, when one is required, as a placeholder. */
export function httpSnippet(url: string, tokenRequired: boolean): string {
  const server: Record<string, unknown> = { type: 'http', url };
  if (tokenRequired) server.headers = { Authorization: 'Bearer ${env:SENTINEL_MCP_HTTP_TOKEN}' };
  return json({ mcpServers: { [SERVER_NAME]: server } });
}

export interface Snippet {
  /** What goes on stdout: the JSON or the command line, nothing else. */
  text: string;
  /** Where it goes and what to do about secrets, for stderr. */
  notes: string[];
}

const SECRET_PLACEHOLDER = (name: string) => `<set ${name} here>`;

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A word as the shell reads it: single quotes unless it is plainly safe. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function stdioServer(launch: Launch, env: Record<string, string>): Record<string, unknown> {
  return {
    command: launch.command,
    args: launch.args,
    ...(Object.keys(env).length > 0 ? { env } : {}),
  };
}

/** The snippet for one client. */
export function clientSnippet(client: ClientName, config: Config, options: LaunchOptions): Snippet {
  if (client === 'http') {
    const url = httpUrl(config.http.host, config.http.port);
    const start = [
      'sentinel-mcp',
      '--transport',
      'http',
      ...(config.http.host !== '127.0.0.1' ? ['--host', config.http.host] : []),
      ...(config.http.port !== 8000 ? ['--port', String(config.http.port)] : []),
      ...serverFlags(config, options.cwd),
    ];
    const notes = [`Start the server with: ${start.map(shellQuote).join(' ')}`];
    if (config.http.token)
      notes.push('The client sends the token from SENTINEL_MCP_HTTP_TOKEN; set it where the client runs.');
    return { text: httpSnippet(url, config.http.token !== undefined), notes };
  }
  const launch = stdioLaunch(config, options);
  const secretNote = (how: string) =>
    launch.secretEnv.map((name) => `${name} is a secret and is not printed: ${how}`);
  switch (client) {
    case 'claude-desktop': {
      const env = { ...launch.env };
      for (const name of launch.secretEnv) env[name] = SECRET_PLACEHOLDER(name);
      return {
        text: json({ mcpServers: { [SERVER_NAME]: stdioServer(launch, env) } }),
        notes: [
          'Add to claude_desktop_config.json (Settings > Developer > Edit Config) and restart Claude Desktop.',
          ...secretNote('replace the placeholder, or remove it and sign in with "az login".'),
        ],
      };
    }
    case 'cursor': {
      const env = { ...launch.env };
      for (const name of launch.secretEnv) env[name] = `\${env:${name}}`;
      return {
        text: json({ mcpServers: { [SERVER_NAME]: stdioServer(launch, env) } }),
        notes: [
          'Add to ~/.cursor/mcp.json (or .cursor/mcp.json in a project).',
          ...secretNote('Cursor reads it from your environment (${env:NAME}).'),
        ],
      };
    }
    case 'vscode': {
      const env = { ...launch.env };
      const inputs = launch.secretEnv.map((name) => {
        const id = name.toLowerCase().replace(/_/g, '-');
        env[name] = `\${input:${id}}`;
        return { type: 'promptString', id, description: name, password: true };
      });
      return {
        text: json({
          ...(inputs.length > 0 ? { inputs } : {}),
          servers: { [SERVER_NAME]: { type: 'stdio', ...stdioServer(launch, env) } },
        }),
        notes: [
          'Add to .vscode/mcp.json (or the user mcp.json: "MCP: Open User Configuration").',
          ...secretNote('VS Code asks for it once and keeps it in its secret storage.'),
        ],
      };
    }
    case 'claude-code': {
      const words = ['claude', 'mcp', 'add', SERVER_NAME];
      const parts = words.map(shellQuote);
      for (const [name, value] of Object.entries(launch.env))
        parts.push('--env', shellQuote(`${name}=${value}`));
      // Double quotes: the shell expands the variable when the line runs; the value is never printed.
      for (const name of launch.secretEnv) parts.push('--env', `${name}="$${name}"`);
      parts.push('--', ...[launch.command, ...launch.args].map(shellQuote));
      return {
        text: parts.join(' '),
        notes: [
          'Run in a shell (add --scope user before -- to use it in every project).',
          ...secretNote('the shell fills it in from your environment when the line runs.'),
        ],
      };
    }
  }
}
