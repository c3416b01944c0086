// Tools of the entra toolset: Entra ID users and groups (Microsoft Graph on Azure; the demo's
// organisation or the folder's entra/ files locally). Lists are compact rows; a get returns the whole
// object, a user with the groups they are a direct member of, a group with its member count.
import { z } from 'zod';
import type { Backend } from '../backends/backend.js';
import {
  GUID_PATTERN,
  MAX_KEY_CHARS,
  MAX_SEARCH_CHARS,
  USER_NAME_PATTERN,
  type DirectoryApi,
  type DirectoryGroup,
  type DirectoryUser,
} from '../backends/directory.js';
import { pageInput, pageOutput } from '../sentinel/paging.js';
import { ToolError } from '../util/errors.js';
import { renderKeyValues, renderMarkdownTable } from '../util/results.js';
import { defineTool, type ToolContext } from './types.js';

function directoryOf(backend: Backend): DirectoryApi {
  if (!backend.directory) {
    throw new ToolError(
      'UNSUPPORTED',
      `The ${backend.kind} backend does not serve Entra ID users and groups`,
      {
        hint: 'Use the local demo workspace, a workspace folder with entra/users.json, or an Azure workspace.',
        retryable: false,
      },
    );
  }
  return backend.directory;
}

const filterArg = z
  .string()
  .max(MAX_SEARCH_CHARS)
  .optional()
  .describe(
    'Plain text the item starts with, case-insensitive (as Graph startswith), not OData: for users the display ' +
      'name, given name, surname, UPN or mail (e.g. "megan" or "ortiz"); for groups the display name or mail ' +
      '(e.g. "SG-").',
  );

const userArg = z
  .string()
  .min(1)
  .max(MAX_KEY_CHARS)
  .refine((v) => GUID_PATTERN.test(v) || USER_NAME_PATTERN.test(v), {
    message: 'give the user object id (a GUID), user principal name or mail address (name@domain)',
  })
  .describe(
    'The user: object id (GUID), user principal name or mail address, e.g. megan.ortiz@fernbrooklabs.com',
  );

const groupArg = z
  .string()
  .min(1)
  .max(MAX_SEARCH_CHARS)
  .refine((v) => v.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(v), {
    message: 'give the group object id (a GUID) or its exact display name',
  })
  .describe('The group: its object id (GUID), or its exact display name (case-insensitive), e.g. SG-Finance');

const userRowShape = z.object({
  id: z.string().describe('Object id'),
  display_name: z.string().nullable().describe('Display name'),
  user_principal_name: z.string().describe('User principal name (sign-in name)'),
  mail: z.string().nullable().describe('Primary mail address'),
  job_title: z.string().nullable().describe('Job title'),
  department: z.string().nullable().describe('Department'),
  account_enabled: z.boolean().nullable().describe('False when sign-in is blocked'),
});

const groupRefShape = z.object({
  id: z.string().describe('Group object id'),
  display_name: z.string().describe('Group display name'),
});

const userShape = {
  ...userRowShape.shape,
  given_name: z.string().nullable().describe('Given name'),
  surname: z.string().nullable().describe('Surname'),
  office_location: z.string().nullable().describe('Office'),
  city: z.string().nullable().describe('City'),
  state: z.string().nullable().describe('State or province'),
  country: z.string().nullable().describe('Country or region'),
  user_type: z.string().nullable().describe('Member or Guest'),
  created_date_time: z.string().nullable().describe('When the account was created'),
  on_premises_sync_enabled: z.boolean().nullable().describe('True when synchronised from on-premises AD'),
  on_premises_sam_account_name: z
    .string()
    .nullable()
    .describe('On-premises logon name (as SecurityEvent TargetUserName shows it)'),
  on_premises_security_identifier: z
    .string()
    .nullable()
    .describe('On-premises SID (SecurityEvent TargetUserSid)'),
  groups: z
    .array(groupRefShape)
    .nullable()
    .describe('Groups the user is a direct member of, by name; null when they could not be read'),
  groups_note: z.string().nullable().describe('Why groups is null, when it is'),
};

const groupRowShape = z.object({
  id: z.string().describe('Object id'),
  display_name: z.string().describe('Display name'),
  kind: z
    .enum(['Microsoft 365', 'Security', 'Mail-enabled security', 'Distribution', 'Other'])
    .describe('Group type, from groupTypes, securityEnabled and mailEnabled'),
  mail: z.string().nullable().describe('Mail address, for mail-enabled groups'),
  description: z.string().nullable().describe('Description'),
});

const groupShape = {
  ...groupRowShape.shape,
  mail_nickname: z.string().nullable().describe('Mail alias'),
  security_enabled: z.boolean().nullable().describe('Can be used to grant access'),
  mail_enabled: z.boolean().nullable().describe('Has a mailbox or distribution list'),
  group_types: z.array(z.string()).describe('Graph groupTypes (Unified = Microsoft 365; DynamicMembership)'),
  created_date_time: z.string().nullable().describe('When the group was created'),
  member_count: z.number().int().nullable().describe('Direct members (users, groups, devices, apps)'),
  member_count_note: z.string().nullable().describe('Why member_count is null, when it is'),
};

function userRow(u: DirectoryUser): z.output<typeof userRowShape> {
  return {
    id: u.id,
    display_name: u.displayName ?? null,
    user_principal_name: u.userPrincipalName,
    mail: u.mail ?? null,
    job_title: u.jobTitle ?? null,
    department: u.department ?? null,
    account_enabled: u.accountEnabled ?? null,
  };
}

function groupKind(g: DirectoryGroup): z.output<typeof groupRowShape>['kind'] {
  if (g.groupTypes?.includes('Unified')) return 'Microsoft 365';
  if (g.securityEnabled && g.mailEnabled) return 'Mail-enabled security';
  if (g.securityEnabled) return 'Security';
  if (g.mailEnabled) return 'Distribution';
  return 'Other';
}

function groupRow(g: DirectoryGroup): z.output<typeof groupRowShape> {
  return {
    id: g.id,
    display_name: g.displayName,
    kind: groupKind(g),
    mail: g.mail ?? null,
    description: g.description ?? null,
  };
}

function callOptions(ctx: ToolContext) {
  return { abortSignal: ctx.signal, deadline: ctx.deadline };
}

const paging = pageInput(25, 200);

function pageFields(count: number, cursor: string | undefined) {
  return { count, has_more: cursor !== undefined, next_cursor: cursor ?? null };
}

function moreLine(r: { has_more: boolean }): string {
  return r.has_more ? ' (more: call again with cursor = next_cursor)' : '';
}

export const entraListUsersTool = defineTool({
  name: 'entra_id_list_users',
  title: 'List Entra ID users',
  description:
    'Lists Entra ID (Azure AD) users whose name, UPN or mail starts with the filter text: id, name, UPN, ' +
    'mail, job title, department, enabled. Use it to find a user you know part of the name of. For one user ' +
    'with all details and group memberships, use entra_id_get_user; for what a user did, query SigninLogs or ' +
    'AuditLogs with sentinel_logs_search.',
  toolset: 'entra',
  input: { filter: filterArg, ...paging },
  output: { users: z.array(userRowShape).describe('Matching users, by display name'), ...pageOutput },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const directory = directoryOf(await ctx.backend());
    const page = await directory.listUsers({
      top: args.top,
      ...(args.filter !== undefined ? { search: args.filter } : {}),
      ...(args.cursor !== undefined ? { cursor: args.cursor } : {}),
      ...callOptions(ctx),
    });
    return { users: page.items.map(userRow), ...pageFields(page.items.length, page.cursor) };
  },
  render(r) {
    const head = `${r.count} users${moreLine(r)}`;
    if (r.count === 0) return `${head}: none match.`;
    const columns = [
      { name: 'display_name', type: 'string' as const },
      { name: 'user_principal_name', type: 'string' as const },
      { name: 'job_title', type: 'string' as const },
      { name: 'department', type: 'string' as const },
      { name: 'account_enabled', type: 'bool' as const },
      { name: 'id', type: 'string' as const },
    ];
    const rows = r.users.map((u) => [
      u.display_name,
      u.user_principal_name,
      u.job_title,
      u.department,
      u.account_enabled,
      u.id,
    ]);
    const cursor = r.next_cursor ? `\nnext_cursor: ${r.next_cursor}` : '';
    return `${head}\n${renderMarkdownTable(columns, rows)}${cursor}`;
  },
});

export const entraGetUserTool = defineTool({
  name: 'entra_id_get_user',
  title: 'Get an Entra ID user',
  description:
    'Returns one Entra ID user by object id, UPN or mail address: names, job, department, office, account ' +
    'state, on-premises logon name and SID (to match SecurityEvent), and the groups the user is a direct member ' +
    'of. Use it to know who an account in an incident or sign-in log is and what access their groups give. To ' +
    'find a user by part of the name, use entra_id_list_users.',
  toolset: 'entra',
  input: { user: userArg },
  output: userShape,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const directory = directoryOf(await ctx.backend());
    const u = await directory.getUser(args.user, callOptions(ctx));
    return {
      ...userRow(u),
      given_name: u.givenName ?? null,
      surname: u.surname ?? null,
      office_location: u.officeLocation ?? null,
      city: u.city ?? null,
      state: u.state ?? null,
      country: u.country ?? null,
      user_type: u.userType ?? null,
      created_date_time: u.createdDateTime ?? null,
      on_premises_sync_enabled: u.onPremisesSyncEnabled ?? null,
      on_premises_sam_account_name: u.onPremisesSamAccountName ?? null,
      on_premises_security_identifier: u.onPremisesSecurityIdentifier ?? null,
      groups: u.memberOf ? u.memberOf.map((g) => ({ id: g.id, display_name: g.displayName })) : null,
      groups_note: u.memberOf ? null : (u.memberOfUnavailable ?? 'The group memberships were not read.'),
    };
  },
  render(r) {
    const { groups, groups_note, ...fields } = r;
    const lines = renderKeyValues(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)));
    const memberOf = groups
      ? `groups (${groups.length}): ${groups.map((g) => g.display_name).join(', ') || 'none'}`
      : `groups: unavailable (${groups_note ?? 'unknown reason'})`;
    return `${lines}\n${memberOf}`;
  },
});

export const entraListGroupsTool = defineTool({
  name: 'entra_id_list_groups',
  title: 'List Entra ID groups',
  description:
    'Lists Entra ID groups whose display name or mail starts with the filter text: id, name, kind (Microsoft ' +
    '365, security, distribution), mail, description. For one group with its member count use ' +
    "entra_id_get_group; for a user's groups use entra_id_get_user.",
  toolset: 'entra',
  input: { filter: filterArg, ...paging },
  output: { groups: z.array(groupRowShape).describe('Matching groups, by display name'), ...pageOutput },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const directory = directoryOf(await ctx.backend());
    const page = await directory.listGroups({
      top: args.top,
      ...(args.filter !== undefined ? { search: args.filter } : {}),
      ...(args.cursor !== undefined ? { cursor: args.cursor } : {}),
      ...callOptions(ctx),
    });
    return { groups: page.items.map(groupRow), ...pageFields(page.items.length, page.cursor) };
  },
  render(r) {
    const head = `${r.count} groups${moreLine(r)}`;
    if (r.count === 0) return `${head}: none match.`;
    const columns = [
      { name: 'display_name', type: 'string' as const },
      { name: 'kind', type: 'string' as const },
      { name: 'mail', type: 'string' as const },
      { name: 'description', type: 'string' as const },
      { name: 'id', type: 'string' as const },
    ];
    const rows = r.groups.map((g) => [g.display_name, g.kind, g.mail, g.description, g.id]);
    const cursor = r.next_cursor ? `\nnext_cursor: ${r.next_cursor}` : '';
    return `${head}\n${renderMarkdownTable(columns, rows)}${cursor}`;
  },
});

export const entraGetGroupTool = defineTool({
  name: 'entra_id_get_group',
  title: 'Get an Entra ID group',
  description:
    'Returns one Entra ID group by object id (or exact display name): kind, mail, description, security and ' +
    'mail settings, creation date and the number of direct members. Use it to judge what membership of a group ' +
    'means (e.g. a privileged admins group). To find groups by the start of their name, use entra_id_list_groups.',
  toolset: 'entra',
  input: { group_id: groupArg },
  output: groupShape,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const directory = directoryOf(await ctx.backend());
    const g = await directory.getGroup(args.group_id, callOptions(ctx));
    return {
      ...groupRow(g),
      mail_nickname: g.mailNickname ?? null,
      security_enabled: g.securityEnabled ?? null,
      mail_enabled: g.mailEnabled ?? null,
      group_types: g.groupTypes ?? [],
      created_date_time: g.createdDateTime ?? null,
      member_count: g.memberCount ?? null,
      member_count_note:
        g.memberCount !== undefined ? null : (g.memberCountUnavailable ?? 'The member count was not read.'),
    };
  },
  render: (r) =>
    renderKeyValues(
      Object.fromEntries(
        Object.entries(r).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)),
      ),
    ),
});

export const entraTools = [entraListUsersTool, entraGetUserTool, entraListGroupsTool, entraGetGroupTool];
