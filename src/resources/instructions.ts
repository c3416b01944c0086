// The server's instructions: what it is and how to use its tools well. Also the resource
// sentinel://instructions.
export const SERVER_INSTRUCTIONS = `sentinel-mcp gives you read access to a Microsoft Sentinel workspace (or, with no Azure configured, an embedded demo workspace with realistic security logs and an attack story to investigate).

How to work well with it:
1. Find the data: sentinel_logs_tables_list (with include_stats for row counts and freshness), then sentinel_logs_table_schema_get for a table's columns. The resource sentinel://tables/{name} gives the same columns from the catalog.
2. Write KQL, then check it with sentinel_query_validate before running it: it reports unknown tables and columns with line and column, and the result columns.
3. Run it with sentinel_logs_search. Always filter on time first (| where TimeGenerated > ago(1d)) or pass timespan; project only the columns you need; summarize rather than fetch raw rows. Results say when they were truncated (truncated_reason) and how many rows exist (total_rows): narrow the query instead of raising limits.
4. To test a detection on sample rows, use sentinel_logs_search_with_dummy_data with the rows as JSON or CSV.
5. KQL help: sentinel://reference/kql/basics, /operators, /functions, /examples, /examples/security and /cheatsheet.

Prompts (guided workflows naming the tools to use, in order; arguments complete with completion/complete): sentinel_security_investigation (a user, host, ip, url, domain or file_hash), sentinel_hunting_investigate_ip, sentinel_incident_respond (incident number or id), sentinel_analytics_create_detection, sentinel_hunting_create_query, sentinel_kql_build (schema check, validate, run, test on dummy data) and sentinel_workspace_visualize (a Mermaid diagram of connectors, tables, rules and incidents from real tool calls).

Rules of thumb: has is faster than contains and matches whole terms; == is case-sensitive, =~ is not; join defaults to innerunique (deduplicates the left side): say kind=inner when you mean it; long / long is integer division.
Errors come as "Error [CODE]: what happened. Hint: what to do." Follow the hint. Everything here is read-only unless the server was started with --enable-writes.`;
