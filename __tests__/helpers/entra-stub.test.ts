// The Entra stub's certificate credential branch, driven over HTTPS with hand-signed client assertions in
// the shape MSAL node sends (PS256 with `x5t#S256`, or the older RS256 with `x5t`): what it accepts, and
// Entra's refusal in Entra's wire format for everything else.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { constants, createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { generate } from 'selfsigned';
import { startEntraStub, type EntraStub, type JwtClaims } from './entra-stub.js';

const TENANT = '5e2b7c1d-3f4a-4b6c-8d9e-0a1b2c3d4e5f';
const APP = '6f3c8d2e-4a5b-4c7d-9e0f-1b2c3d4e5f60';
const OTHER_APP = '7a4d9e3f-5b6c-4d8e-8f10-2c3d4e5f6071';
const SCOPE = 'https://containerregistry.azure.net/.default';

interface TestCertificate {
  readonly cert: string;
  readonly privateKey: string;
}

let entra: EntraStub;
let registered: TestCertificate;
let unregistered: TestCertificate;
beforeAll(async () => {
  const certificate = async (name: string): Promise<TestCertificate> => {
    const generated = await generate([{ name: 'commonName', value: name }], {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
    });
    return { cert: generated.cert, privateKey: generated.private };
  };
  [registered, unregistered] = await Promise.all([certificate('acr-lock-app'), certificate('someone-else')]);
  entra = await startEntraStub({
    apps: [
      { tenantId: TENANT, clientId: APP, certificates: [registered.cert] },
      { tenantId: TENANT, clientId: OTHER_APP, clientSecret: 'Other~secret' },
    ],
  });
});
afterAll(async () => {
  await entra?.close();
});

const tokenEndpoint = () => `${entra.authorityHost}/${TENANT}/oauth2/v2.0/token`;

interface AssertionOptions {
  /** Whose key signs: default the registered certificate's. */
  readonly signedBy?: TestCertificate;
  /** Whose thumbprint the header names: default the registered certificate's. */
  readonly named?: TestCertificate;
  readonly alg?: 'PS256' | 'RS256';
  readonly claims?: JwtClaims;
}

/** A client assertion as MSAL node's ClientAssertion.createJwt builds it. */
function assertion({
  signedBy = registered,
  named = registered,
  alg = 'PS256',
  claims = {},
}: AssertionOptions = {}): string {
  const der = new X509Certificate(named.cert).raw;
  const header =
    alg === 'PS256'
      ? { alg, 'x5t#S256': createHash('sha256').update(der).digest('base64url') }
      : { alg, x5t: createHash('sha1').update(der).digest('base64url') };
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    aud: tokenEndpoint(),
    exp: now + 600,
    iss: APP,
    sub: APP,
    nbf: now,
    jti: randomUUID(),
    ...claims,
  };
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64(header)}.${b64(payload)}`;
  const key = createPrivateKey(signedBy.privateKey);
  const signature =
    alg === 'PS256'
      ? sign('sha256', Buffer.from(input), {
          key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        })
      : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

/** POSTs a client-credentials request for APP to the token endpoint, trusting the stub's CA. */
function requestToken(clientAssertion: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams({
    client_id: APP,
    grant_type: 'client_credentials',
    scope: SCOPE,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion,
  }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      tokenEndpoint(),
      {
        method: 'POST',
        ca: entra.caCertPem,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

describe('certificate credential (client assertion signed with a registered certificate)', () => {
  test.each([
    ['PS256 with x5t#S256 (MSAL node today)', 'PS256'],
    ['RS256 with x5t (SHA-1 thumbprint)', 'RS256'],
  ] as const)('%s: an access token for the scope', async (_name, alg) => {
    const { status, body } = await requestToken(assertion({ alg }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(entra.verifyAccessToken(String(body.access_token), 'https://containerregistry.azure.net')).toBe(
      true,
    );
    expect(entra.tokenRequests.at(-1)).toMatchObject({ tenant: TENANT, status: 200 });
  });

  const now = () => Math.floor(Date.now() / 1000);
  test.each<[string, () => AssertionOptions, number, RegExp]>([
    [
      'signed with another key under the registered thumbprint',
      () => ({ signedBy: unregistered }),
      700027,
      /Client assertion contains an invalid signature\. \[Reason - The provided signature value did not match/,
    ],
    [
      'signed with a certificate the app does not have',
      () => ({ signedBy: unregistered, named: unregistered }),
      700027,
      /The certificate with identifier used to sign the client assertion is not registered on application\. \[Reason - The key was not found\., Thumbprint of key used by client: '[0-9A-F]{64}'/,
    ],
    [
      'iss another app (sub the client id): not the app itself, so a federated issuer nobody trusts',
      () => ({ claims: { iss: OTHER_APP } }),
      700211,
      new RegExp(`No matching federated identity record found for presented assertion issuer '${OTHER_APP}'`),
    ],
    [
      'iss = sub = another app',
      () => ({ claims: { iss: OTHER_APP, sub: OTHER_APP } }),
      700021,
      /Client assertion application identifier doesn't match 'client_id' parameter\./,
    ],
    [
      'for another audience',
      () => ({ claims: { aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' } }),
      700023,
      /Client assertion audience claim does not match Realm issuer\./,
    ],
    [
      'expired',
      () => ({ claims: { nbf: now() - 1200, exp: now() - 600 } }),
      700024,
      /Client assertion is not within its valid time range\. Current time: .*, assertion valid from .*, expiry time of assertion /,
    ],
  ])('refused: %s', async (_name, options, code, description) => {
    const { status, body } = await requestToken(assertion(options()));
    expect(status).toBe(401);
    expect(body).toMatchObject({
      error: 'invalid_client',
      error_codes: [code],
      error_description: expect.stringMatching(new RegExp(`^AADSTS${code}: ${description.source}`)),
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
    });
    expect(body.error_description).toMatch(/ Trace ID: .* Correlation ID: .* Timestamp: /);
    expect(body).not.toHaveProperty('access_token');
    expect(entra.tokenRequests.at(-1)).toMatchObject({ status: 401, error: `AADSTS${code}` });
  });
});
