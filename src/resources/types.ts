// An MCP resource: a fixed URI with text content produced on read (never at startup).

export interface ResourceDefinition {
  uri: string;
  /** Short machine name, e.g. `kql-basics`. */
  name: string;
  title: string;
  description: string;
  mimeType: 'text/markdown' | 'application/json' | 'text/plain';
  read(): Promise<string> | string;
}
