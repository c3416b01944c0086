// Makes the fake's TLS certificate: self-signed (no CA), for 127.0.0.1 and localhost. Plain JavaScript so
// that scripts/run-tests.mjs can make it before the test processes start (NODE_EXTRA_CA_CERTS is read
// once, at process start) and the fake can make its own when run outside the runner.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export const CERT_FILE = 'cert.pem';
export const KEY_FILE = 'key.pem';

/** Writes cert.pem and key.pem into `dir` (a new temp dir when absent) and returns their paths. */
export async function makeTestCertificate(dir) {
  const target = dir ?? mkdtempSync(join(tmpdir(), 'sentinel-mcp-cert-'));
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'sentinel-mcp azure fake' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    // A day of slack either way for clock skew; a test run never lasts a week.
    notBeforeDate: new Date(now - 24 * 3600_000),
    notAfterDate: new Date(now + 7 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const certPath = join(target, CERT_FILE);
  const keyPath = join(target, KEY_FILE);
  writeFileSync(certPath, pems.cert);
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  return { dir: target, certPath, keyPath };
}
