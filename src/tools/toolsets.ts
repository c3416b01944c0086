// The toolsets (groups of tools a user can enable with --toolsets). Names are public interface.

export const TOOLSETS = [
  'logs',
  'tables',
  'workspace',
  'incidents',
  'alerts',
  'analytics',
  'hunting',
  'watchlists',
  'connectors',
  'workbooks',
  'repositories',
  'summary',
  'dcr',
  'content',
  'threatintel',
  'enrichment',
  'entra',
] as const;

export type Toolset = (typeof TOOLSETS)[number];
