// SigninLogs: everyday interactive sign-ins, the password spray, the MFA fatigue and the attacker.
import type { Cell } from '../../backend.js';
import { rngFor, type GenContext } from './context.js';
import type { DemoUser } from './org.js';
import type { Rng } from './random.js';
import { stableUuid } from './random.js';
import type { GeoIp } from './story.js';
import { TableRows, type Row } from './table.js';
import { HOUR, MINUTE, SECOND, forEachHour, inWindow, iso, workFactor } from './time.js';

interface AppSpec {
  name: string;
  id: string;
  resource: string;
  resourceId: string;
}

interface App extends AppSpec {
  servicePrincipalId: string;
}

function app(spec: AppSpec): App {
  return { ...spec, servicePrincipalId: stableUuid(`fernbrook:sp:${spec.resourceId}`) };
}

const APPS: readonly (readonly [App, number])[] = [
  [
    app({
      name: 'Microsoft Teams',
      id: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
      resource: 'Microsoft Teams Services',
      resourceId: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe',
    }),
    5,
  ],
  [
    app({
      name: 'One Outlook Web',
      id: '9199bf20-a13f-4107-85dc-02114787ef48',
      resource: 'Office 365 Exchange Online',
      resourceId: '00000002-0000-0ff1-ce00-000000000000',
    }),
    4,
  ],
  [
    app({
      name: 'Microsoft Office',
      id: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
      resource: 'Microsoft Graph',
      resourceId: '00000003-0000-0000-c000-000000000000',
    }),
    4,
  ],
  [
    app({
      name: 'Office 365 SharePoint Online',
      id: '00000003-0000-0ff1-ce00-000000000000',
      resource: 'Office 365 SharePoint Online',
      resourceId: '00000003-0000-0ff1-ce00-000000000000',
    }),
    3,
  ],
  [
    app({
      name: 'OfficeHome',
      id: '4765445b-32c6-49b0-83e6-1d93765276ca',
      resource: 'OfficeHome',
      resourceId: '4765445b-32c6-49b0-83e6-1d93765276ca',
    }),
    2,
  ],
  [
    app({
      name: 'Windows Sign In',
      id: '38aa3b87-a06d-4817-b275-7a316988d93b',
      resource: 'Windows Azure Active Directory',
      resourceId: '00000002-0000-0000-c000-000000000000',
    }),
    2,
  ],
  [
    app({
      name: 'Salesforce',
      id: stableUuid('fernbrook:app:salesforce'),
      resource: 'Salesforce',
      resourceId: stableUuid('fernbrook:app:salesforce'),
    }),
    1,
  ],
];
const AZURE_PORTAL: App = app({
  name: 'Azure Portal',
  id: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
  resource: 'Windows Azure Service Management API',
  resourceId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
});
const AAD_POWERSHELL: App = app({
  name: 'Azure Active Directory PowerShell',
  id: '1b730954-1685-4b74-9bfd-dac224a7b894',
  resource: 'Windows Azure Active Directory',
  resourceId: '00000002-0000-0000-c000-000000000000',
});
const MY_SIGNINS: App = app({
  name: 'My Signins',
  id: '19db86c3-b2b9-44cc-b339-36da233a3be2',
  resource: 'Microsoft Graph',
  resourceId: '00000003-0000-0000-c000-000000000000',
});
const EXO: App = APPS[1]?.[0] ?? AZURE_PORTAL;
const SPO: App = APPS[3]?.[0] ?? AZURE_PORTAL;
const OFFICE_HOME: App = APPS[4]?.[0] ?? AZURE_PORTAL;

export const RESULT_TEXT: Record<string, string> = {
  '0': '',
  '50126': 'Error validating credentials due to invalid username or password.',
  '50034':
    'The user account does not exist in the directory. To sign into this application, the account must be added to the directory.',
  '50074': 'Strong Authentication is required.',
  '500121': 'Authentication failed during strong authentication request.',
  '50140': "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
  '50076':
    'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
  '70044': 'The session has expired or is invalid due to sign-in frequency checks by conditional access.',
  '50055': 'The password is expired.',
};

const EDGE_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80';
const SPRAY_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36';
const OFFICE_LOCATION = {
  city: 'Boston',
  state: 'Massachusetts',
  countryOrRegion: 'US',
  geoCoordinates: { latitude: 42.3601, longitude: -71.0589 },
};
const HOME_COORDS: Record<string, [number, number]> = {
  Boston: [42.3601, -71.0589],
  Cambridge: [42.3736, -71.1097],
  Somerville: [42.3876, -71.0995],
  Quincy: [42.2529, -71.0023],
  Newton: [42.337, -71.2092],
  Brookline: [42.3318, -71.1212],
};
const GEO_COORDS: Record<string, [number, number]> = {
  Lagos: [6.4531, 3.3958],
  Moscow: [55.7522, 37.6156],
  'Ho Chi Minh City': [10.8231, 106.6297],
  'St Petersburg': [59.9417, 30.3096],
  London: [51.5072, -0.1276],
};

interface SignIn {
  time: number;
  user: { upn: string; id: string; name: string; workstation?: string };
  app: App;
  ip: string;
  location: Record<string, Cell>;
  result: string;
  userAgent: string;
  mfa?: boolean;
  risk?: { level: string; state: string; events: string[] };
  deviceDetail?: Record<string, Cell>;
  clientApp?: string;
  asn?: string;
}

function geoLocation(ip: GeoIp): Record<string, Cell> {
  const [lat, lon] = GEO_COORDS[ip.city] ?? [0, 0];
  return {
    city: ip.city,
    state: ip.city,
    countryOrRegion: ip.country,
    geoCoordinates: { latitude: lat, longitude: lon },
  };
}

function homeLocation(user: DemoUser): Record<string, Cell> {
  const [lat, lon] = HOME_COORDS[user.city] ?? [42.3601, -71.0589];
  return {
    city: user.city,
    state: user.state,
    countryOrRegion: 'US',
    geoCoordinates: { latitude: lat, longitude: lon },
  };
}

function authDetails(s: SignIn): string {
  const ok = s.result === '0' || s.result === '50074' || s.result === '500121' || s.result === '50140';
  const steps: Record<string, Cell>[] = [
    {
      authenticationStepDateTime: iso(s.time),
      authenticationMethod: 'Password',
      authenticationMethodDetail: 'Password Hash Sync',
      succeeded: ok,
      authenticationStepResultDetail: ok ? 'Correct password' : (RESULT_TEXT[s.result] ?? ''),
      authenticationStepRequirement: 'Primary authentication',
      StatusSequence: 0,
      RequestSequence: 1,
    },
  ];
  if (s.mfa || s.result === '500121') {
    steps.push({
      authenticationStepDateTime: iso(s.time + 9 * SECOND),
      authenticationMethod: 'Mobile app notification',
      succeeded: s.result === '0',
      authenticationStepResultDetail:
        s.result === '0' ? 'MFA successfully completed' : 'MFA denied; user declined the authentication',
      authenticationStepRequirement: 'Primary authentication',
      StatusSequence: 0,
      RequestSequence: 1,
    });
  }
  return JSON.stringify(steps);
}

const PROCESSING_DETAILS = JSON.stringify([
  { key: 'Legacy TLS (TLS 1.0, 1.1, 3DES)', value: 'False' },
  { key: 'Is CAE Token', value: 'False' },
]);

/** The same few policy results repeat, so rows share them (cells are never mutated). */
const CA_POLICIES: ReadonlyMap<string, Cell[]> = new Map(
  Object.keys(RESULT_TEXT).flatMap((result) =>
    [true, false].map((mfa) => [`${result}:${mfa}`, buildCaPolicies(result, mfa)] as const),
  ),
);

function caPolicies(result: string, mfa: boolean): Cell[] {
  return CA_POLICIES.get(`${result}:${mfa}`) ?? buildCaPolicies(result, mfa);
}

function buildCaPolicies(result: string, mfa: boolean): Cell[] {
  const mfaResult =
    result === '0'
      ? mfa
        ? 'success'
        : 'notApplied'
      : result === '50126' || result === '50034'
        ? 'notApplied'
        : 'failure';
  return [
    {
      id: stableUuid('fernbrook:ca:mfa'),
      displayName: 'CA001: Require MFA for all users outside trusted locations',
      enforcedGrantControls: ['Mfa'],
      enforcedSessionControls: [],
      result: mfaResult,
    },
    {
      id: stableUuid('fernbrook:ca:legacy'),
      displayName: 'CA002: Block legacy authentication',
      enforcedGrantControls: ['Block'],
      enforcedSessionControls: [],
      result: 'notApplied',
    },
  ];
}

function row(ctx: GenContext, rng: Rng, s: SignIn): Row {
  const id = rng.uuid();
  const mfa = s.mfa === true;
  const status: Record<string, Cell> =
    s.result === '0'
      ? { errorCode: 0 }
      : { errorCode: Number(s.result), failureReason: RESULT_TEXT[s.result] ?? 'Other.' };
  if (s.result === '0' && mfa) status['additionalDetails'] = 'MFA completed in Azure AD';
  return {
    TimeGenerated: iso(s.time),
    CreatedDateTime: iso(s.time),
    OperationName: 'Sign-in activity',
    OperationVersion: '1.0',
    Category: 'SignInLogs',
    ResultType: s.result,
    ResultSignature: s.result === '0' ? 'SUCCESS' : 'FAILURE',
    ResultDescription: RESULT_TEXT[s.result] ?? '',
    DurationMs: 0,
    CorrelationId: rng.uuid(),
    Id: id,
    OriginalRequestId: id,
    Resource: 'Microsoft.aadiam',
    ResourceGroup: 'Microsoft.aadiam',
    ResourceId: `/tenants/${ctx.org.tenantId}/providers/Microsoft.aadiam`,
    Identity: s.user.name,
    Level: '4',
    Location: String(s.location['countryOrRegion'] ?? ''),
    LocationDetails: s.location,
    IPAddress: s.ip,
    AutonomousSystemNumber: s.asn ?? '',
    AlternateSignInName: s.user.upn,
    SignInIdentifier: s.user.upn,
    AppDisplayName: s.app.name,
    AppId: s.app.id,
    ResourceDisplayName: s.app.resource,
    ResourceIdentity: s.app.resourceId,
    ResourceServicePrincipalId: s.app.servicePrincipalId,
    AuthenticationDetails: authDetails(s),
    AuthenticationProcessingDetails: PROCESSING_DETAILS,
    AuthenticationRequirement:
      mfa || s.result === '50074' || s.result === '500121'
        ? 'multiFactorAuthentication'
        : 'singleFactorAuthentication',
    AuthenticationRequirementPolicies: '[]',
    ClientAppUsed: s.clientApp ?? 'Browser',
    ConditionalAccessPolicies: caPolicies(s.result, mfa),
    ConditionalAccessStatus:
      s.result === '0'
        ? mfa
          ? 'success'
          : 'notApplied'
        : s.result === '50126' || s.result === '50034'
          ? 'notApplied'
          : 'failure',
    DeviceDetail: s.deviceDetail ?? { deviceId: '', operatingSystem: 'Windows10', browser: 'Chrome 124.0.0' },
    IsInteractive: true,
    IsRisky: s.risk !== undefined,
    FlaggedForReview: false,
    MfaDetail: mfa ? { authMethod: 'Mobile app notification', authDetail: null } : {},
    NetworkLocationDetails:
      s.ip === ctx.org.officeEgressIp
        ? JSON.stringify([{ networkType: 'trustedNamedLocation', networkNames: ['Boston HQ'] }])
        : '[]',
    ProcessingTimeInMilliseconds: String(rng.int(40, 420)),
    RiskDetail: 'none',
    RiskEventTypes: JSON.stringify(s.risk?.events ?? []),
    RiskEventTypes_V2: JSON.stringify(s.risk?.events ?? []),
    RiskLevelAggregated: s.risk ? s.risk.level : 'none',
    RiskLevelDuringSignIn: s.risk ? s.risk.level : 'none',
    RiskState: s.risk ? s.risk.state : 'none',
    Status: status,
    TokenIssuerType: 'AzureAD',
    TokenIssuerName: '',
    UserAgent: s.userAgent,
    UserDisplayName: s.user.name,
    UserId: s.user.id,
    UserPrincipalName: s.user.upn,
    UserType: 'Member',
    AADTenantId: ctx.org.tenantId,
    HomeTenantId: ctx.org.tenantId,
    ResourceTenantId: ctx.org.tenantId,
    CrossTenantAccessType: 'none',
    UniqueTokenIdentifier: rng.hex(22),
    SourceSystem: 'Azure AD',
  };
}

function who(u: DemoUser): SignIn['user'] {
  return { upn: u.userPrincipalName, id: u.objectId, name: u.displayName, workstation: u.workstation };
}

function everyday(ctx: GenContext, rng: Rng, out: TableRows): void {
  const { org, story } = ctx;
  const devices = new Map(org.users.map((u) => [u.objectId, deviceOf(u)]));
  const travelStart = Date.parse(story.traveler.start);
  const travelEnd = Date.parse(story.traveler.end);
  forEachHour(ctx.window, (hour) => {
    const factor = workFactor(hour, org.utcOffsetHours);
    for (const user of org.users) {
      const traveling =
        user.userPrincipalName === story.traveler.user && hour >= travelStart && hour < travelEnd;
      const n = rng.poisson(traveling ? 0.6 : 1.3 * factor);
      for (let i = 0; i < n; i++) {
        const time = hour + rng.int(0, HOUR - 1);
        if (!inWindow(ctx.window, time)) continue;
        out.add(row(ctx, rng, everydaySignIn(ctx, rng, user, time, traveling, devices.get(user.objectId))));
      }
    }
  });
}

function deviceOf(user: DemoUser): Record<string, Cell> {
  return {
    deviceId: stableUuid(`fernbrook:aad-device:${user.workstation}`),
    displayName: user.workstation,
    operatingSystem: 'Windows10',
    browser: 'Edge 124.0.2478',
    isCompliant: true,
    isManaged: true,
    trustType: 'Hybrid Azure AD joined',
  };
}

function everydaySignIn(
  ctx: GenContext,
  rng: Rng,
  user: DemoUser,
  time: number,
  traveling: boolean,
  device?: Record<string, Cell>,
): SignIn {
  const inOffice = !traveling && workFactor(time, ctx.org.utcOffsetHours) >= 0.7 && rng.chance(0.7);
  const ip = traveling ? ctx.story.traveler.ip.address : inOffice ? ctx.org.officeEgressIp : user.homeIp;
  const location = traveling
    ? geoLocation(ctx.story.traveler.ip)
    : inOffice
      ? OFFICE_LOCATION
      : homeLocation(user);
  const app = user.isAdmin && rng.chance(0.15) ? AZURE_PORTAL : rng.weighted(APPS);
  const result = rng.weighted([
    ['0', 90],
    ['50126', 3],
    ['50140', 2],
    ['50074', 3],
    ['70044', 1.5],
    ['50055', 0.1],
  ] as const);
  return {
    time,
    user: who(user),
    app,
    ip,
    location,
    result,
    userAgent: EDGE_UA,
    mfa: result === '0' && !inOffice,
    asn: inOffice ? '7922' : traveling ? '2856' : '7015',
    deviceDetail: device ?? deviceOf(user),
  };
}

function spray(ctx: GenContext, rng: Rng, out: TableRows): void {
  const s = ctx.story.passwordSpray;
  const start = Date.parse(s.start);
  const span = Date.parse(s.end) - start;
  const victim = ctx.story.compromisedUser;
  const targets = [
    ...ctx.org.users.map(who),
    ...s.nonexistentAccounts.map((upn) => ({
      upn,
      id: '00000000-0000-0000-0000-000000000000',
      name: upn.split('@')[0] ?? upn,
    })),
  ];
  const rounds = 3;
  for (let round = 0; round < rounds; round++) {
    const roundStart = start + (round * span) / rounds;
    targets.forEach((target, i) => {
      const found = round === rounds - 1 && target.upn === victim.userPrincipalName;
      const time = found
        ? Date.parse(s.passwordFoundAt)
        : Math.floor(roundStart + (i * (span / rounds - MINUTE)) / targets.length + rng.int(0, 9000));
      const ip = found ? (s.ips[0] as GeoIp) : rng.pick(s.ips);
      const result = found ? '50074' : target.id.startsWith('0000') ? '50034' : '50126';
      out.add(
        row(ctx, rng, {
          time,
          user: target,
          app: AAD_POWERSHELL,
          ip: ip.address,
          location: geoLocation(ip),
          result,
          userAgent: SPRAY_UA,
          clientApp: 'Mobile Apps and Desktop clients',
        }),
      );
    });
  }
}

function attacker(ctx: GenContext, rng: Rng, out: TableRows): void {
  const a = ctx.story.attackerSignIn;
  const user = who(ctx.story.compromisedUser);
  const location = geoLocation(a);
  const base = {
    user,
    ip: a.address,
    location,
    userAgent: a.userAgent,
    asn: a.asn,
    deviceDetail: {
      deviceId: '',
      operatingSystem: 'Windows10',
      browser: 'Chrome 124.0.0',
      isCompliant: false,
      isManaged: false,
      trustType: '',
    },
  };
  const first = Date.parse(a.firstPromptAt);
  const success = Date.parse(a.time);
  out.add(row(ctx, rng, { ...base, time: first, app: OFFICE_HOME, result: '50074' }));
  for (let i = 0; i < a.mfaDenials; i++) {
    const time = first + 40 * SECOND + Math.floor(((success - first - 2 * MINUTE) * i) / a.mfaDenials);
    out.add(row(ctx, rng, { ...base, time, app: OFFICE_HOME, result: '500121', mfa: true }));
  }
  const risk = { level: 'medium', state: 'atRisk', events: ['unfamiliarFeatures'] };
  out.add(row(ctx, rng, { ...base, time: success, app: OFFICE_HOME, result: '0', mfa: true, risk }));
  const later: [number, App][] = [
    [success + 70 * SECOND, EXO],
    [Date.parse(ctx.story.mfaRegistration.time) - 40 * SECOND, MY_SIGNINS],
    [Date.parse(ctx.story.fileDownloads.time) - 2 * MINUTE, SPO],
    [success + 22 * HOUR + 9 * MINUTE, EXO],
    [success + 28 * HOUR + 47 * MINUTE, EXO],
  ];
  for (const [time, app] of later) {
    if (inWindow(ctx.window, time))
      out.add(row(ctx, rng, { ...base, time, app, result: '0', mfa: true, risk }));
  }
}

/** The traveler's first sign-ins in London (the "new country" incident), at fixed times. */
function travelerArrival(ctx: GenContext, rng: Rng, out: TableRows): void {
  const user = ctx.org.users.find((u) => u.userPrincipalName === ctx.story.traveler.user);
  if (!user) return;
  for (const minutes of [5, 65]) {
    const time = Date.parse(ctx.story.traveler.start) + minutes * MINUTE;
    if (!inWindow(ctx.window, time)) continue;
    const signIn = everydaySignIn(ctx, rng, user, time, true, deviceOf(user));
    out.add(row(ctx, rng, { ...signIn, result: '0', mfa: true }));
  }
}

export function generateSigninLogs(ctx: GenContext): TableRows {
  const out = new TableRows('SigninLogs');
  everyday(ctx, rngFor(ctx, 'SigninLogs'), out);
  travelerArrival(ctx, rngFor(ctx, 'SigninLogs:traveler'), out);
  spray(ctx, rngFor(ctx, 'SigninLogs:spray'), out);
  attacker(ctx, rngFor(ctx, 'SigninLogs:attacker'), out);
  return out;
}
