// CommonSecurityLog: the Palo Alto perimeter firewall (CEF through fb-syslog01).
import type { Connection } from './connections.js';
import { rngFor, type GenContext } from './context.js';
import { hostByName } from './org.js';
import type { Rng } from './random.js';
import { SCANNER_IPS } from './reference.js';
import { TableRows, type Row } from './table.js';
import { HOUR, SECOND, forEachHour, inWindow, iso, workFactor } from './time.js';

interface Session {
  time: number;
  action: 'allow' | 'deny' | 'drop';
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  app: string;
  rule: string;
  fromZone: 'trust' | 'untrust' | 'dmz';
  toZone: 'trust' | 'untrust' | 'dmz';
  natSrc?: string;
  natDst?: string;
  user?: string;
  sent: number;
  received: number;
}

const INBOUND_PORTS: readonly (readonly [number, string])[] = [
  [22, 'ssh'],
  [23, 'telnet'],
  [445, 'ms-ds-smb'],
  [3389, 'ms-rdp'],
  [1433, 'mssql-db'],
  [5900, 'vnc'],
  [8080, 'web-browsing'],
  [6379, 'redis'],
];

function base(ctx: GenContext, rng: Rng, s: Session): Row {
  const outbound = s.fromZone === 'trust';
  return {
    TimeGenerated: iso(s.time),
    DeviceVendor: 'Palo Alto Networks',
    DeviceProduct: 'PAN-OS',
    DeviceVersion: '10.2.9',
    DeviceEventClassID: s.action === 'allow' ? 'end' : s.action,
    Activity: 'TRAFFIC',
    LogSeverity: '1',
    DeviceAction: s.action,
    DeviceName: 'FB-PA-EDGE01',
    DeviceExternalID: '016201012345',
    Computer: 'fb-syslog01',
    CollectorHostName: 'fb-syslog01',
    SourceIP: s.srcIp,
    SourcePort: s.srcPort,
    DestinationIP: s.dstIp,
    DestinationPort: s.dstPort,
    Protocol: 'TCP',
    ApplicationProtocol: s.app,
    SentBytes: s.sent,
    ReceivedBytes: s.received,
    SourceTranslatedAddress: s.natSrc ?? '',
    SourceTranslatedPort: s.natSrc ? rng.int(1024, 65535) : 0,
    DestinationTranslatedAddress: s.natDst ?? '',
    DestinationTranslatedPort: s.natDst ? s.dstPort : 0,
    SourceUserName: s.user ?? '',
    DeviceInboundInterface: outbound ? 'ethernet1/2' : 'ethernet1/1',
    DeviceOutboundInterface: outbound ? 'ethernet1/1' : s.toZone === 'dmz' ? 'ethernet1/3' : 'ethernet1/2',
    DeviceCustomString1: s.rule,
    DeviceCustomString1Label: 'Rule',
    DeviceCustomString3: 'vsys1',
    DeviceCustomString3Label: 'Virtual System',
    DeviceCustomString4: s.fromZone,
    DeviceCustomString4Label: 'Source Zone',
    DeviceCustomString5: s.toZone,
    DeviceCustomString5Label: 'Destination Zone',
    DeviceCustomNumber1: rng.int(100000, 999999),
    DeviceCustomNumber1Label: 'SessionID',
    ReceiptTime: new Date(s.time + SECOND).toUTCString().slice(5, 25),
    AdditionalExtensions: `PanOSPacketsReceived=${Math.ceil(s.received / 1200)};PanOSPacketsSent=${Math.ceil(s.sent / 900)};PanOSSessionEndReason=${s.action === 'allow' ? 'tcp-fin' : 'policy-deny'}`,
    SourceSystem: 'OpsManager',
  };
}

function outbound(ctx: GenContext, rng: Rng, connections: Connection[], out: TableRows): void {
  const s = ctx.story;
  for (const c of connections) {
    if (c.remoteIp.startsWith('10.')) continue;
    const user = c.account.upn ? `${ctx.org.netbios.toLowerCase()}\\${c.account.name}` : '';
    const row = base(ctx, rng, {
      time: c.time + 30 * SECOND,
      action: 'allow',
      srcIp: c.host.ip,
      srcPort: c.localPort,
      dstIp: c.remoteIp,
      dstPort: c.remotePort,
      app: c.app,
      rule: 'allow-outbound-web',
      fromZone: 'trust',
      toZone: 'untrust',
      natSrc: ctx.org.officeEgressIp,
      user,
      sent: c.sentBytes + 400,
      received: c.receivedBytes + 300,
    });
    if (c.remoteIp === s.beacon.address) {
      Object.assign(row, {
        MaliciousIP: s.beacon.address,
        MaliciousIPCountry: s.beacon.countryName,
        MaliciousIPLatitude: 55.7522,
        MaliciousIPLongitude: 37.6156,
        IndicatorThreatType: 'C2',
        ThreatConfidence: '85',
        ThreatSeverity: 4,
        ThreatDescription: `Command-and-control server ${s.beacon.domain}`,
      });
    }
    out.add(row);
    if (c.urlCategory) {
      const url = base(ctx, rng, {
        time: c.time + SECOND,
        action: 'allow',
        srcIp: c.host.ip,
        srcPort: c.localPort,
        dstIp: c.remoteIp,
        dstPort: c.remotePort,
        app: c.app,
        rule: 'allow-outbound-web',
        fromZone: 'trust',
        toZone: 'untrust',
        natSrc: ctx.org.officeEgressIp,
        user,
        sent: c.sentBytes,
        received: c.receivedBytes,
      });
      Object.assign(url, {
        Activity: 'THREAT',
        DeviceEventClassID: 'url',
        DeviceAction: 'alert',
        LogSeverity: '3',
        RequestURL: `${c.remoteUrl}/dl/upd.dat`,
        RequestMethod: 'GET',
        RequestClientApplication: 'Microsoft-CryptoAPI/10.0',
        DeviceEventCategory: c.urlCategory,
        DestinationHostName: c.remoteUrl,
      });
      out.add(url);
    }
  }
}

function inbound(ctx: GenContext, rng: Rng, out: TableRows): void {
  const egress = ctx.org.officeEgressIp;
  const jump = hostByName(ctx.org, 'fb-jump01');
  const web = hostByName(ctx.org, 'fb-web01');
  const published = [egress, '198.51.100.20', '198.51.100.22', '198.51.100.30'];
  forEachHour(ctx.window, (hour) => {
    for (let i = rng.poisson(24); i > 0; i--) {
      const [port, app] = rng.weighted(INBOUND_PORTS.map((p) => [p, p[0] === 22 ? 1 : 2] as const));
      const dst = rng.pick(published);
      const toJump = port === 22 && dst === '198.51.100.22';
      out.add(
        base(ctx, rng, {
          time: hour + rng.int(0, HOUR - 1),
          action: toJump ? 'allow' : rng.chance(0.8) ? 'deny' : 'drop',
          srcIp: rng.pick(SCANNER_IPS),
          srcPort: rng.int(1024, 65535),
          dstIp: dst,
          dstPort: port,
          app: toJump ? 'ssh' : app,
          rule: toJump ? 'allow-ssh-bastion' : 'interzone-default',
          fromZone: 'untrust',
          toZone: toJump ? 'dmz' : 'trust',
          natDst: toJump ? jump.ip : undefined,
          sent: rng.int(60, 2400),
          received: toJump ? rng.int(1500, 4000) : 0,
        }),
      );
    }
    for (let i = rng.poisson(6 + 10 * workFactor(hour, ctx.org.utcOffsetHours)); i > 0; i--) {
      const src = `${rng.int(24, 99)}.${rng.int(1, 254)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
      out.add(
        base(ctx, rng, {
          time: hour + rng.int(0, HOUR - 1),
          action: 'allow',
          srcIp: src,
          srcPort: rng.int(1024, 65535),
          dstIp: '198.51.100.30',
          dstPort: 443,
          app: 'ssl',
          rule: 'allow-web-dmz',
          fromZone: 'untrust',
          toZone: 'dmz',
          natDst: web.ip,
          sent: rng.int(800, 9000),
          received: rng.int(4000, 400000),
        }),
      );
    }
  });
}

function gateway(ctx: GenContext, rng: Rng, out: TableRows): void {
  const s = ctx.story;
  const gw = hostByName(ctx.org, s.passwordSpray.gateway);
  const session = (time: number, ip: string, sent: number, received: number): void => {
    if (inWindow(ctx.window, time))
      out.add(
        base(ctx, rng, {
          time,
          action: 'allow',
          srcIp: ip,
          srcPort: rng.int(1024, 65535),
          dstIp: gw.publicIp ?? '',
          dstPort: 443,
          app: 'ssl',
          rule: 'allow-rdgw',
          fromZone: 'untrust',
          toZone: 'trust',
          natDst: gw.ip,
          sent,
          received,
        }),
      );
  };
  for (let t = Date.parse(s.passwordSpray.start); t < Date.parse(s.passwordSpray.end); t += 2 * 60 * SECOND) {
    for (const ip of s.passwordSpray.ips)
      session(t + rng.int(0, 60) * SECOND, ip.address, rng.int(20000, 60000), rng.int(30000, 90000));
  }
  session(Date.parse(s.remoteLogon.time) - 3 * SECOND, s.remoteLogon.sourceIp, 4812345, 48123456);
  const members = ctx.org.users.filter((u) => u.department === 'Finance' || u.department === 'IT');
  forEachHour(ctx.window, (hour) => {
    for (let i = rng.poisson(0.4 * workFactor(hour, ctx.org.utcOffsetHours)); i > 0; i--)
      session(
        hour + rng.int(0, HOUR - 1),
        rng.pick(members).homeIp,
        rng.int(200000, 5000000),
        rng.int(2000000, 90000000),
      );
  });
}

export function generateCommonSecurityLog(ctx: GenContext, connections: Connection[]): TableRows {
  const out = new TableRows('CommonSecurityLog');
  outbound(ctx, rngFor(ctx, 'CommonSecurityLog:out'), connections, out);
  inbound(ctx, rngFor(ctx, 'CommonSecurityLog:in'), out);
  gateway(ctx, rngFor(ctx, 'CommonSecurityLog:gateway'), out);
  return out;
}
