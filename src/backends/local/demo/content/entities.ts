// Incident entities: the alerts' entities (SecurityAlert.Entities shape) as the incidents API's
// `entities` answer gives them (kinds Account, Ip, Host, Process, File, FileHash, Url, DnsResolution,
// Mailbox, AzureResource), deduplicated per incident. Ids depend on the entity, not on the incident.
import type { Cell } from '../../../backend.js';
import type { ArmResource } from '../../../objects.js';
import type { DemoAlert, Entity } from '../incidents.js';
import type { DemoStory } from '../story.js';
import { guidOf, sentinelId } from './arm.js';

const ENTITY_TYPE = 'Microsoft.SecurityInsights/entities';

function str(value: Cell | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: Cell | undefined): Record<string, Cell> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, Cell>)
    : {};
}

/** Drops undefined fields so the JSON carries only what we know. */
function defined(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

class EntityCollector {
  readonly items: ArmResource[] = [];
  private readonly byKey = new Map<string, ArmResource>();

  constructor(private readonly story: DemoStory) {}

  /** Adds (once) and returns the entity's ARM id. */
  add(kind: string, key: string, properties: Record<string, unknown>): string {
    const identity = `${kind}:${key.toLowerCase()}`;
    const found = this.byKey.get(identity);
    if (found) return found.id;
    const name = guidOf(`entity:${identity}`);
    const resource: ArmResource = {
      id: sentinelId(this.story, 'entities', name),
      name,
      type: ENTITY_TYPE,
      kind,
      properties: defined(properties),
    };
    this.byKey.set(identity, resource);
    this.items.push(resource);
    return resource.id;
  }

  account(e: Entity): string {
    const name = str(e['Name']) ?? '';
    const suffix = str(e['UPNSuffix']);
    return this.add('Account', suffix ? `${name}@${suffix}` : `${str(e['NTDomain']) ?? ''}\\${name}`, {
      friendlyName: name,
      accountName: name,
      upnSuffix: suffix,
      ntDomain: str(e['NTDomain']),
      sid: str(e['Sid']),
      aadTenantId: str(e['AadTenantId']),
      aadUserId: str(e['AadUserId']),
      displayName: str(e['DisplayName']),
      isDomainJoined: typeof e['IsDomainJoined'] === 'boolean' ? e['IsDomainJoined'] : undefined,
    });
  }

  ip(e: Entity): string {
    const address = str(e['Address']) ?? '';
    const loc = record(e['Location']);
    const location = str(loc['CountryCode'])
      ? { countryCode: loc['CountryCode'], countryName: loc['CountryName'], city: loc['City'] }
      : undefined;
    return this.add('Ip', address, { friendlyName: address, address, location });
  }

  host(e: Entity): string {
    const hostName = str(e['HostName']) ?? '';
    const h = this.story.hosts.find((x) => x.name.toLowerCase() === hostName.toLowerCase());
    return this.add('Host', hostName, {
      friendlyName: hostName,
      hostName,
      dnsDomain: str(e['DnsDomain']),
      netBiosName: h?.os === 'Windows' ? hostName : undefined,
      ntDomain: h?.os === 'Windows' ? this.story.organization.netbiosDomain : undefined,
      osFamily: str(e['OSFamily']),
      osVersion: h?.osVersion,
      azureID: h?.resourceId,
      omsAgentID: h?.agentId,
      isDomainJoined: h ? h.os === 'Windows' : undefined,
      additionalData: str(e['MdatpDeviceId']) ? { MdatpDeviceId: e['MdatpDeviceId'] } : undefined,
    });
  }

  fileHash(e: Entity): string {
    const algorithm = str(e['Algorithm']) ?? 'SHA256';
    const value = str(e['Value']) ?? '';
    return this.add('FileHash', `${algorithm}:${value}`, {
      friendlyName: value,
      algorithm,
      hashValue: value,
    });
  }

  file(e: Entity): string {
    const name = str(e['Name']) ?? '';
    const directory = str(e['Directory']);
    const hashes = Array.isArray(e['FileHashes']) ? (e['FileHashes'] as Cell[]) : [];
    const hashIds = hashes.map((h) => this.fileHash(record(h)));
    return this.add('File', `${directory ?? ''}\\${name}`, {
      friendlyName: name,
      fileName: name,
      directory,
      fileHashEntityIds: hashIds.length ? hashIds : undefined,
    });
  }

  process(e: Entity, hostId?: string, accountId?: string): string {
    const image = record(e['ImageFile']);
    const imageId = str(image['Name']) ? this.file(image) : undefined;
    const pid = str(e['ProcessId']) ?? '';
    const created = str(e['CreationTimeUtc']);
    return this.add('Process', `${pid}:${created ?? ''}:${str(image['Name']) ?? ''}`, {
      friendlyName: str(image['Name']) ?? pid,
      processId: pid,
      commandLine: str(e['CommandLine']),
      creationTimeUtc: created,
      imageFileEntityId: imageId,
      hostEntityId: hostId,
      accountEntityId: accountId,
    });
  }

  /** Every entity of one alert; processes refer to the alert's host and account. */
  alert(a: DemoAlert): void {
    let hostId: string | undefined;
    let accountId: string | undefined;
    const later: Entity[] = [];
    for (const e of a.entities) {
      switch (e['Type']) {
        case 'account': {
          const id = this.account(e);
          accountId ??= id;
          break;
        }
        case 'host': {
          const id = this.host(e);
          hostId ??= id;
          break;
        }
        case 'ip':
          this.ip(e);
          break;
        case 'url': {
          const url = str(e['Url']) ?? '';
          this.add('Url', url, { friendlyName: url, url });
          break;
        }
        case 'dns': {
          const domainName = str(e['DomainName']) ?? '';
          this.add('DnsResolution', domainName, { friendlyName: domainName, domainName });
          break;
        }
        case 'mailbox': {
          const address = str(e['MailboxPrimaryAddress']) ?? '';
          this.add('Mailbox', address, {
            friendlyName: address,
            mailboxPrimaryAddress: address,
            upn: str(e['Upn']),
            displayName: str(e['DisplayName']),
          });
          break;
        }
        case 'azure-resource': {
          const resourceId = str(e['ResourceId']) ?? '';
          this.add('AzureResource', resourceId, {
            friendlyName: resourceId.split('/').filter(Boolean).at(-1) ?? resourceId,
            resourceId,
            subscriptionId: resourceId.split('/')[2],
          });
          break;
        }
        case 'file':
          this.file(e);
          break;
        case 'filehash':
          this.fileHash(e);
          break;
        default:
          later.push(e);
      }
    }
    for (const e of later) if (e['Type'] === 'process') this.process(e, hostId, accountId);
  }
}

/** The entities of an incident's alerts, each once. */
export function incidentEntities(story: DemoStory, alerts: DemoAlert[]): ArmResource[] {
  const c = new EntityCollector(story);
  for (const a of alerts) c.alert(a);
  return c.items;
}
