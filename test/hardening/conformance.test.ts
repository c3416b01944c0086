// MCP conformance (`@modelcontextprotocol/conformance`, pinned to 0.1.13, which runs on Node 20): its
// CLI is run against the Streamable HTTP transport, started in this process on a free loopback port
// with the fixture workspace, for the generic server scenarios (the others call fixture tools,
// resources and prompts of the suite's reference server). Each scenario is one test; the CLI exits
// non-zero when a check fails, and its output is shown then.
//
// Left out: the scenarios that call the reference server's fixture prompts by name
// (`prompts-get-simple`, `prompts-get-with-args`, `prompts-get-embedded-resource`,
// `prompts-get-with-image` ask for test_simple_prompt ...; `completion-complete` completes an argument
// of test_prompt_with_arguments): this server answers an unknown prompt with -32602 Invalid params, as
// the specification says. Our own prompts/get and completion are tested in test/mcp/prompts.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createBackendHandle } from '../../src/backends/index.js';
import { startHttpServer, type RunningHttpServer } from '../../src/server/http.js';
import { createServer } from '../../src/server/create.js';
import { silentLogger } from '../../src/util/logger.js';
import { FIXTURE_WORKSPACE, ROOT, testConfig } from '../helpers/mcp.js';

const CLI = join(ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

const SCENARIOS = [
  'server-initialize',
  'tools-list',
  'ping',
  'logging-set-level',
  'resources-list',
  'prompts-list',
  'dns-rebinding-protection',
  'server-sse-multiple-streams',
];

let running: RunningHttpServer;
let closeBackend: () => Promise<void>;

before(async () => {
  const config = testConfig({ workspace: FIXTURE_WORKSPACE });
  const logger = silentLogger();
  const backend = createBackendHandle(config, logger);
  closeBackend = backend.close;
  running = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    newServer: () => createServer({ config, logger, backend: backend.get }),
  });
});

after(async () => {
  await running.close();
  await closeBackend();
});

interface CliRun {
  code: number | null;
  output: string;
}

function runScenario(url: string, scenario: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'server', '--url', url, '--scenario', scenario],
      { cwd: ROOT, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

for (const scenario of SCENARIOS) {
  test(`conformance: ${scenario}`, async () => {
    const { code, output } = await runScenario(running.url, scenario);
    assert.equal(code, 0, `conformance ${scenario} failed (exit ${String(code)}):\n${output}`);
    assert.match(output, /Passed: (\d+)\/\1, 0 failed/, `conformance ${scenario}:\n${output}`);
  });
}
