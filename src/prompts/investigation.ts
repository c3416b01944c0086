// sentinel_security_investigation (one entity of any type) and sentinel_hunting_investigate_ip.
import { z } from 'zod';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { ENTITY_TYPES, parseEntity, parseIpArg, TableSet, requiredToken, type Entity } from './args.js';
import { fixedValues } from './complete.js';
import { domainSteps, hashSteps, hostSteps, ipSteps, urlSteps, userSteps } from './entities.js';
import { groundRules, numbered } from './text.js';
import { definePrompt } from './types.js';

/** How far back the investigation queries look by default (the model may widen it). */
const LOOKBACK = { kql: '14d', words: '14 days' };

const RESPONSE: Record<Entity['type'], string> = {
  user: 'for a compromised user: disable the account or revoke its sessions, reset the password, remove MFA methods the attacker registered, remove the inbox rules and mailbox forwarding, review what mail and files were read or taken, and check the hosts the account used',
  host: 'for a compromised host: isolate it, collect evidence, remove persistence (scheduled tasks, services, run keys), block its command-and-control destinations, and check the accounts that logged on to it',
  ip: 'for a malicious address: block it at the firewall and in Conditional Access, and investigate every account that signed in from it and every host that talked to it',
  url: 'for a malicious URL: block it at the proxy and in Defender, find who clicked or downloaded it, and investigate those hosts',
  domain:
    'for a malicious domain: block it (DNS, proxy, Defender indicators), find the hosts that resolved or connected to it, and investigate them',
  file_hash:
    'for a malicious file: block the hash (Defender indicator), find every host where it ran or was written, and investigate those hosts and accounts',
};

function stepsFor(entity: Entity, tables: TableSet): string[] {
  const w = LOOKBACK.kql;
  switch (entity.type) {
    case 'user':
      return userSteps(entity, tables, w);
    case 'host':
      return hostSteps(entity, tables, w);
    case 'ip':
      return ipSteps(entity.ip, tables, w);
    case 'url':
      return urlSteps(entity, tables, w);
    case 'domain':
      return domainSteps(entity, tables, w);
    case 'file_hash':
      return hashSteps(entity, tables, w);
  }
}

function reportSection(entity: Entity): string {
  return [
    '## Report',
    `- Verdict on ${entity.display}: compromised, suspicious, benign or undetermined, and the evidence for it.`,
    '- Timeline (UTC): one line per event, each with the table or tool that showed it.',
    '- Scope: the incidents and alerts (numbers), accounts, hosts, addresses, domains and files involved.',
    `- Response: ${RESPONSE[entity.type]}.`,
    '- Open questions and the next things to look at.',
  ].join('\n');
}

const NAME = 'sentinel_security_investigation';

export const securityInvestigationPrompt = definePrompt({
  name: NAME,
  title: 'Investigate a user, host, IP, URL, domain or file',
  description:
    'A step-by-step investigation of one entity (user, host, ip, url, domain or file_hash) in this workspace: the ' +
    'incidents and alerts that name it, then the logs that show what it did (sign-ins, directory changes, mailbox ' +
    'rules, logons, processes, network, threat intelligence), with the tools and ready-made KQL for each step, and a report.',
  args: () => ({
    entity: requiredToken(
      'The entity to investigate: a UPN or mail (megan.ortiz@contoso.com), an object id, a host name (FB-WS-005), an IP address, a URL, a domain or an MD5/SHA1/SHA256 hash',
      2048,
      'the entity to investigate',
    ),
    entity_type: completable(
      z
        .enum(ENTITY_TYPES, {
          error: (issue) =>
            issue.input === undefined
              ? `a value is required (one of ${ENTITY_TYPES.join(', ')})`
              : `must be one of ${ENTITY_TYPES.join(', ')}`,
        })
        .describe(`What the entity is: ${ENTITY_TYPES.join(', ')}`),
      fixedValues(ENTITY_TYPES),
    ),
  }),
  async render(args, env) {
    const entity = parseEntity(NAME, args.entity_type, args.entity);
    const tables = await TableSet.of(env);
    const kind = entity.type === 'file_hash' ? 'file' : entity.type;
    return [
      `# Investigate the ${kind} ${entity.display}`,
      '',
      `You are a security analyst investigating the ${kind} ${entity.display} in the Microsoft Sentinel workspace this server reads.`,
      `Follow the steps in order; each names the tool to call or the query to run with sentinel_logs_search. The queries look back ${LOOKBACK.words}: widen them (30d, 90d) when the activity started earlier.`,
      'Pivot on what each step finds: a suspicious address, host or account from one step is the subject of the next.',
      'Table columns: sentinel://tables/{name} or sentinel_logs_table_schema_get; KQL help: sentinel://reference/kql/cheatsheet.',
      '',
      '## Steps',
      numbered(stepsFor(entity, tables)),
      '',
      reportSection(entity),
      '',
      groundRules(),
    ].join('\n');
  },
});

const IP_NAME = 'sentinel_hunting_investigate_ip';

export const investigateIpPrompt = definePrompt({
  name: IP_NAME,
  title: 'Investigate an IP address',
  description:
    'Everything this workspace knows about one IP address: where it is (geolocation, ASN), whether threat ' +
    'intelligence knows it, every table it appears in, the accounts that signed in from it, the hosts that talked ' +
    'to it, and the alerts and incidents that name it; ends with a verdict and what to do.',
  args: () => ({
    ip_address: requiredToken(
      'The IPv4 or IPv6 address to investigate, e.g. 203.0.113.7 or 2001:db8::1',
      64,
      'the IPv4 or IPv6 address to investigate',
    ),
  }),
  async render(args, env) {
    const ip = parseIpArg(IP_NAME, 'ip_address', args.ip_address);
    const tables = await TableSet.of(env);
    const entity: Entity = { type: 'ip', ip, display: ip.address };
    return [
      `# Investigate the IP address ${ip.address}`,
      '',
      `You are a threat hunter finding out what ${ip.address} is and what it did in the Microsoft Sentinel workspace this server reads.`,
      `Follow the steps in order. The queries look back ${LOOKBACK.words}: widen them (30d, 90d) if the address is older news.`,
      'Table columns: sentinel://tables/{name} or sentinel_logs_table_schema_get; KQL help: sentinel://reference/kql/cheatsheet.',
      '',
      '## Steps',
      numbered(ipSteps(ip, tables, LOOKBACK.kql)),
      '',
      reportSection(entity),
      '',
      groundRules([
        'An address in a cloud or hosting range may be shared by many tenants: weigh geolocation and ASN with the behaviour seen in the logs.',
      ]),
    ].join('\n');
  },
});
