// Windows accounts as endpoint tables name them.
import type { DemoOrg, DemoUser } from './org.js';

export interface Account {
  name: string;
  domain: string;
  sid: string;
  upn: string;
  objectId: string;
  /** Member of local Administrators on workstations. */
  isAdmin: boolean;
}

export const SYSTEM: Account = {
  name: 'system',
  domain: 'nt authority',
  sid: 'S-1-5-18',
  upn: '',
  objectId: '',
  isAdmin: true,
};

export function userAccount(org: DemoOrg, user: DemoUser): Account {
  return {
    name: user.samAccountName,
    domain: org.netbios,
    sid: user.sid,
    upn: user.userPrincipalName,
    objectId: user.objectId,
    isAdmin: user.isAdmin,
  };
}

export function serviceAccount(org: DemoOrg, name: string, rid: number): Account {
  return { name, domain: org.netbios, sid: `${org.domainSid}-${rid}`, upn: '', objectId: '', isAdmin: false };
}

export function machineAccount(org: DemoOrg, host: string, rid: number): Account {
  return {
    name: `${host}$`,
    domain: org.netbios,
    sid: `${org.domainSid}-${rid}`,
    upn: '',
    objectId: '',
    isAdmin: false,
  };
}

/** `0x3e7` style, as SecurityEvent writes logon and process ids. */
export function hexId(value: number): string {
  return `0x${value.toString(16)}`;
}
