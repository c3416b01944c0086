// Fuzzes every registered tool through a real MCP client (in-memory transport) on the local
// backend over the fixture workspace (domain WHOIS asks the RDAP fake, never the network); the
// tools listed must be every read-only tool of the registry (src/tools/index.ts ALL_TOOLS): arguments from each tool's JSON input schema (tools/list)
// plus hostile values, wrong types, extra and missing fields. Every call must answer within a
// bound; every failure must be an isError result with a known code and `Error [CODE]:` text; no
// text may carry a stack trace or a path into the code; the server must answer a ping after each
// batch; and every query that reaches the backend must keep the caller's values quoted.
// CI runs a bounded number of calls (default 300); `npm run fuzz` runs more (FUZZ_RUNS).
// FUZZ_WORKSPACE=demo fuzzes the built-in demo instead (richer data: alerts, incidents; ~800 MB).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import type { Backend, LogsApi, QueryRequest } from '../../src/backends/backend.js';
import { createBackendHandle, type BackendHandle } from '../../src/backends/index.js';
import { ERROR_META_KEY } from '../../src/server/call.js';
import { createServer } from '../../src/server/create.js';
import { ALL_TOOLS, selectTools, TOOLSETS } from '../../src/tools/index.js';
import { ERROR_CODES } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { FIXTURE_WORKSPACE, ROOT, testConfig } from '../helpers/mcp.js';
import { startRdapFake, type RdapFake } from '../rdap-fake/index.js';
import { argumentsFor, type JsonSchema } from './arbitraries.js';
import { unquotedCallerValues } from './kql-check.js';
import { fuzzSettings } from './settings.js';

const settings = fuzzSettings('tools', 300);
const ON_DEMO = process.env['FUZZ_WORKSPACE'] === 'demo';
/** No call may take longer than this (the server's own deadline is shorter). */
const CALL_BOUND_MS = 20_000;
/** Calls per tool at least, whatever the budget (each tool's batch is its own sample). */
const MIN_CALLS_PER_TOOL = 8;
/** Tools whose `query` argument IS the caller's KQL: that text reaches the backend as given. */
const CALLER_KQL_TOOLS = new Set([
  'sentinel_logs_search',
  'sentinel_logs_search_with_dummy_data',
  'sentinel_analytics_rule_test',
]);

let client: Client;
let rdap: RdapFake | undefined;
let close: () => Promise<void>;
let tools: Tool[] = [];
const recorded: QueryRequest[] = [];

/** The backend with logs.query recording every request it is given. */
function recording(backend: Backend): Backend {
  const logs: LogsApi = {
    query: (request) => {
      recorded.push(request);
      return backend.logs.query(request);
    },
  };
  return new Proxy(backend, {
    get(target, property) {
      if (property === 'logs') return logs;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

before(async () => {
  rdap = await startRdapFake();
  const config = testConfig(ON_DEMO ? {} : { workspace: FIXTURE_WORKSPACE }, {
    SENTINEL_MCP_RDAP_BOOTSTRAP_URL: rdap.bootstrapUrl,
  });
  const logger = silentLogger();
  const handle: BackendHandle = createBackendHandle(config, logger);
  const server = createServer({ config, logger, backend: async () => recording(await handle.get()) });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'fuzz', version: '1.0.0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  close = async () => {
    await client.close();
    await server.close();
    await handle.close();
  };
  tools = (await client.listTools()).tools;
});

after(async () => {
  await close?.();
  await rdap?.close();
});

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** Every string inside the arguments (keys too), however deep. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out);
    }
  }
  return out;
}

const STACK_FRAME = /^\s*at\s+(?:[\w$.<>[\] ]+\s+)?\(?(?:file:\/\/|node:|\/)[^\s)]*:\d+:\d+\)?\s*$/m;
const CODE_PATHS = [`${ROOT}src/`, `${ROOT}dist/`, `${ROOT}node_modules/`, 'node_modules/'];

async function withBound<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CALL_BOUND_MS} ms`)),
      CALL_BOUND_MS,
    );
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

const stats = {
  calls: 0,
  errors: 0,
  codes: new Map<string, number>(),
  queries: 0,
  /** Tools with at least one successful call (the others were only ever refused). */
  answered: new Set<string>(),
};

async function check(tool: string, args: Record<string, unknown>): Promise<void> {
  recorded.length = 0;
  const label = `${tool}(${JSON.stringify(args).slice(0, 300)})`;
  const result = (await withBound(label, client.callTool({ name: tool, arguments: args }))) as CallToolResult;
  stats.calls++;
  const body = textOf(result);
  assert.doesNotMatch(body, STACK_FRAME, `a stack frame in the answer to ${label}`);
  for (const path of CODE_PATHS) assert.ok(!body.includes(path), `${path} in the answer to ${label}`);
  if (result.isError) {
    stats.errors++;
    const error = result._meta?.[ERROR_META_KEY] as { code?: unknown } | undefined;
    const code = typeof error?.code === 'string' ? error.code : '';
    assert.ok((ERROR_CODES as readonly string[]).includes(code), `unknown error code ${code} for ${label}`);
    assert.notEqual(code, 'INTERNAL', `an internal error (a bug) for ${label}: ${body.slice(0, 500)}`);
    assert.ok(body.startsWith(`Error [${code}]: `), `error text of ${label}: ${body.slice(0, 200)}`);
    stats.codes.set(code, (stats.codes.get(code) ?? 0) + 1);
  } else {
    assert.ok(result.structuredContent, `a result without structuredContent for ${label}`);
    stats.answered.add(tool);
  }
  for (const request of recorded) {
    stats.queries++;
    if (CALLER_KQL_TOOLS.has(tool)) {
      // the caller's KQL, guarded (trimmed; no management commands), is what runs
      assert.equal(
        request.query,
        String(args.query).trim(),
        `the query of ${label} reached the backend changed`,
      );
      assert.doesNotMatch(request.query, /^\s*\./, 'a management command reached the backend');
    } else {
      assert.deepEqual(unquotedCallerValues(request.query, stringsIn(args)), [], `query built for ${label}`);
    }
  }
}

test('tools/list offers every read-only tool of the registry (so the fuzz below covers them all)', () => {
  const readOnly = selectTools({ toolsets: TOOLSETS, enableWrites: false }).map((t) => t.name);
  assert.deepEqual(
    tools.map((t) => t.name),
    readOnly,
  );
  const writes = ALL_TOOLS.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);
  if (writes.length)
    console.log(`fuzz tools: write tools not fuzzed (read-only server): ${writes.join(', ')}`);
});

test('every registered tool, fuzzed through an MCP client, answers well-formed and bounded', async () => {
  assert.ok(tools.length >= 5, 'tools/list lists the tools');
  const started = Date.now();
  const callsPerTool = Math.max(MIN_CALLS_PER_TOOL, Math.ceil(settings.runs / tools.length));
  const batch = fc.tuple(
    ...tools.map((t) =>
      fc.array(argumentsFor(t.inputSchema as JsonSchema), {
        minLength: callsPerTool,
        maxLength: callsPerTool,
      }),
    ),
  );
  // One sample: the seed fixes every argument; each tool's calls form one batch, then a ping.
  const [perTool] = fc.sample(batch, { seed: settings.seed, numRuns: 1 });
  assert.ok(perTool);
  for (const [i, tool] of tools.entries()) {
    for (const args of perTool[i] ?? []) await check(tool.name, args);
    await withBound(`ping after ${tool.name}`, client.ping());
  }
  // The server is still fully usable: a known-good call answers correctly.
  const ok = (await client.callTool({
    name: 'sentinel_logs_search',
    arguments: { query: 'print x = 1' },
  })) as CallToolResult;
  assert.ok(!ok.isError, textOf(ok));
  const codes = [...stats.codes].map(([c, n]) => `${c}=${n}`).join(' ');
  console.log(
    `fuzz tools: seed=${settings.seed} tools=${tools.length} calls=${stats.calls} errors=${stats.errors} ` +
      `(${codes}) backend queries=${stats.queries} in ${Date.now() - started} ms`,
  );
  const refusedOnly = tools.map((t) => t.name).filter((name) => !stats.answered.has(name));
  if (refusedOnly.length)
    console.log(`fuzz tools: no call answered without error: ${refusedOnly.join(', ')}`);
});

/** Required arguments of list tools, from the fixture. */
const LIST_REQUIRED: Record<string, unknown> = { watchlist_alias: 'HighValueAssets' };

test('every list tool pages with its own cursor, and refuses a cursor from another listing', async () => {
  const lists = tools.filter(
    (t) =>
      'cursor' in (t.inputSchema.properties ?? {}) &&
      'top' in (t.inputSchema.properties ?? {}) &&
      'next_cursor' in (t.outputSchema?.properties ?? {}),
  );
  assert.ok(lists.length >= 10, `list tools: ${lists.map((t) => t.name).join(', ')}`);
  const cursors = new Map<string, string>();
  for (const tool of lists) {
    const required = tool.inputSchema.required ?? [];
    const base = Object.fromEntries(required.map((k) => [k, LIST_REQUIRED[k]]));
    assert.ok(
      required.every((k) => k in LIST_REQUIRED),
      `${tool.name}: no fixture value for ${required.join(', ')}`,
    );
    const first = (await client.callTool({
      name: tool.name,
      arguments: { ...base, top: 1 },
    })) as CallToolResult;
    if (first.isError) {
      // Only a refusal a person can act on (the fixture may lack what the tool reads), never INTERNAL.
      const code = (first._meta?.[ERROR_META_KEY] as { code?: unknown } | undefined)?.code;
      assert.notEqual(code, 'INTERNAL', `${tool.name} top=1: ${textOf(first)}`);
      console.log(`fuzz tools: ${tool.name} top=1 on the fixture: ${textOf(first).slice(0, 160)}`);
      continue;
    }
    const page = first.structuredContent as { has_more: boolean; next_cursor: string | null };
    assert.equal(page.has_more, page.next_cursor !== null, `${tool.name}: has_more and next_cursor agree`);
    if (!page.next_cursor) continue;
    cursors.set(tool.name, page.next_cursor);
    const second = (await client.callTool({
      name: tool.name,
      arguments: { ...base, top: 1, cursor: page.next_cursor },
    })) as CallToolResult;
    assert.ok(!second.isError, `${tool.name} with its cursor: ${textOf(second)}`);
    assert.notDeepEqual(
      second.structuredContent,
      first.structuredContent,
      `${tool.name}: page 2 is another page`,
    );
  }
  assert.ok(cursors.size >= 3, `tools with a second page in the fixture: ${[...cursors.keys()].join(', ')}`);
  // Every cursor, given to every other list tool: INVALID_ARGUMENT (a cursor fits its listing only).
  for (const tool of lists) {
    const base = Object.fromEntries((tool.inputSchema.required ?? []).map((k) => [k, LIST_REQUIRED[k]]));
    for (const [from, cursor] of cursors) {
      if (from === tool.name) continue;
      const label = `${tool.name} given the cursor of ${from}`;
      const result = (await client.callTool({
        name: tool.name,
        arguments: { ...base, top: 1, cursor },
      })) as CallToolResult;
      const code = (result._meta?.[ERROR_META_KEY] as { code?: unknown } | undefined)?.code;
      assert.equal(result.isError, true, `${label} was accepted: ${textOf(result).slice(0, 200)}`);
      assert.equal(code, 'INVALID_ARGUMENT', `${label}: ${textOf(result).slice(0, 200)}`);
    }
  }
});

test('arguments that are not an object, and unknown tools, are refused cleanly', async () => {
  for (const name of ['no_such_tool', 'sentinel_logs_search\u0000', '../sentinel_workspace_get']) {
    const result = (await withBound(
      name,
      client.callTool({ name, arguments: {} }).catch((e: unknown) => e),
    )) as CallToolResult | Error;
    const body = result instanceof Error ? result.message : textOf(result);
    assert.doesNotMatch(body, STACK_FRAME);
    if (!(result instanceof Error)) assert.ok(result.isError, `unknown tool ${name} answered`);
  }
  await withBound('ping', client.ping());
});
