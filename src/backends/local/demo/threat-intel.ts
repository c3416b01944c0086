// ThreatIntelligenceIndicator: a feed of IPs, domains, URLs and file hashes, including the story's C2.
import { rngFor, type GenContext } from './context.js';
import type { Rng } from './random.js';
import { SCANNER_IPS, WEB_DESTINATIONS } from './reference.js';
import { TableRows, type Row } from './table.js';
import { DAY, iso } from './time.js';

export type IndicatorKind = 'ip' | 'domain' | 'url' | 'file';

/** One indicator of the feed: a ThreatIntelligenceIndicator row, and a TI indicator of the API. */
export interface Indicator {
  id: string;
  kind: IndicatorKind;
  value: string;
  threatType: string;
  description: string;
  confidence: number;
  severity: number;
  time: number;
  source: string;
  malware: string;
  tags: string[];
}

const SYLLABLES = [
  'sync',
  'cdn',
  'update',
  'secure',
  'login',
  'mail',
  'auth',
  'cloud',
  'portal',
  'micro',
  'office',
  'doc',
  'share',
  'verify',
  'track',
  'pay',
  'acct',
  'drive',
];
const TLDS = ['xyz', 'top', 'click', 'online', 'info', 'ru', 'site', 'shop', 'live'];
const FEEDS = ['Microsoft Defender Threat Intelligence', 'SecurityGraph', 'Microsoft Emerging Threat Feed'];
const TYPES: readonly (readonly [string, number])[] = [
  ['Botnet', 3],
  ['C2', 2],
  ['MaliciousUrl', 3],
  ['Phishing', 3],
  ['Malware', 2],
  ['Proxy', 1],
];
const FAMILIES = ['', '', 'SyncLoader', 'QuietRAT', 'Lumen Stealer', 'PhishKit-M365'];

function publicIp(rng: Rng, avoid: Set<string>): string {
  for (;;) {
    const first = rng.int(5, 223);
    if (
      first === 10 ||
      first === 127 ||
      first === 100 ||
      first === 172 ||
      first === 192 ||
      first === 198 ||
      first === 203
    )
      continue;
    const ip = `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    if (!avoid.has(ip)) return ip;
  }
}

function noise(ctx: GenContext, rng: Rng, count: number): Indicator[] {
  const avoid = new Set<string>([
    ...WEB_DESTINATIONS.flatMap((d) => d.ips),
    ...SCANNER_IPS,
    ctx.story.beacon.address,
    ctx.story.attackerSignIn.address,
    ...ctx.story.passwordSpray.ips.map((i) => i.address),
  ]);
  const span = ctx.window.end - ctx.window.start;
  return Array.from({ length: count }, () => {
    const kind = rng.weighted([
      ['ip', 5],
      ['domain', 3],
      ['url', 2],
      ['file', 2],
    ] as const);
    const domain = `${rng.pick(SYLLABLES)}-${rng.pick(SYLLABLES)}${rng.int(1, 99)}.${rng.pick(TLDS)}`;
    const value =
      kind === 'ip'
        ? publicIp(rng, avoid)
        : kind === 'domain'
          ? domain
          : kind === 'url'
            ? `http://${domain}/${rng.hex(8)}/index.php`
            : rng.hex(64);
    const threatType = kind === 'file' ? 'Malware' : rng.weighted(TYPES);
    return {
      id: `indicator--${rng.uuid()}`,
      kind,
      value,
      threatType,
      description: `${threatType} indicator observed in ${rng.pick(['phishing campaigns', 'commodity malware', 'credential harvesting', 'botnet scanning'])}`,
      confidence: rng.int(40, 95),
      severity: rng.int(1, 5),
      time: ctx.window.start + Math.floor(rng.next() * span),
      source: rng.pick(FEEDS),
      malware: rng.pick(FAMILIES),
      tags: [threatType.toLowerCase()],
    };
  });
}

function storyIndicators(ctx: GenContext): Indicator[] {
  const s = ctx.story;
  const ids = s.threatIntel.indicatorIds;
  const time = Date.parse(s.passwordSpray.start) - 3 * DAY;
  const common = {
    threatType: s.threatIntel.threatType,
    confidence: 85,
    severity: 4,
    time,
    source: s.threatIntel.source,
    malware: 'SyncLoader',
    tags: ['c2', 'syncloader'],
  };
  const about = `SyncLoader command-and-control infrastructure (${s.beacon.domain.replace('.', '[.]')})`;
  return [
    { ...common, id: ids.ip, kind: 'ip', value: s.beacon.address, description: about },
    { ...common, id: ids.domain, kind: 'domain', value: s.beacon.domain, description: about },
    {
      ...common,
      id: ids.url,
      kind: 'url',
      value: s.payload.downloadUrl,
      threatType: 'MaliciousUrl',
      description: 'SyncLoader payload download URL',
    },
    {
      ...common,
      id: ids.fileHash,
      kind: 'file',
      value: s.payload.sha256,
      threatType: 'Malware',
      description: 'SyncLoader DLL (upd.dll)',
    },
  ];
}

function row(i: Indicator): Row {
  const r: Row = {
    TimeGenerated: iso(i.time),
    IndicatorId: i.id,
    ExternalIndicatorId: i.id,
    ThreatType: i.threatType,
    Description: i.description,
    Action: 'alert',
    Active: true,
    ConfidenceScore: i.confidence,
    ThreatSeverity: i.severity,
    ExpirationDateTime: iso(i.time + INDICATOR_LIFETIME),
    SourceSystem: i.source,
    IndicatorProvider: i.source,
    TrafficLightProtocolLevel: i.confidence > 80 ? 'Amber' : 'Green',
    MalwareNames: i.malware,
    Tags: JSON.stringify(i.tags),
    KillChainC2: i.threatType === 'C2' || i.threatType === 'Botnet',
    KillChainDelivery: i.threatType === 'MaliciousUrl' || i.threatType === 'Phishing',
    PassiveOnly: false,
  };
  if (i.kind === 'ip') {
    r['NetworkIP'] = i.value;
    r['NetworkDestinationIP'] = i.value;
  } else if (i.kind === 'domain') r['DomainName'] = i.value;
  else if (i.kind === 'url') r['Url'] = i.value;
  else {
    r['FileHashType'] = 'SHA256';
    r['FileHashValue'] = i.value;
  }
  return r;
}

/** The feed's indicators: the table's rows and the demo's threat-intelligence indicators (content/). */
export function threatIndicators(ctx: GenContext): Indicator[] {
  return [...noise(ctx, rngFor(ctx, 'ThreatIntelligenceIndicator'), 260), ...storyIndicators(ctx)];
}

/** Expiry of an indicator: 90 days after it was first seen. */
export const INDICATOR_LIFETIME = 90 * DAY;

export function generateThreatIntelligence(ctx: GenContext): TableRows {
  const out = new TableRows('ThreatIntelligenceIndicator');
  for (const i of threatIndicators(ctx)) out.add(row(i));
  return out;
}
