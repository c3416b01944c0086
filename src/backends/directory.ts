// Entra ID users and groups: Microsoft Graph on Azure, the workspace folder or the demo's story locally.
import type { CallOptions } from './backend.js';

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName?: string;
  mail?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  country?: string | null;
  accountEnabled?: boolean;
  userType?: string | null;
  createdDateTime?: string | null;
  onPremisesSyncEnabled?: boolean | null;
  /** On get only: the groups the user is a direct member of. */
  memberOf?: { id: string; displayName: string }[];
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  description?: string | null;
  mail?: string | null;
  securityEnabled?: boolean;
  mailEnabled?: boolean;
  groupTypes?: string[];
  createdDateTime?: string | null;
  /** On get: members' count. */
  memberCount?: number;
}

export interface DirectoryPage<T> {
  items: T[];
  cursor?: string;
}

export interface DirectoryListQuery extends CallOptions {
  /** Text matched against display name, UPN / mail (starts-with, as Graph's $filter does). */
  search?: string;
  top: number;
  cursor?: string;
}

export interface DirectoryApi {
  listUsers(query: DirectoryListQuery): Promise<DirectoryPage<DirectoryUser>>;
  /** By object id, UPN or mail; NOT_FOUND naming the key. */
  getUser(key: string, options?: CallOptions): Promise<DirectoryUser>;
  listGroups(query: DirectoryListQuery): Promise<DirectoryPage<DirectoryGroup>>;
  getGroup(id: string, options?: CallOptions): Promise<DirectoryGroup>;
}
