// Pieces of prompt text shared by every prompt: KQL blocks, numbered steps, the ground rules.

/** A fenced KQL block (tests extract these and validate every one). */
export function kqlBlock(query: string): string {
  return ['```kql', query.trim(), '```'].join('\n');
}

/** Numbered steps; a step may span lines (code blocks, sub-lists). */
export function numbered(steps: readonly string[]): string {
  return steps.map((s, i) => `${i + 1}. ${s.replace(/\n/g, '\n   ')}`).join('\n');
}

/** The rules every investigation and builder prompt ends with. */
export function groundRules(extra: readonly string[] = []): string {
  return [
    '## Ground rules',
    '- Every fact in your answer comes from a tool result or a resource you read in this conversation; name the tool or query that showed it. Never invent incidents, users, hosts, addresses, tables, columns or counts; when something was not looked at or returned nothing, say so.',
    '- Run queries with sentinel_logs_search. When one fails (KQL_SYNTAX, KQL_SEMANTIC) or returns nothing unexpectedly, check it with sentinel_query_validate and the table schema (sentinel_logs_table_schema_get), fix it and run it again; widen the time window before concluding there is nothing.',
    '- If a tool named here is not offered by this server (its toolset may be switched off) or fails, say so and carry on with the others.',
    '- This server reads; it does not change the workspace. Recommend response actions, do not claim to have taken them.',
    ...extra.map((e) => `- ${e}`),
  ].join('\n');
}
