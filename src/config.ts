// All configuration, from flags > environment > `.env` in the working directory, validated by one
// zod schema. This is the only module that reads process.env.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { LOG_LEVELS } from './util/logger.js';
import { TOOLSETS } from './tools/toolsets.js';

export const CLOUDS = ['AzurePublic', 'AzureUSGovernment', 'AzureChina'] as const;
/** default: DefaultAzureCredential (or the client secret); device-code and browser: interactive fallbacks. */
export const AUTH_MODES = ['default', 'device-code', 'browser'] as const;

/** Where each setting comes from: its flag (if any) and its environment variable. */
const SOURCES = {
  transport: { flag: '--transport', env: 'SENTINEL_MCP_TRANSPORT' },
  host: { flag: '--host', env: 'SENTINEL_MCP_HOST' },
  port: { flag: '--port', env: 'SENTINEL_MCP_PORT' },
  backend: { flag: '--backend', env: 'SENTINEL_MCP_BACKEND' },
  workspace: { flag: '--workspace', env: 'SENTINEL_MCP_WORKSPACE' },
  toolsets: { flag: '--toolsets', env: 'SENTINEL_MCP_TOOLSETS' },
  enableWrites: { flag: '--enable-writes', env: 'SENTINEL_MCP_ENABLE_WRITES' },
  logLevel: { flag: '--log-level', env: 'SENTINEL_MCP_LOG_LEVEL' },
  httpToken: { env: 'SENTINEL_MCP_HTTP_TOKEN' },
  allowedOrigins: { env: 'SENTINEL_MCP_ALLOWED_ORIGINS' },
  allowedHosts: { env: 'SENTINEL_MCP_ALLOWED_HOSTS' },
  queryTimeoutSeconds: { env: 'SENTINEL_MCP_QUERY_TIMEOUT' },
  tenantId: { env: 'AZURE_TENANT_ID' },
  clientId: { env: 'AZURE_CLIENT_ID' },
  clientSecret: { env: 'AZURE_CLIENT_SECRET' },
  subscriptionId: { env: 'AZURE_SUBSCRIPTION_ID' },
  resourceGroup: { env: 'AZURE_RESOURCE_GROUP' },
  workspaceName: { env: 'AZURE_WORKSPACE_NAME' },
  workspaceId: { env: 'AZURE_WORKSPACE_ID' },
  authorityHost: { env: 'AZURE_AUTHORITY_HOST' },
  cloud: { env: 'SENTINEL_MCP_CLOUD' },
  auth: { flag: '--auth', env: 'SENTINEL_MCP_AUTH' },
  armEndpoint: { env: 'SENTINEL_MCP_ARM_ENDPOINT' },
  logsEndpoint: { env: 'SENTINEL_MCP_LOGS_ENDPOINT' },
  graphEndpoint: { env: 'SENTINEL_MCP_GRAPH_ENDPOINT' },
  rdapBootstrapUrl: { env: 'SENTINEL_MCP_RDAP_BOOTSTRAP_URL' },
  rdapBaseUrl: { env: 'SENTINEL_MCP_RDAP_BASE_URL' },
} as const satisfies Record<string, { flag?: string; env: string }>;

type SettingKey = keyof typeof SOURCES;
export type RawSettings = Partial<Record<SettingKey, string | boolean | undefined>>;

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const booleanText = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', ''])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes')
  .default(false);

const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const origin = optionalText.refine((v) => v === undefined || /^https?:\/\/[^/\s?#]+$/.test(v), {
  message: 'expected an origin like https://host[:port], with no path',
});

/** IANA's RDAP bootstrap file for domain names (RFC 9224). */
export const DEFAULT_RDAP_BOOTSTRAP_URL = 'https://data.iana.org/rdap/dns.json';

const httpsUrl = optionalText.refine(
  (v) => v === undefined || (URL.canParse(v) && new URL(v).protocol === 'https:'),
  {
    message: 'expected an https:// URL',
  },
);

const guidOrUndefined = optionalText.refine(
  (v) => v === undefined || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  { message: 'expected a GUID like 00000000-0000-0000-0000-000000000000' },
);

const settingsSchema = z.object({
  transport: z.enum(['stdio', 'http', 'sse']).optional(),
  host: z.string().trim().min(1).default('127.0.0.1'),
  port: z.coerce
    .number({ message: 'expected a port number' })
    .int('expected a whole number')
    .min(0, 'expected 0-65535')
    .max(65535, 'expected 0-65535')
    .default(8000),
  backend: z.enum(['azure', 'local']).optional(),
  workspace: optionalText,
  toolsets: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '' || v.trim() === 'all') return [...TOOLSETS];
      const names = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = names.filter((n) => !(TOOLSETS as readonly string[]).includes(n));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown toolset ${unknown.join(', ')}; known: ${TOOLSETS.join(', ')}`,
        });
        return z.NEVER;
      }
      return names as (typeof TOOLSETS)[number][];
    }),
  enableWrites: booleanText,
  logLevel: z.enum(LOG_LEVELS).default('info'),
  httpToken: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'expected at least 16 characters',
  }),
  allowedOrigins: commaList.refine((list) => list.every((o) => /^https?:\/\/[^/\s?#]+$/.test(o)), {
    message: 'expected comma-separated origins like https://console.example.com',
  }),
  allowedHosts: commaList.refine((list) => list.every((h) => /^[A-Za-z0-9.\-[\]:]+$/.test(h)), {
    message: 'expected comma-separated host names, optionally with :port',
  }),
  queryTimeoutSeconds: z.coerce
    .number({ message: 'expected a number of seconds' })
    .positive('expected a positive number of seconds')
    .max(3600, 'expected at most 3600 seconds')
    .default(180),
  tenantId: optionalText,
  clientId: optionalText,
  clientSecret: optionalText,
  subscriptionId: guidOrUndefined,
  resourceGroup: optionalText,
  workspaceName: optionalText,
  workspaceId: guidOrUndefined,
  authorityHost: optionalText.refine((v) => v === undefined || /^https:\/\//.test(v), {
    message: 'expected an https:// URL',
  }),
  cloud: z.enum(CLOUDS).default('AzurePublic'),
  auth: z.enum(AUTH_MODES).default('default'),
  armEndpoint: origin,
  logsEndpoint: origin,
  graphEndpoint: origin,
  rdapBootstrapUrl: httpsUrl.default(DEFAULT_RDAP_BOOTSTRAP_URL),
  rdapBaseUrl: httpsUrl,
});

type Settings = z.output<typeof settingsSchema>;

export interface AzureSettings {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  workspaceName?: string;
  workspaceId?: string;
  authorityHost?: string;
  cloud: (typeof CLOUDS)[number];
  auth: (typeof AUTH_MODES)[number];
  endpoints: { arm?: string; logs?: string; graph?: string };
}

export interface Config {
  transport?: 'stdio' | 'http' | 'sse';
  http: { host: string; port: number; token?: string; allowedOrigins: string[]; allowedHosts: string[] };
  backend: 'azure' | 'local';
  workspaceDir?: string;
  toolsets: (typeof TOOLSETS)[number][];
  enableWrites: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  queryTimeoutMs: number;
  azure: AzureSettings;
  /** Where the local backend asks RDAP for domain registrations. */
  rdap: RdapSettings;
}

export interface RdapSettings {
  /** The RFC 9224 bootstrap file that maps TLDs to RDAP servers. */
  bootstrapUrl: string;
  /** One RDAP server for every TLD (skips the bootstrap). */
  baseUrl?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function readDotEnv(cwd: string): Record<string, string> {
  const path = join(cwd, '.env');
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

function describeSource(key: SettingKey): string {
  const source: { flag?: string; env: string } = SOURCES[key];
  return source.flag ? `${source.flag} (or ${source.env})` : source.env;
}

function toConfig(s: Settings): Config {
  return {
    ...(s.transport ? { transport: s.transport } : {}),
    http: {
      host: s.host,
      port: s.port,
      ...(s.httpToken ? { token: s.httpToken } : {}),
      allowedOrigins: s.allowedOrigins,
      allowedHosts: s.allowedHosts,
    },
    backend: s.backend ?? (s.workspaceId ? 'azure' : 'local'),
    ...(s.workspace ? { workspaceDir: s.workspace } : {}),
    toolsets: s.toolsets,
    enableWrites: s.enableWrites,
    logLevel: s.logLevel,
    queryTimeoutMs: Math.round(s.queryTimeoutSeconds * 1000),
    azure: {
      tenantId: s.tenantId,
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      subscriptionId: s.subscriptionId,
      resourceGroup: s.resourceGroup,
      workspaceName: s.workspaceName,
      workspaceId: s.workspaceId,
      authorityHost: s.authorityHost,
      cloud: s.cloud,
      auth: s.auth,
      endpoints: { arm: s.armEndpoint, logs: s.logsEndpoint, graph: s.graphEndpoint },
    },
    rdap: {
      bootstrapUrl: s.rdapBootstrapUrl ?? DEFAULT_RDAP_BOOTSTRAP_URL,
      ...(s.rdapBaseUrl ? { baseUrl: s.rdapBaseUrl } : {}),
    },
  };
}

/**
 * Builds the configuration. `flags` are the command line's values (undefined when not given);
 * `env` defaults to process.env and `cwd` to the working directory (its `.env` is read).
 */
export function loadConfig(
  flags: RawSettings = {},
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Config {
  const dotenv = readDotEnv(cwd);
  const raw: Record<string, string | boolean | undefined> = {};
  for (const key of Object.keys(SOURCES) as SettingKey[]) {
    const name = SOURCES[key].env;
    raw[key] = flags[key] ?? env[name] ?? dotenv[name];
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as SettingKey;
      const given = raw[key];
      const shown = key === 'clientSecret' || key === 'httpToken' ? '(hidden)' : JSON.stringify(given);
      return `${describeSource(key)}: ${issue.message}; got ${shown}`;
    });
    throw new ConfigError(problems);
  }
  return toConfig(parsed.data);
}

/** The environment variable behind a setting, for messages and docs. */
export function envNameOf(key: SettingKey): string {
  return SOURCES[key].env;
}

/** Configuration rows for the README: flag, variable. */
export function configurationSources(): { key: string; flag?: string; env: string }[] {
  return (Object.keys(SOURCES) as SettingKey[]).map((key) => ({ key, ...SOURCES[key] }));
}
