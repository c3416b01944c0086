// What a backend offers to check its connection and the caller's access: the steps of `doctor` and
// the authorization summary. Types only.
import type { Toolset } from '../tools/toolsets.js';
import type { ErrorCode } from '../util/errors.js';
import type { BackendKind, CallOptions } from './backend.js';

export type StepStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface DoctorStep {
  id: string;
  title: string;
  status: StepStatus;
  ms: number;
  /** What was found (or what went wrong). */
  detail: string;
  /** What to do about a failure or warning. */
  fix?: string;
  code?: ErrorCode;
}

export interface StepReporter {
  started?(id: string, title: string): void;
  finished?(step: DoctorStep): void;
}

export interface ConnectionTestOptions extends CallOptions {
  reporter?: StepReporter;
}

export type Access = 'full' | 'partial' | 'none' | 'unknown';

export interface RoleAssignmentSummary {
  role: string;
  roleDefinitionId: string;
  scope: string;
  /** at the workspace, inherited from above it, or on something below it (e.g. one table) */
  appliesTo: 'workspace' | 'inherited' | 'child';
  /** Assigned to a group the caller is in, not to the caller directly. */
  viaGroup: boolean;
  /** The assignment has an ABAC condition. */
  conditional: boolean;
}

export interface ToolsetAccessSummary {
  toolset: Toolset;
  access: Access;
  missing: string[];
  note?: string;
}

export interface AuthorizationSummary {
  backend: BackendKind;
  principal: { objectId: string | null; name: string | null; type: string; tenantId: string | null };
  /** The scope the assignments were listed at (the workspace resource id). */
  scope: string;
  assignments: RoleAssignmentSummary[];
  toolsets: ToolsetAccessSummary[];
  /** Whether the caller may run queries (Microsoft.OperationalInsights/workspaces/query/read). */
  queryAccess: boolean;
  notes: string[];
}

/** What a backend offers to check its connection and the caller's access (Azure only, for now). */
export interface ConnectionApi {
  test(options?: ConnectionTestOptions): Promise<DoctorStep[]>;
  authorizationSummary(
    options?: CallOptions & { toolsets?: readonly Toolset[] },
  ): Promise<AuthorizationSummary>;
}
