// The RDAP answers the fake serves, in the shapes real registries send (RFC 9083 plus the ICANN RDAP
// response profile): a thin .com answer modelled on Verisign's (registrar, abuse contact, events,
// name servers; no registrant), a .top answer with a privacy-redacted registrant and a port-43 server,
// a .de answer for an internationalized name modelled on DENIC's (no creation date), and RFC 9083
// error bodies. Dates that matter to the demo story are relative to the fake's start.

const DAY_MS = 24 * 60 * 60 * 1000;

function vcard(...properties: [string, Record<string, unknown>, string, unknown][]): unknown[] {
  return ['vcard', [['version', {}, 'text', '4.0'], ...properties]];
}

function link(base: string, name: string): unknown[] {
  const href = `${base}domain/${name}`;
  return [{ value: href, rel: 'self', href, type: 'application/rdap+json' }];
}

const VERISIGN_NOTICES = [
  {
    title: 'Terms of Use',
    description: ['Service subject to Terms of Use.'],
    links: [
      {
        href: 'https://www.verisign.com/domain-names/registration-data-access-protocol/terms-service/index.xhtml',
        type: 'text/html',
      },
    ],
  },
  {
    title: 'Status Codes',
    description: ['For more information on domain status codes, please visit https://icann.org/epp'],
    links: [{ href: 'https://icann.org/epp', type: 'text/html' }],
  },
  {
    title: 'RDDS Inaccuracy Complaint Form',
    description: ['URL of the ICANN RDDS Inaccuracy Complaint Form: https://icann.org/wicf'],
    links: [{ href: 'https://icann.org/wicf', type: 'text/html' }],
  },
];

/** fernbrooklabs.com, the demo organisation's domain: a thin .com answer as Verisign gives it. */
export function fernbrookLabsCom(base: string): Record<string, unknown> {
  return {
    objectClassName: 'domain',
    handle: '2079310411_DOMAIN_COM-VRSN',
    ldhName: 'FERNBROOKLABS.COM',
    links: [
      ...link(base, 'FERNBROOKLABS.COM'),
      {
        value: 'https://rdap.markmonitor.com/rdap/domain/FERNBROOKLABS.COM',
        rel: 'related',
        href: 'https://rdap.markmonitor.com/rdap/domain/FERNBROOKLABS.COM',
        type: 'application/rdap+json',
      },
    ],
    status: ['client delete prohibited', 'client transfer prohibited', 'client update prohibited'],
    entities: [
      {
        objectClassName: 'entity',
        handle: '292',
        roles: ['registrar'],
        publicIds: [{ type: 'IANA Registrar ID', identifier: '292' }],
        vcardArray: vcard(['fn', {}, 'text', 'MarkMonitor Inc.']),
        entities: [
          {
            objectClassName: 'entity',
            roles: ['abuse'],
            vcardArray: vcard(
              ['fn', {}, 'text', ''],
              ['tel', { type: 'voice' }, 'uri', 'tel:+1.2086851750'],
              ['email', {}, 'text', 'abusecomplaints@markmonitor.com'],
            ),
          },
        ],
      },
    ],
    events: [
      { eventAction: 'registration', eventDate: '2016-03-14T17:22:05Z' },
      { eventAction: 'expiration', eventDate: '2027-03-14T17:22:05Z' },
      { eventAction: 'last changed', eventDate: '2025-02-11T09:41:37Z' },
      { eventAction: 'last update of RDAP database', eventDate: new Date().toISOString().slice(0, 19) + 'Z' },
    ],
    secureDNS: { delegationSigned: false },
    nameservers: [
      { objectClassName: 'nameserver', ldhName: 'NS1-07.AZURE-DNS.COM' },
      { objectClassName: 'nameserver', ldhName: 'NS2-07.AZURE-DNS.NET' },
      { objectClassName: 'nameserver', ldhName: 'NS3-07.AZURE-DNS.ORG' },
      { objectClassName: 'nameserver', ldhName: 'NS4-07.AZURE-DNS.INFO' },
    ],
    rdapConformance: [
      'rdap_level_0',
      'icann_rdap_technical_implementation_guide_0',
      'icann_rdap_response_profile_0',
    ],
    notices: VERISIGN_NOTICES,
  };
}

/** How many days before the fake started the story's C2 domain was registered. */
export const C2_DOMAIN_AGE_DAYS = 12;

/** kvx-syncupdate.top, the story's C2 domain: registered days before the attack, registrant redacted. */
export function kvxSyncupdateTop(base: string, started: number): Record<string, unknown> {
  const created = new Date(started - C2_DOMAIN_AGE_DAYS * DAY_MS);
  const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
  return {
    objectClassName: 'domain',
    handle: 'D20250911G10001G_61533007-top',
    ldhName: 'kvx-syncupdate.top',
    links: link(base, 'kvx-syncupdate.top'),
    port43: 'whois.nic.top',
    status: ['client transfer prohibited'],
    entities: [
      {
        objectClassName: 'entity',
        handle: '1068',
        roles: ['registrar'],
        publicIds: [{ type: 'IANA Registrar ID', identifier: '1068' }],
        vcardArray: vcard(
          ['fn', {}, 'text', 'NameCheap, Inc.'],
          ['url', {}, 'uri', 'https://www.namecheap.com'],
        ),
        entities: [
          {
            objectClassName: 'entity',
            roles: ['abuse'],
            vcardArray: vcard(
              ['fn', {}, 'text', 'Abuse Contact'],
              ['tel', { type: 'voice' }, 'uri', 'tel:+1.6613102107'],
              ['email', {}, 'text', 'abuse@namecheap.com'],
            ),
          },
        ],
      },
      {
        objectClassName: 'entity',
        handle: 'C61533007-top',
        roles: ['registrant'],
        remarks: [
          {
            title: 'REDACTED FOR PRIVACY',
            type: 'object redacted due to authorization',
            description: ['Some of the data in this object has been removed.'],
          },
        ],
        vcardArray: vcard(
          ['fn', {}, 'text', 'REDACTED FOR PRIVACY'],
          ['org', {}, 'text', 'Privacy service provided by Withheld for Privacy ehf'],
          ['adr', { cc: 'IS' }, 'text', ['', '', '', '', 'Capital Region', '', '']],
          ['email', {}, 'text', 'https://www.namecheap.com/support/knowledgebase/article.aspx/9749'],
        ),
      },
    ],
    events: [
      { eventAction: 'registration', eventDate: iso(created) },
      { eventAction: 'expiration', eventDate: iso(new Date(created.getTime() + 365 * DAY_MS)) },
      { eventAction: 'last changed', eventDate: iso(new Date(created.getTime() + 2 * 60 * 60 * 1000)) },
    ],
    nameservers: [
      { objectClassName: 'nameserver', ldhName: 'dns1.registrar-servers.com' },
      { objectClassName: 'nameserver', ldhName: 'dns2.registrar-servers.com' },
    ],
    secureDNS: { delegationSigned: false },
    rdapConformance: [
      'rdap_level_0',
      'icann_rdap_response_profile_0',
      'icann_rdap_technical_implementation_guide_0',
    ],
  };
}

/** xn--bcher-kva.de (bücher.de), modelled on DENIC's answer: status and name servers, no dates but the last change. */
export function buecherDe(base: string): Record<string, unknown> {
  return {
    objectClassName: 'domain',
    handle: 'xn--bcher-kva.de',
    ldhName: 'xn--bcher-kva.de',
    unicodeName: 'bücher.de',
    links: link(base, 'xn--bcher-kva.de'),
    status: ['active'],
    events: [{ eventAction: 'last changed', eventDate: '2021-06-08T13:03:42+02:00' }],
    nameservers: [
      { objectClassName: 'nameserver', ldhName: 'ns1.example-hoster.de' },
      { objectClassName: 'nameserver', ldhName: 'ns2.example-hoster.de' },
    ],
    rdapConformance: ['rdap_level_0'],
    notices: [
      { title: 'Disclaimer', description: ['Data for the purpose of technical identification only.'] },
    ],
  };
}

/** RFC 9083 §6 error body. */
export function rdapError(status: number, title: string, description: string): Record<string, unknown> {
  return { errorCode: status, title, description: [description], rdapConformance: ['rdap_level_0'] };
}

/** The RFC 9224 bootstrap file, every service pointing at the fake. */
export function bootstrapFile(origin: string): Record<string, unknown> {
  return {
    version: '1.0',
    publication: '2025-11-20T18:00:01Z',
    description: 'RDAP bootstrap file for Domain Name System registrations (test fake)',
    services: [
      [['com', 'net'], [`${origin}/com/v1/`]],
      [['top'], [`${origin}/top/`]],
      [['de'], [`${origin}/de/`]],
      // http-only entries are ignored by the client (RDAP is HTTPS only).
      [['example'], ['http://127.0.0.1:9/example/']],
      [['slow'], [`${origin}/slow/`]],
      [['moved'], [`${origin}/moved/`]],
    ],
  };
}
