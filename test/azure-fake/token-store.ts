// Access tokens the fake issued. They are JWT-shaped like Entra's (so a client can read `oid`, `tid`, `aud`
// and `exp` from them, as the authorization summary needs) but never verified by signature: a token is
// valid only if this store issued it, for the scope recorded here, and it has not expired.
import { randomBytes } from 'node:crypto';

export interface IssuedToken {
  accessToken: string;
  scope: string;
  clientId: string;
  expiresAt: number;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** `https://management.azure.com/.default` → `https://management.azure.com` (the `aud` Entra puts). */
function audienceOf(scope: string): string {
  const first = scope.split(' ').find((s) => s.endsWith('/.default')) ?? scope.split(' ')[0] ?? '';
  return first.replace(/\/\.default$/, '');
}

export class TokenStore {
  private readonly issued = new Map<string, IssuedToken>();

  constructor(
    private readonly tenantId: string,
    private readonly principalId: string,
    private readonly lifetimeSeconds: number,
  ) {}

  get lifetime(): number {
    return this.lifetimeSeconds;
  }

  issue(clientId: string, scope: string): IssuedToken {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + this.lifetimeSeconds;
    const claims = {
      aud: audienceOf(scope),
      iss: `https://sts.windows.net/${this.tenantId}/`,
      iat: now,
      nbf: now,
      exp,
      appid: clientId,
      appidacr: '1',
      idp: `https://sts.windows.net/${this.tenantId}/`,
      idtyp: 'app',
      oid: this.principalId,
      sub: this.principalId,
      tid: this.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
      xms_tcdt: now - 86400,
    };
    const header = { typ: 'JWT', alg: 'RS256', x5t: 'fake', kid: 'fake' };
    const accessToken = `${base64url(header)}.${base64url(claims)}.${randomBytes(32).toString('base64url')}`;
    const token: IssuedToken = { accessToken, scope, clientId, expiresAt: exp * 1000 };
    this.issued.set(accessToken, token);
    return token;
  }

  find(accessToken: string): IssuedToken | undefined {
    return this.issued.get(accessToken);
  }
}
