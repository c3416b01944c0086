// `sentinel-mcp doctor` as a user runs it: the built CLI (dist/cli.js) started with nothing but the
// HTTPS fake's environment. Every step passes against a healthy fake; a wrong client secret fails
// the token step with the AUTH fix and never prints the secret; a missing workspace fails the ARM
// step with a fix naming the workspace settings; Microsoft Graph refusing users only warns (the exit
// code stays 0) with the Graph permission to grant. sentinel_connection_test, asked through an MCP
// client of the same built server, reports the same steps, structured.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { startAzureFake, type AzureFake } from '../azure-fake/index.js';
import { FIXTURE_WORKSPACE, ROOT, text } from '../helpers/mcp.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const STEP_IDS = ['open', 'config', 'token', 'workspace', 'query', 'sentinel', 'graph'];
const STEP_TITLES = [
  'Load the Azure SDK',
  'Configuration',
  'Token',
  'ARM workspace',
  'Query (print 1)',
  'Microsoft Sentinel',
  'Microsoft Graph: read users',
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One line the doctor prints per step: `PASS  Title (12 ms): detail`, then `      fix: ...` when failing. */
interface PrintedStep {
  status: string;
  title: string;
  detail: string;
  fix: string | undefined;
}

interface Step {
  id: string;
  title: string;
  status: string;
  ms: number;
  detail: string;
  fix: string | null;
  code: string | null;
}

interface ConnectionTest {
  ok: boolean;
  backend: string;
  steps: Step[];
  total_ms: number;
}

let backend: LocalBackend;
let fake: AzureFake;

before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run "npm run build" first`);
  backend = await LocalBackend.open({ folder: FIXTURE_WORKSPACE, logger: silentLogger() });
  fake = await startAzureFake({ backend });
});

after(async () => {
  await fake?.close();
  await backend?.close();
});

/**
 * Runs the CLI asynchronously (the fake answers from this process's event loop, so a synchronous
 * spawn would deadlock) with exactly the environment given.
 */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function printedSteps(stderr: string): PrintedStep[] {
  const steps: PrintedStep[] = [];
  for (const line of stderr.split('\n')) {
    const head = /^(PASS|FAIL|WARN|SKIP) {2}(.+?) \(\d+ ms\): (.*)$/.exec(line);
    if (head) steps.push({ status: head[1]!, title: head[2]!, detail: head[3]!, fix: undefined });
    const fix = /^ {6}fix: (.*)$/.exec(line);
    if (fix && steps.length) steps[steps.length - 1]!.fix = fix[1]!;
  }
  return steps;
}

function describeRun(run: Run): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** sentinel_connection_test through an MCP client of the built server, started with `env` only. */
async function connectionTest(
  env: Record<string, string>,
): Promise<{ result: CallToolResult; stderr: string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--transport', 'stdio', '--log-level', 'warn'],
    env,
    cwd: ROOT,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const client = new Client({ name: 'azure-doctor-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    const result = (await client.callTool({
      name: 'sentinel_connection_test',
      arguments: {},
    })) as CallToolResult;
    return { result, stderr };
  } finally {
    await client.close();
  }
}

function structuredSteps(result: CallToolResult, stderr: string): ConnectionTest {
  assert.notEqual(result.isError, true, `${text(result)}\nserver stderr:\n${stderr}`);
  return result.structuredContent as unknown as ConnectionTest;
}

/** The doctor's printed steps and the tool's structured ones say the same thing. */
function assertSameSteps(printed: PrintedStep[], structured: Step[]): void {
  assert.deepEqual(
    structured.map((s) => [
      s.title,
      s.status.toUpperCase(),
      s.status === 'pass' ? undefined : (s.fix ?? undefined),
    ]),
    printed.map((p) => [p.title, p.status, p.fix]),
  );
}

describe('sentinel-mcp doctor against the fake', () => {
  test('healthy: exit 0, a progress line per step on stderr, every step passing', async () => {
    fake.clearRequests();
    const run = await cli(['doctor'], fake.env());
    assert.equal(run.code, 0, describeRun(run));
    const steps = printedSteps(run.stderr);
    assert.deepEqual(
      steps.map((s) => [s.status, s.title]),
      STEP_TITLES.map((t) => ['PASS', t]),
      describeRun(run),
    );
    assert.match(run.stdout, /^sentinel-mcp doctor: all 7 checks passed on the azure backend in \d+ ms\.\n$/);
    const byTitle = new Map(steps.map((s) => [s.title, s.detail]));
    assert.match(byTitle.get('Token') ?? '', new RegExp(`object id ${fake.principalId}`));
    assert.match(byTitle.get('ARM workspace') ?? '', new RegExp(`workspace id ${fake.workspaceId}`));
    assert.match(byTitle.get('Query (print 1)') ?? '', new RegExp(`workspace ${fake.workspaceId} answered`));
    assert.match(byTitle.get('Microsoft Sentinel') ?? '', /^enabled/);
    assert.match(byTitle.get('Microsoft Graph: read users') ?? '', /^users are readable \(read one\)/);
    // The doctor really asked: a token, the ARM workspace, a query, the onboarding state, Graph's users.
    const routes = new Set(fake.requests().map((r) => r.route));
    for (const route of ['token', 'arm.workspace', 'query', 'arm.onboardingStates', 'graph.users'])
      assert.ok(routes.has(route), route);
    // Graph was asked with a Graph token, for one user.
    const graph = fake.requests().find((r) => r.route === 'graph.users')!;
    assert.match(graph.tokenScope ?? '', /\.default$/);
    assert.equal(new URLSearchParams(graph.query).get('$top'), '1');

    const { result, stderr } = await connectionTest(fake.env());
    const tested = structuredSteps(result, stderr);
    assert.equal(tested.ok, true);
    assert.equal(tested.backend, 'azure');
    assert.deepEqual(
      tested.steps.map((s) => [s.id, s.status, s.code]),
      STEP_IDS.map((id) => [id, 'pass', null]),
    );
    assertSameSteps(steps, tested.steps);
  });

  test('wrong AZURE_CLIENT_SECRET: exit 1, the token step fails with the AUTH fix, the secret is never printed', async () => {
    const wrong = `wr0ng~${fake.clientSecret.slice(6).split('').reverse().join('')}`;
    const env = { ...fake.env(), AZURE_CLIENT_SECRET: wrong };
    const run = await cli(['doctor'], env);
    assert.equal(run.code, 1, describeRun(run));
    const steps = printedSteps(run.stderr);
    assert.deepEqual(
      steps.map((s) => [s.title, s.status]),
      [
        ['Load the Azure SDK', 'PASS'],
        ['Configuration', 'PASS'],
        ['Token', 'FAIL'],
        ['ARM workspace', 'SKIP'],
        ['Query (print 1)', 'SKIP'],
        ['Microsoft Sentinel', 'SKIP'],
        ['Microsoft Graph: read users', 'SKIP'],
      ],
      describeRun(run),
    );
    const token = steps.find((s) => s.title === 'Token')!;
    assert.match(token.detail, /^AUTH: /);
    assert.match(token.detail, /AADSTS7000215/);
    assert.match(token.fix ?? '', /client secret was rejected/);
    assert.match(token.fix ?? '', new RegExp(`AZURE_CLIENT_ID=${fake.clientId}`));
    assert.match(token.fix ?? '', /set AZURE_CLIENT_SECRET/);
    assert.match(run.stdout, /^sentinel-mcp doctor: 1 of 3 checks failed on the azure backend\./);
    assert.match(run.stdout, /fix: The client secret was rejected/);
    for (const secret of [wrong, fake.clientSecret]) {
      assert.ok(!run.stdout.includes(secret), 'the secret is not on stdout');
      assert.ok(!run.stderr.includes(secret), 'the secret is not on stderr');
    }

    const { result, stderr } = await connectionTest(env);
    const tested = structuredSteps(result, stderr);
    assert.equal(tested.ok, false);
    const step = tested.steps.find((s) => s.id === 'token')!;
    assert.equal(step.status, 'fail');
    assert.equal(step.code, 'AUTH');
    assertSameSteps(steps, tested.steps);
    for (const secret of [wrong, fake.clientSecret]) {
      assert.ok(!JSON.stringify(result).includes(secret), 'the secret is not in the tool result');
      assert.ok(!stderr.includes(secret), 'the secret is not in the server log');
    }
  });

  test('the workspace route answers 404: the ARM workspace step fails with a fix naming the workspace settings', async () => {
    fake.inject('arm.workspace', { kind: 'status', status: 404 });
    try {
      const run = await cli(['doctor'], fake.env());
      assert.equal(run.code, 1, describeRun(run));
      const steps = printedSteps(run.stderr);
      assert.deepEqual(
        steps.map((s) => [s.title, s.status]),
        [
          ['Load the Azure SDK', 'PASS'],
          ['Configuration', 'PASS'],
          ['Token', 'PASS'],
          ['ARM workspace', 'FAIL'],
          // AZURE_WORKSPACE_ID is set: the query still runs, and the onboarding state is its own route.
          ['Query (print 1)', 'PASS'],
          ['Microsoft Sentinel', 'PASS'],
          ['Microsoft Graph: read users', 'PASS'],
        ],
        describeRun(run),
      );
      const workspace = steps.find((s) => s.title === 'ARM workspace')!;
      assert.match(workspace.detail, /^NOT_FOUND: The workspace \S+ in resource group \S+ was not found/);
      for (const setting of ['AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_WORKSPACE_NAME']) {
        assert.ok(workspace.fix?.includes(setting), `the fix names ${setting}: ${workspace.fix ?? '(none)'}`);
      }
      assert.match(run.stdout, /^sentinel-mcp doctor: 1 of 7 checks failed on the azure backend\./);

      const { result, stderr } = await connectionTest(fake.env());
      const tested = structuredSteps(result, stderr);
      assert.equal(tested.ok, false);
      const step = tested.steps.find((s) => s.id === 'workspace')!;
      assert.equal(step.status, 'fail');
      assert.equal(step.code, 'NOT_FOUND');
      assertSameSteps(steps, tested.steps);
    } finally {
      fake.clearFaults();
    }
  });

  test('Microsoft Graph refuses users (403): the Graph step warns with User.Read.All, the doctor still passes', async () => {
    fake.inject('graph.users', { kind: 'status', status: 403 });
    try {
      const run = await cli(['doctor'], fake.env());
      assert.equal(run.code, 0, describeRun(run));
      const steps = printedSteps(run.stderr);
      assert.deepEqual(
        steps.map((s) => [s.title, s.status]),
        STEP_TITLES.map((t) => [t, t === 'Microsoft Graph: read users' ? 'WARN' : 'PASS']),
        describeRun(run),
      );
      const graph = steps.find((s) => s.title === 'Microsoft Graph: read users')!;
      assert.match(
        graph.detail,
        /^FORBIDDEN: Microsoft Graph refused to list users: the identity lacks User\.Read\.All/,
      );
      assert.match(graph.detail, /only the Entra ID tools/);
      assert.match(graph.fix ?? '', /grant the identity the Microsoft Graph permission User\.Read\.All/);
      assert.match(
        run.stdout,
        /^sentinel-mcp doctor: all 7 checks passed \(1 warning\) on the azure backend in \d+ ms\.\n- Microsoft Graph: read users: FORBIDDEN: .*\n {2}fix: .*User\.Read\.All/,
      );

      const { result, stderr } = await connectionTest(fake.env());
      const tested = structuredSteps(result, stderr);
      assert.equal(tested.ok, true);
      const step = tested.steps.find((s) => s.id === 'graph')!;
      assert.equal(step.status, 'warn');
      assert.equal(step.code, 'FORBIDDEN');
      assert.match(step.fix ?? '', /User\.Read\.All/);
      assertSameSteps(steps, tested.steps);
    } finally {
      fake.clearFaults();
    }
  });

  test('Microsoft Graph unreachable (500s): the Graph step warns with the code, the doctor still passes', async () => {
    fake.inject('graph.users', { kind: 'status', status: 503 });
    try {
      const run = await cli(['doctor'], fake.env());
      assert.equal(run.code, 0, describeRun(run));
      const graph = printedSteps(run.stderr).find((s) => s.title === 'Microsoft Graph: read users')!;
      assert.equal(graph.status, 'WARN', describeRun(run));
      assert.match(graph.detail, /^UPSTREAM: .*only the Entra ID tools/);
    } finally {
      fake.clearFaults();
    }
  });
});
