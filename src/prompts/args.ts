// Prompt arguments: zod shapes (strings, described, bounded) and the checks that run before a value
// is written into a prompt's text. Values that reach a KQL example also go through kqlString.
import { z } from 'zod';
import {
  classifyIp,
  parseDomain,
  parseIp,
  type IpClassification,
  type ParsedIp,
} from '../backends/enrichment.js';
import { tableCatalog } from '../kql/catalog.js';
import type { TableSchema } from '../kql/types.js';
import { parseIsoDuration } from '../util/time.js';
import { invalid, type PromptEnv } from './types.js';

/** Control characters other than tab and line breaks (free text may span lines). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** How a bad value is quoted in an error message: JSON, cut to 60 characters. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
}

function requiredMessage(what: string) {
  return (issue: { input: unknown }) =>
    issue.input === undefined ? `a value is required (${what})` : `must be a string (${what})`;
}

/** A required free-text argument (1..max characters, no control characters). */
export function requiredText(description: string, max: number, what: string) {
  return z
    .string({ error: requiredMessage(what) })
    .max(max, { error: `at most ${max} characters` })
    .refine((v) => v.trim().length > 0, { error: `must not be empty (${what})` })
    .refine((v) => !CONTROL.test(v), { error: 'must not contain control characters' })
    .describe(description);
}

/** An optional free-text argument. */
export function optionalText(description: string, max: number) {
  return z
    .string({ error: 'must be a string' })
    .max(max, { error: `at most ${max} characters` })
    .refine((v) => !CONTROL.test(v), { error: 'must not contain control characters' })
    .optional()
    .describe(description);
}

/** A required argument with no free text in it (identifiers, addresses); checked again in render. */
export function requiredToken(description: string, max: number, what: string) {
  return z
    .string({ error: requiredMessage(what) })
    .max(max, { error: `at most ${max} characters` })
    .refine((v) => v.trim().length > 0, { error: `must not be empty (${what})` })
    .describe(description);
}

/** An optional identifier-like argument. */
export function optionalToken(description: string, max: number) {
  return z
    .string({ error: 'must be a string' })
    .max(max, { error: `at most ${max} characters` })
    .optional()
    .describe(description);
}

// ---------------------------------------------------------------------------------------------
// Durations

export interface Window {
  /** ISO 8601, as the tools' timespan arguments take it, e.g. P7D. */
  iso: string;
  /** KQL timespan literal, e.g. 7d, for ago(). */
  kql: string;
  /** Words, e.g. "7 days". */
  words: string;
}

const MAX_WINDOW_MS = 366 * 86_400_000;

function windowOf(ms: number): Window {
  const units: [number, string, string, string][] = [
    [86_400_000, 'd', 'D', 'day'],
    [3_600_000, 'h', 'H', 'hour'],
    [60_000, 'm', 'M', 'minute'],
    [1000, 's', 'S', 'second'],
  ];
  for (const [size, k, iso, word] of units) {
    if (ms % size === 0) {
      const n = ms / size;
      return {
        iso: k === 'd' ? `P${n}D` : `PT${n}${iso}`,
        kql: `${n}${k}`,
        words: `${n} ${word}${n === 1 ? '' : 's'}`,
      };
    }
  }
  const s = Math.max(1, Math.round(ms / 1000));
  return { iso: `PT${s}S`, kql: `${s}s`, words: `${s} seconds` };
}

/** An ISO 8601 duration (PT1H, P7D, P1DT12H) or the short form 7d / 24h / 30m; up to a year. */
export function parseWindow(
  prompt: string,
  arg: string,
  value: string | undefined,
  fallback: string,
): Window {
  const text = (value ?? '').trim() || fallback;
  const short = /^(\d{1,6})\s*([dhm])$/i.exec(text);
  let ms: number;
  if (short) {
    const n = Number(short[1]);
    const unit = short[2]!.toLowerCase();
    ms = n * (unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000);
  } else {
    try {
      ms = parseIsoDuration(text);
    } catch {
      throw invalid(
        prompt,
        arg,
        `${shown(text)} is not a duration: use ISO 8601 such as PT1H, P1D, P7D, P14D, P30D (or 24h, 7d)`,
      );
    }
  }
  if (!(ms > 0) || ms > MAX_WINDOW_MS) {
    throw invalid(prompt, arg, `${shown(text)} must be longer than zero and at most a year (P366D)`);
  }
  return windowOf(ms);
}

export const COMMON_WINDOWS = ['PT1H', 'PT6H', 'PT12H', 'P1D', 'P7D', 'P14D', 'P30D', 'P90D'];

// ---------------------------------------------------------------------------------------------
// Addresses, names, ids

export interface IpArg extends ParsedIp, IpClassification {}

export function parseIpArg(prompt: string, arg: string, value: string): IpArg {
  const ip = parseIp(value);
  if (!ip) {
    throw invalid(
      prompt,
      arg,
      `${shown(value)} is not an IP address: give one IPv4 (203.0.113.7) or IPv6 (2001:db8::1) address, without port, prefix or zone`,
    );
  }
  return { ...ip, ...classifyIp(ip) };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export type IncidentRef = { kind: 'number'; number: number; text: string } | { kind: 'guid'; text: string };

/** An incident number (1047) or an incident id (GUID, the ARM name). */
export function parseIncidentId(prompt: string, arg: string, value: string): IncidentRef {
  const text = value.trim();
  if (/^\d{1,12}$/.test(text) && Number(text) > 0)
    return { kind: 'number', number: Number(text), text: String(Number(text)) };
  if (GUID.test(text)) return { kind: 'guid', text: text.toLowerCase() };
  throw invalid(
    prompt,
    arg,
    `${shown(value)} is neither an incident number (e.g. 1047) nor an incident id (a GUID such as 8c6f1a52-0c2e-4a5e-9d77-2f1b0c9e4d31)`,
  );
}

export const ENTITY_TYPES = ['user', 'host', 'ip', 'url', 'domain', 'file_hash'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export type Entity =
  | { type: 'user'; upn?: string; account: string; objectId?: string; display: string }
  | { type: 'host'; name: string; display: string }
  | { type: 'ip'; ip: IpArg; display: string }
  | { type: 'url'; url: string; host: string; hostIsIp: boolean; display: string }
  | { type: 'domain'; domain: string; display: string }
  | { type: 'file_hash'; hash: string; algorithm: 'MD5' | 'SHA1' | 'SHA256'; display: string };

const UPN = /^[\p{L}\p{N}._%+'!#$&*=?^`{|}~-]{1,64}@[\p{L}\p{N}.-]{1,253}$/u;
const SAM = /^[\p{L}\p{N}._'$-]{1,64}$/u;
const NETBIOS = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

function userEntity(prompt: string, value: string): Entity {
  const text = value.trim();
  if (GUID.test(text))
    return { type: 'user', account: '', objectId: text.toLowerCase(), display: text.toLowerCase() };
  if (UPN.test(text)) {
    const account = text.slice(0, text.indexOf('@'));
    return { type: 'user', upn: text, account, display: text };
  }
  const slash = text.indexOf('\\');
  if (slash > 0 && NETBIOS.test(text.slice(0, slash)) && SAM.test(text.slice(slash + 1))) {
    return { type: 'user', account: text.slice(slash + 1), display: text };
  }
  if (SAM.test(text)) return { type: 'user', account: text, display: text };
  throw invalid(
    prompt,
    'entity',
    `${shown(value)} is not a user: give a UPN or mail (megan.ortiz@contoso.com), an object id (GUID), DOMAIN\\name or an account name`,
  );
}

/** Checks the entity against its type; the result is safe to write into prompt text. */
export function parseEntity(prompt: string, type: EntityType, value: string): Entity {
  const text = value.trim();
  switch (type) {
    case 'user':
      return userEntity(prompt, text);
    case 'host': {
      if (!HOSTNAME.test(text) || parseIp(text)) {
        throw invalid(
          prompt,
          'entity',
          `${shown(value)} is not a host name: give a computer name (FB-WS-005) or its FQDN (fb-ws-005.corp.contoso.com); for an address use entity_type ip`,
        );
      }
      return { type: 'host', name: text.replace(/\.$/, ''), display: text.replace(/\.$/, '') };
    }
    case 'ip': {
      const ip = parseIpArg(prompt, 'entity', text);
      return { type: 'ip', ip, display: ip.address };
    }
    case 'url': {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw invalid(
          prompt,
          'entity',
          `${shown(value)} is not a URL: give an absolute http(s) URL such as https://example.com/path`,
        );
      }
      if (
        !['http:', 'https:', 'ftp:'].includes(url.protocol) ||
        text.length > 2048 ||
        /[\s"'`<>\\]/.test(text)
      ) {
        throw invalid(
          prompt,
          'entity',
          `${shown(value)} is not a URL this prompt takes: http, https or ftp, at most 2048 characters, no spaces, quotes or backslashes`,
        );
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      return { type: 'url', url: url.href, host, hostIsIp: parseIp(host) !== undefined, display: url.href };
    }
    case 'domain': {
      try {
        const d = parseDomain(text);
        return { type: 'domain', domain: d.ascii, display: d.ascii };
      } catch (error) {
        const why = error instanceof Error ? error.message : 'invalid';
        throw invalid(prompt, 'entity', `${shown(value)} is not a domain name: ${why}`);
      }
    }
    case 'file_hash': {
      const hex = text.toLowerCase();
      const algorithm = /^[0-9a-f]{32}$/.test(hex)
        ? 'MD5'
        : /^[0-9a-f]{40}$/.test(hex)
          ? 'SHA1'
          : /^[0-9a-f]{64}$/.test(hex)
            ? 'SHA256'
            : undefined;
      if (!algorithm) {
        throw invalid(
          prompt,
          'entity',
          `${shown(value)} is not a file hash: give an MD5 (32), SHA1 (40) or SHA256 (64) hexadecimal digest`,
        );
      }
      return { type: 'file_hash', hash: hex, algorithm, display: hex };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Tables

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** How long a prompt or a completion waits for the workspace's table list. */
const TABLES_DEADLINE_MS = 15_000;

/** The workspace's tables; undefined when they cannot be read (then every table counts as present). */
export async function workspaceTables(env: PromptEnv): Promise<TableSchema[] | undefined> {
  try {
    const backend = await env.backend();
    return (await backend.validationSchema({ deadline: Date.now() + TABLES_DEADLINE_MS })).tables;
  } catch {
    return undefined;
  }
}

/** Which tables the workspace has, by lower-case name; `has` is true for any when unknown. */
export class TableSet {
  private readonly byLower: Map<string, string> | undefined;

  constructor(tables: readonly TableSchema[] | undefined) {
    this.byLower = tables ? new Map(tables.map((t) => [t.name.toLowerCase(), t.name])) : undefined;
  }

  get known(): boolean {
    return this.byLower !== undefined;
  }

  has(name: string): boolean {
    return this.byLower === undefined || this.byLower.has(name.toLowerCase());
  }

  /** The workspace's spelling of a table name. */
  canonical(name: string): string | undefined {
    return this.byLower?.get(name.toLowerCase());
  }

  static async of(env: PromptEnv): Promise<TableSet> {
    return new TableSet(await workspaceTables(env));
  }
}

export interface ResolvedTable {
  name: string;
  /** In this workspace; in the catalog only; in the catalog (the workspace's list unreadable); unknown. */
  where: 'workspace' | 'catalog' | 'unchecked' | 'unknown';
}

/** Splits a table list ("SigninLogs, AuditLogs") into checked names, at most `max`. */
export function parseTableList(prompt: string, arg: string, value: string | undefined, max = 10): string[] {
  const names = (value ?? '')
    .split(/[\s,]+/)
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length > max) throw invalid(prompt, arg, `at most ${max} tables (got ${names.length})`);
  for (const n of names) {
    if (!TABLE_NAME.test(n)) {
      throw invalid(
        prompt,
        arg,
        `${shown(n)} is not a table name: letters, digits and underscores, e.g. SigninLogs, Custom_CL; separate names with commas`,
      );
    }
  }
  return [...new Set(names)];
}

/** Where each table is: the workspace (its spelling), the catalog, or neither. */
export function resolveTables(names: readonly string[], tables: TableSet): ResolvedTable[] {
  const catalog = tableCatalog();
  return names.map((n) => {
    const own = tables.known ? tables.canonical(n) : undefined;
    if (own) return { name: own, where: 'workspace' };
    const cat = catalog.find(n);
    if (cat) return { name: cat.name, where: tables.known ? 'catalog' : 'unchecked' };
    return { name: n, where: 'unknown' };
  });
}

/** Lines describing the given tables: schema resource links, or what to do about unknown names. */
export function tableLines(resolved: readonly ResolvedTable[]): string[] {
  return resolved.map((t) => {
    if (t.where === 'workspace') return `- ${t.name}: columns in sentinel://tables/${t.name}`;
    if (t.where === 'unchecked') {
      return `- ${t.name}: columns in sentinel://tables/${t.name}; check that it has data with sentinel_logs_tables_list (include_stats).`;
    }
    if (t.where === 'catalog') {
      return `- ${t.name}: a known table, but this workspace has no ${t.name} (no data); columns in sentinel://tables/${t.name}. Say so, and pick a table it has.`;
    }
    return `- ${t.name}: neither this workspace nor the table catalog knows it; find the right name with sentinel_logs_tables_list (filter_pattern) before writing KQL.`;
  });
}
