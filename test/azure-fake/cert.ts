// The fake's TLS key and certificate: the test run's (scripts/run-tests.mjs makes it and names its folder in
// SENTINEL_MCP_TEST_CERT_DIR, trusting it through NODE_EXTRA_CA_CERTS), or, outside the runner, one made
// for this fake (then only clients given `tlsOptions: { ca }`, or children started with
// NODE_EXTRA_CA_CERTS=certPath, trust it).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CERT_FILE, KEY_FILE, makeTestCertificate } from './make-cert.mjs';

export interface TlsMaterial {
  key: string;
  cert: string;
  certPath: string;
  /** Removes a certificate made for this fake; the test run's stays for the runner to remove. */
  dispose(): void;
}

function read(dir: string, dispose: () => void): TlsMaterial {
  const certPath = join(dir, CERT_FILE);
  return {
    key: readFileSync(join(dir, KEY_FILE), 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    certPath,
    dispose,
  };
}

export async function loadCertificate(): Promise<TlsMaterial> {
  const dir = process.env['SENTINEL_MCP_TEST_CERT_DIR'];
  if (dir) return read(dir, () => undefined);
  const made = await makeTestCertificate();
  return read(made.dir, () => rmSync(made.dir, { recursive: true, force: true }));
}
