// A bare HTTPS client for tests that look at the fake's wire answers directly (status, headers, body
// bytes, resets), without an SDK's retries and parsing in between.
import { request } from 'node:https';
import type { AzureFake } from './types.js';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One request on a fresh connection; rejects on resets and cut bodies (the error's `code` says which). */
export function raw(fake: AzureFake, path: string, options: RawOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, fake.origin);
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, ca: fake.certPem, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
        res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A token from the fake's token endpoint, the way MSAL asks for it. */
export async function rawToken(
  fake: AzureFake,
  scope = 'https://management.azure.com/.default',
): Promise<string> {
  const form = new URLSearchParams({
    client_id: fake.clientId,
    client_secret: fake.clientSecret,
    scope,
    grant_type: 'client_credentials',
  });
  const answer = await raw(fake, `/${fake.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (answer.status !== 200) throw new Error(`token endpoint answered ${answer.status}: ${answer.body}`);
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}

export function workspacePath(
  fake: AzureFake,
  suffix = '',
  apiVersion: string | null = '2025-07-01',
): string {
  const base = `${fake.workspaceResourceId}${suffix}`;
  return apiVersion === null ? base : `${base}?api-version=${apiVersion}`;
}
