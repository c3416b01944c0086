// Azure clouds: the ARM, Log Analytics and Microsoft Graph endpoints, the token audiences and the
// authority host of each, and how the SENTINEL_MCP_*_ENDPOINT and AZURE_AUTHORITY_HOST overrides
// combine with them.
//
// Scopes. A token's audience names the service, not the address it is reached at. With a Microsoft
// identity platform (the cloud's own authority host), an endpoint override is a different address
// for the same service (a private endpoint, a regional or proxy host, a mirror), and the token must
// still be for the cloud's audience: asking Entra ID for `https://my-proxy/.default` fails with
// AADSTS500011 (resource not found). So with a known authority the scopes stay the cloud's whatever
// the endpoints. With a custom authority host (Azure Stack Hub, private clouds, the test fake), the
// Microsoft audiences mean nothing to that identity provider; its services are named by their own
// endpoints, so the scopes follow the overridden endpoints: `${endpoint}/.default`.
import type { AzureSettings } from '../../config.js';

export type CloudName = AzureSettings['cloud'];

export interface CloudProfile {
  name: CloudName;
  arm: string;
  logs: string;
  graph: string;
  authorityHost: string;
  /** Token audiences (resource ids) of the cloud's services. */
  audiences: { arm: string; logs: string; graph: string };
}

export const CLOUD_PROFILES: Readonly<Record<CloudName, CloudProfile>> = Object.freeze({
  AzurePublic: {
    name: 'AzurePublic',
    arm: 'https://management.azure.com',
    logs: 'https://api.loganalytics.io',
    graph: 'https://graph.microsoft.com',
    authorityHost: 'https://login.microsoftonline.com',
    audiences: {
      arm: 'https://management.azure.com',
      logs: 'https://api.loganalytics.io',
      graph: 'https://graph.microsoft.com',
    },
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    arm: 'https://management.usgovcloudapi.net',
    logs: 'https://api.loganalytics.us',
    graph: 'https://graph.microsoft.us',
    authorityHost: 'https://login.microsoftonline.us',
    audiences: {
      arm: 'https://management.usgovcloudapi.net',
      logs: 'https://api.loganalytics.us',
      graph: 'https://graph.microsoft.us',
    },
  },
  AzureChina: {
    name: 'AzureChina',
    arm: 'https://management.chinacloudapi.cn',
    logs: 'https://api.loganalytics.azure.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    audiences: {
      arm: 'https://management.chinacloudapi.cn',
      logs: 'https://api.loganalytics.azure.cn',
      graph: 'https://microsoftgraph.chinacloudapi.cn',
    },
  },
});

/** Authority hosts of Microsoft's identity platform (instance discovery works for these). */
const KNOWN_AUTHORITY_HOSTS: ReadonlySet<string> = new Set([
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.microsoftonline.de',
]);

export interface ResolvedEndpoints {
  cloud: CloudName;
  /** Origins (no trailing slash) the clients call. */
  arm: string;
  logs: string;
  graph: string;
  authorityHost: string;
  /** True when the authority host is not a Microsoft cloud's: instance discovery must be off. */
  customAuthority: boolean;
  /** Which endpoints came from an override. */
  overridden: { arm: boolean; logs: boolean; graph: boolean; authority: boolean };
  /** Token scopes, one per service. */
  scopes: { arm: string; logs: string; graph: string };
}

function origin(url: string): string {
  return url.replace(/\/+$/, '');
}

export function isKnownAuthorityHost(url: string): boolean {
  try {
    return KNOWN_AUTHORITY_HOSTS.has(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** The endpoints, authority and scopes for the settings (cloud, then overrides). */
export function resolveEndpoints(
  settings: Pick<AzureSettings, 'cloud' | 'endpoints' | 'authorityHost'>,
): ResolvedEndpoints {
  const profile = CLOUD_PROFILES[settings.cloud] ?? CLOUD_PROFILES.AzurePublic;
  const arm = origin(settings.endpoints.arm ?? profile.arm);
  const logs = origin(settings.endpoints.logs ?? profile.logs);
  const graph = origin(settings.endpoints.graph ?? profile.graph);
  const authorityHost = origin(settings.authorityHost ?? profile.authorityHost);
  const customAuthority = !isKnownAuthorityHost(authorityHost);
  const audience = (service: 'arm' | 'logs' | 'graph', endpoint: string) =>
    `${customAuthority ? endpoint : profile.audiences[service]}/.default`;
  return {
    cloud: profile.name,
    arm,
    logs,
    graph,
    authorityHost,
    customAuthority,
    overridden: {
      arm: settings.endpoints.arm !== undefined,
      logs: settings.endpoints.logs !== undefined,
      graph: settings.endpoints.graph !== undefined,
      authority: settings.authorityHost !== undefined,
    },
    scopes: { arm: audience('arm', arm), logs: audience('logs', logs), graph: audience('graph', graph) },
  };
}
