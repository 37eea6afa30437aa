import { describe, expect, test } from '@jest/globals';
import type { AuthRequest } from '../../src/core/model/auth.js';
import { CLOUD_PROFILES } from '../../src/core/model/cloud.js';
import type { InputName, InputReader } from '../../src/core/settings/input-names.js';
import { authFromEnvironment } from '../../src/core/settings/auth-from-environment.js';
import { parseSettings, validateAuthForAction } from '../../src/core/settings/parse-settings.js';
import type { Settings } from '../../src/core/settings/settings.js';
import { inputErrorOf } from '../helpers/input-error-of.js';

type Inputs = Partial<Record<InputName, string>>;

const HEX = '0123456789abcdef'.repeat(4);
const DIGEST = `sha256:${HEX}`;
const OTHER_DIGEST = `sha256:${'f'.repeat(64)}`;
const LS = 'myreg.azurecr.io';

function reader(inputs: Inputs): InputReader {
  return (name) => inputs[name];
}

const DEFAULTS: Settings = {
  action: 'apply',
  mode: 'full-lock',
  desired: { writeEnabled: false, deleteEnabled: false },
  lockManifest: true,
  includeReferrers: false,
  referrerTypes: [],
  referrerDepth: 8,
  cloud: CLOUD_PROFILES.AzureCloud,
  concurrency: 4,
  targets: [{ kind: 'tag', loginServer: LS, repository: 'app', tag: '1.2', ref: 'app:1.2' }],
  registry: LS,
  timeoutMs: 600_000,
  requestTimeoutMs: 30_000,
  maxRetryAfterMs: 60_000,
  forceUnlockShared: false,
};

const BASE: Inputs = { registry: 'myreg', image: 'app:1.2' };

describe('parseSettings', () => {
  test.each<[string, Inputs, Partial<Settings>]>([
    ['defaults', BASE, {}],
    [
      'blank inputs count as not given',
      { ...BASE, 'lock-mode': '  ', action: '', cloud: ' ', tag: ' , ' },
      {},
    ],
    [
      'a reference with its own login server needs no registry',
      { image: 'other.azurecr.io/app:1.2' },
      {
        registry: undefined,
        targets: [
          {
            kind: 'tag',
            loginServer: 'other.azurecr.io',
            repository: 'app',
            tag: '1.2',
            ref: 'other.azurecr.io/app:1.2',
          },
        ],
      },
    ],
    [
      "a reference's own login server wins over registry",
      { registry: 'myreg', image: 'app:1, localhost:8443/samples/hello:1.0' },
      {
        targets: [
          { kind: 'tag', loginServer: LS, repository: 'app', tag: '1', ref: 'app:1' },
          {
            kind: 'tag',
            loginServer: 'localhost:8443',
            repository: 'samples/hello',
            tag: '1.0',
            ref: 'localhost:8443/samples/hello:1.0',
          },
        ],
      },
    ],
    ['registry given as a login server', { registry: 'https://MyReg.azurecr.io/', image: 'app:1.2' }, {}],
    [
      'several images, newline- and comma-separated',
      { registry: 'myreg', image: 'app:1\napi:2 , web:3\n' },
      {
        targets: [
          { kind: 'tag', loginServer: LS, repository: 'app', tag: '1', ref: 'app:1' },
          { kind: 'tag', loginServer: LS, repository: 'api', tag: '2', ref: 'api:2' },
          { kind: 'tag', loginServer: LS, repository: 'web', tag: '3', ref: 'web:3' },
        ],
      },
    ],
    [
      'tag input for bare repositories',
      { registry: 'myreg', image: 'app, samples/hello', tag: '1\n2' },
      {
        targets: [
          { kind: 'tag', loginServer: LS, repository: 'app', tag: '1', ref: 'app:1' },
          { kind: 'tag', loginServer: LS, repository: 'app', tag: '2', ref: 'app:2' },
          { kind: 'tag', loginServer: LS, repository: 'samples/hello', tag: '1', ref: 'samples/hello:1' },
          { kind: 'tag', loginServer: LS, repository: 'samples/hello', tag: '2', ref: 'samples/hello:2' },
        ],
      },
    ],
    [
      'repo:tag@sha256 is a tag target with an expected digest',
      { registry: 'myreg', image: `app:1.2@${DIGEST}` },
      {
        targets: [
          {
            kind: 'tag',
            loginServer: LS,
            repository: 'app',
            tag: '1.2',
            expectedDigest: DIGEST,
            ref: `app:1.2@${DIGEST}`,
          },
        ],
      },
    ],
    [
      'repo@sha256 is a digest target',
      { registry: 'myreg', image: `app@${DIGEST}` },
      {
        targets: [
          { kind: 'digest', loginServer: LS, repository: 'app', digest: DIGEST, ref: `app@${DIGEST}` },
        ],
      },
    ],
    [
      'duplicate targets collapse to the first',
      { registry: 'myreg', image: `app:1.2, app:1.2\n${LS}/app:1.2, app@${DIGEST}, ${LS}/app@${DIGEST}` },
      {
        targets: [
          { kind: 'tag', loginServer: LS, repository: 'app', tag: '1.2', ref: 'app:1.2' },
          { kind: 'digest', loginServer: LS, repository: 'app', digest: DIGEST, ref: `app@${DIGEST}` },
        ],
      },
    ],
    [
      'a duplicate tag keeps its expected digest',
      { registry: 'myreg', image: `app:1.2, app:1.2@${DIGEST}` },
      {
        targets: [
          {
            kind: 'tag',
            loginServer: LS,
            repository: 'app',
            tag: '1.2',
            expectedDigest: DIGEST,
            ref: `app:1.2@${DIGEST}`,
          },
        ],
      },
    ],
    [
      'the same repository on two registries is two targets',
      { registry: 'myreg', image: 'app:1.2, other.azurecr.io/app:1.2' },
      {
        targets: [
          { kind: 'tag', loginServer: LS, repository: 'app', tag: '1.2', ref: 'app:1.2' },
          {
            kind: 'tag',
            loginServer: 'other.azurecr.io',
            repository: 'app',
            tag: '1.2',
            ref: 'other.azurecr.io/app:1.2',
          },
        ],
      },
    ],
    [
      'scope repository',
      { registry: 'myreg', image: 'app, samples/hello, app', scope: 'Repository' },
      {
        targets: [
          { kind: 'repository', loginServer: LS, repository: 'app', ref: 'app' },
          { kind: 'repository', loginServer: LS, repository: 'samples/hello', ref: 'samples/hello' },
        ],
      },
    ],
    ['lock-mode alias lock', { ...BASE, 'lock-mode': 'lock' }, {}],
    ['lock-mode alias IMMUTABLE', { ...BASE, 'lock-mode': 'IMMUTABLE' }, {}],
    [
      'lock-mode delete-protect',
      { ...BASE, 'lock-mode': 'delete-protect' },
      { mode: 'delete-protect', desired: { writeEnabled: true, deleteEnabled: false } },
    ],
    [
      'lock-mode Quarantine',
      { ...BASE, 'lock-mode': 'Quarantine' },
      { mode: 'quarantine', desired: { writeEnabled: true, deleteEnabled: false, readEnabled: false } },
    ],
    [
      'lock-mode release',
      { ...BASE, 'lock-mode': 'release' },
      { mode: 'release', desired: { readEnabled: true } },
    ],
    ['lock-mode hide', { ...BASE, 'lock-mode': 'hide' }, { mode: 'hide', desired: { listEnabled: false } }],
    [
      'lock-mode unlock',
      { ...BASE, 'lock-mode': 'unlock' },
      { mode: 'unlock', desired: { writeEnabled: true, deleteEnabled: true } },
    ],
    [
      'lock-mode reset',
      { ...BASE, 'lock-mode': 'reset' },
      {
        mode: 'reset',
        desired: { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true },
      },
    ],
    [
      'an override changes the preset',
      { ...BASE, 'write-enabled': 'TRUE', 'list-enabled': 'false' },
      { desired: { writeEnabled: true, deleteEnabled: false, listEnabled: false } },
    ],
    [
      'custom with overrides only',
      { ...BASE, 'lock-mode': 'custom', 'read-enabled': 'False', 'delete-enabled': ' ' },
      { mode: 'custom', desired: { readEnabled: false } },
    ],
    ['lock-manifest false', { ...BASE, 'lock-manifest': 'False' }, { lockManifest: false }],
    ['lock-manifest true', { ...BASE, 'lock-manifest': 'true' }, {}],
    ['include-referrers true', { ...BASE, 'include-referrers': 'TRUE' }, { includeReferrers: true }],
    [
      'referrer-types, deduplicated',
      {
        ...BASE,
        'include-referrers': 'true',
        'referrer-types': 'application/spdx+json,\napplication/vnd.in-toto+json, application/spdx+json',
      },
      { includeReferrers: true, referrerTypes: ['application/spdx+json', 'application/vnd.in-toto+json'] },
    ],
    ['referrer-depth 3', { ...BASE, 'referrer-depth': '3' }, { referrerDepth: 3 }],
    ['action show', { ...BASE, action: 'show' }, { action: 'show' }],
    ['action Verify', { ...BASE, action: 'Verify' }, { action: 'verify' }],
    ['action dry-run', { ...BASE, action: 'dry-run' }, { action: 'dry-run' }],
    [
      'cloud azurechinacloud resolves the registry name with .azurecr.cn',
      { ...BASE, cloud: 'azurechinacloud' },
      {
        cloud: CLOUD_PROFILES.AzureChinaCloud,
        registry: 'myreg.azurecr.cn',
        targets: [
          { kind: 'tag', loginServer: 'myreg.azurecr.cn', repository: 'app', tag: '1.2', ref: 'app:1.2' },
        ],
      },
    ],
    [
      'cloud AzureUSGovernment',
      { ...BASE, cloud: 'AzureUSGovernment' },
      {
        cloud: CLOUD_PROFILES.AzureUSGovernment,
        registry: 'myreg.azurecr.us',
        targets: [
          { kind: 'tag', loginServer: 'myreg.azurecr.us', repository: 'app', tag: '1.2', ref: 'app:1.2' },
        ],
      },
    ],
    [
      'username and password',
      { ...BASE, username: 'token1', password: 's3cret' },
      { auth: { kind: 'password', username: 'token1', password: 's3cret' } },
    ],
    [
      'client-id and tenant-id with the default audience',
      { ...BASE, 'client-id': 'cid', 'tenant-id': 'tid' },
      {
        auth: { kind: 'federated', clientId: 'cid', tenantId: 'tid', audience: 'api://AzureADTokenExchange' },
      },
    ],
    [
      'client-id and tenant-id with an audience',
      { ...BASE, 'client-id': 'cid', 'tenant-id': 'tid', audience: 'api://custom' },
      { auth: { kind: 'federated', clientId: 'cid', tenantId: 'tid', audience: 'api://custom' } },
    ],
    ['an audience alone is ignored (it may be a declared default)', { ...BASE, audience: 'api://x' }, {}],
    [
      'ca-cert is kept as a path',
      { ...BASE, 'ca-cert': ' /etc/ssl/ca.pem ' },
      { caCertPath: '/etc/ssl/ca.pem' },
    ],
  ])('%s', (_name, inputs, expected) => {
    expect(parseSettings(reader(inputs))).toEqual({ ...DEFAULTS, ...expected });
  });
});

describe('parseSettings refuses', () => {
  const emptyTag =
    "the tag after ':' is empty. An empty tag is NOT treated as a repository-wide lock; write repo:tag or " +
    'repo@sha256:<digest>, or to lock the whole repository give the bare repository name and set scope: repository';
  const registryRequired = (ref: string): string =>
    `is required: image '${ref}' names no login server — give the registry name (myreg) or login server ` +
    '(myreg.azurecr.io), or write the login server into every image (myreg.azurecr.io/app:1.2)';
  const booleanRule = (value: string): string =>
    `'${value}' — expected true or false (any case), or leave it empty`;
  const imageRequired =
    'is required — one or more references, newline- or comma-separated, e.g. app:1.2, app@sha256:<digest> ' +
    'or myreg.azurecr.io/app:1.2';
  const ambiguous = (other: string): string =>
    `cannot be combined with ${other} — with both, which credential wins is ambiguous; give either username ` +
    'and password, or client-id and tenant-id';

  test.each<[string, Inputs, InputName, string]>([
    ['image missing', { registry: 'myreg' }, 'image', imageRequired],
    ['image only separators', { registry: 'myreg', image: ' ,\n, ' }, 'image', imageRequired],
    [
      'verify without images',
      { registry: 'myreg', action: 'verify' },
      'image',
      'is required — references such as app:1.2 or app@sha256:<digest>; or give policy or repository to verify every tag they select',
    ],
    [
      'upper-case repository',
      { registry: 'myreg', image: 'App:1' },
      'image',
      "'App:1' — repository names are lower-case: letters, digits, and separators . _ __ - within path components",
    ],
    ['empty tag', { registry: 'myreg', image: 'app:' }, 'image', `'app:' — ${emptyTag}`],
    [
      'empty tag even with scope repository',
      { registry: 'myreg', image: 'app:', scope: 'repository' },
      'image',
      `'app:' — ${emptyTag}`,
    ],
    [
      'bare repository without tag',
      { registry: 'myreg', image: 'app:1, samples/hello' },
      'image',
      "'samples/hello' — names only a repository; add tag, write samples/hello:<tag> or " +
        'samples/hello@sha256:<digest>, or set scope: repository to lock the whole repository',
    ],
    [
      'tag with an image that has a tag',
      { registry: 'myreg', image: 'app, api:1', tag: '2' },
      'tag',
      "cannot be combined with image 'api:1', which already names a tag — tag is for images given as " +
        'a bare repository (app); remove tag, or write the image without it',
    ],
    [
      'tag with an image that has a digest',
      { registry: 'myreg', image: `app@${DIGEST}`, tag: '2' },
      'tag',
      `cannot be combined with image 'app@${DIGEST}', which already names a digest — tag is for ` +
        'images given as a bare repository (app); remove tag, or write the image without it',
    ],
    [
      'invalid tag input',
      { registry: 'myreg', image: 'app', tag: '1, -x' },
      'tag',
      "'-x' — tags are 1–128 characters: letters, digits, _ . and -, not starting with . or -",
    ],
    [
      'scope repository with tag',
      { registry: 'myreg', image: 'app', tag: '1', scope: 'repository' },
      'tag',
      'is not allowed with scope: repository, which locks whole repositories; remove tag, or set scope: image',
    ],
    [
      'scope repository with a tagged image',
      { registry: 'myreg', image: 'app:1', scope: 'repository' },
      'image',
      "'app:1' — scope: repository takes bare repository names (app), without :tag or @digest",
    ],
    [
      'scope repository with a digest image',
      { registry: 'myreg', image: `app@${DIGEST}`, scope: 'repository' },
      'image',
      `'app@${DIGEST}' — scope: repository takes bare repository names (app), without :tag or @digest`,
    ],
    [
      'unknown scope',
      { ...BASE, scope: 'registry' },
      'scope',
      "'registry' — accepted values: image, repository; case does not matter",
    ],
    ['registry missing', { image: 'app:1.2' }, 'registry', registryRequired('app:1.2')],
    [
      'registry missing for one reference',
      { image: 'myreg.azurecr.io/app:1.2, api:2' },
      'registry',
      registryRequired('api:2'),
    ],
    [
      'registry over http',
      { registry: 'http://myreg.azurecr.io', image: 'app:1' },
      'registry',
      "'http://myreg.azurecr.io' — ACR is served over HTTPS only; give the login server without a scheme (myreg.azurecr.io)",
    ],
    [
      'registry checked even when every image has a login server',
      { registry: 'reg', image: 'myreg.azurecr.io/app:1' },
      'registry',
      "'reg' — registry names are 5–50 letters and digits (ACR's rule); or give the login server, e.g. myreg.azurecr.io",
    ],
    [
      'unknown lock-mode',
      { ...BASE, 'lock-mode': 'frozen' },
      'lock-mode',
      "'frozen' — accepted values: full-lock, delete-protect, quarantine, release, hide, unlock, reset, custom " +
        '(aliases: lock, immutable); case does not matter',
    ],
    [
      'custom without overrides',
      { ...BASE, 'lock-mode': 'custom' },
      'lock-mode',
      "'custom' needs at least one of write-enabled, delete-enabled, read-enabled, list-enabled set to true or false",
    ],
    ['write-enabled yes', { ...BASE, 'write-enabled': 'yes' }, 'write-enabled', booleanRule('yes')],
    ['delete-enabled 0', { ...BASE, 'delete-enabled': '0' }, 'delete-enabled', booleanRule('0')],
    ['read-enabled on', { ...BASE, 'read-enabled': 'on' }, 'read-enabled', booleanRule('on')],
    ['list-enabled no', { ...BASE, 'list-enabled': 'no' }, 'list-enabled', booleanRule('no')],
    ['lock-manifest no', { ...BASE, 'lock-manifest': 'no' }, 'lock-manifest', booleanRule('no')],
    ['include-referrers 1', { ...BASE, 'include-referrers': '1' }, 'include-referrers', booleanRule('1')],
    [
      'include-referrers without lock-manifest',
      { ...BASE, 'include-referrers': 'true', 'lock-manifest': 'false' },
      'include-referrers',
      'cannot be combined with lock-manifest: false — referrers refer to the manifest, which it leaves alone',
    ],
    [
      'referrer-types without include-referrers',
      { ...BASE, 'referrer-types': 'application/spdx+json' },
      'referrer-types',
      'filters the referrers followed, so it needs include-referrers: true',
    ],
    [
      'referrer-types not a media type',
      { ...BASE, 'include-referrers': 'true', 'referrer-types': 'spdx' },
      'referrer-types',
      "'spdx' — expected artifact or media types such as application/spdx+json, comma- or newline-separated",
    ],
    [
      'referrer-depth 0',
      { ...BASE, 'referrer-depth': '0' },
      'referrer-depth',
      "'0' — expected a whole number from 1 to 64 (default 8)",
    ],
    [
      'unknown action',
      { ...BASE, action: 'deploy' },
      'action',
      "'deploy' — accepted values: apply, show, verify, dry-run; case does not matter",
    ],
    [
      'unknown cloud',
      { ...BASE, cloud: 'AzureGermanCloud' },
      'cloud',
      "'AzureGermanCloud' — accepted values: AzureCloud, AzureChinaCloud, AzureUSGovernment; case does not matter",
    ],
    [
      'username without password',
      { ...BASE, username: 'u' },
      'password',
      'is required when username is set (the admin password or token password)',
    ],
    [
      'password without username',
      { ...BASE, password: 'p' },
      'username',
      'is required when password is set (the admin user or token name)',
    ],
    [
      'client-id without tenant-id',
      { ...BASE, 'client-id': 'c' },
      'tenant-id',
      'is required when client-id is set (OIDC workload identity federation)',
    ],
    [
      'tenant-id without client-id',
      { ...BASE, 'tenant-id': 't' },
      'client-id',
      'is required when tenant-id is set (OIDC workload identity federation)',
    ],
    [
      'username and client-id',
      { ...BASE, username: 'u', password: 'p', 'client-id': 'c', 'tenant-id': 't' },
      'username',
      ambiguous('client-id'),
    ],
    [
      'password and tenant-id',
      { ...BASE, password: 'p', 'tenant-id': 't' },
      'password',
      ambiguous('tenant-id'),
    ],
    [
      'two expected digests for one tag',
      { registry: 'myreg', image: `app:1@${DIGEST}, app:1@${OTHER_DIGEST}` },
      'image',
      `'app:1@${DIGEST}' and 'app:1@${OTHER_DIGEST}' expect different digests for the same tag; give one`,
    ],
  ])('%s', (_name, inputs, input, rule) => {
    const error = inputErrorOf(() => parseSettings(reader(inputs)));
    expect(error.input).toBe(input);
    expect(error.message).toBe(`Input '${input}': ${rule}`);
  });

  test('never echoes a password', () => {
    const error = inputErrorOf(() =>
      parseSettings(reader({ ...BASE, password: 'hunter2', 'client-id': 'c' })),
    );
    expect(error.message).not.toContain('hunter2');
  });
});

describe('authFromEnvironment', () => {
  const SP = { AZURE_TENANT_ID: 'tid', AZURE_CLIENT_ID: 'cid' };
  test.each<[string, Record<string, string | undefined>, AuthRequest | undefined]>([
    ['nothing set', {}, undefined],
    [
      'client secret',
      { ...SP, AZURE_CLIENT_SECRET: 'sec' },
      { kind: 'client-secret', tenantId: 'tid', clientId: 'cid', clientSecret: 'sec' },
    ],
    [
      'client certificate',
      { ...SP, AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem' },
      { kind: 'client-certificate', tenantId: 'tid', clientId: 'cid', certificatePath: '/c.pem' },
    ],
    [
      'client certificate with password',
      { ...SP, AZURE_CLIENT_CERTIFICATE_PATH: '/c.pfx', AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pw' },
      {
        kind: 'client-certificate',
        tenantId: 'tid',
        clientId: 'cid',
        certificatePath: '/c.pfx',
        certificatePassword: 'pw',
      },
    ],
    [
      'a secret wins over a certificate',
      { ...SP, AZURE_CLIENT_SECRET: 'sec', AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem' },
      { kind: 'client-secret', tenantId: 'tid', clientId: 'cid', clientSecret: 'sec' },
    ],
    [
      'blank secret counts as unset',
      { ...SP, AZURE_CLIENT_SECRET: ' ', AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem' },
      { kind: 'client-certificate', tenantId: 'tid', clientId: 'cid', certificatePath: '/c.pem' },
    ],
    ['secret without tenant', { AZURE_CLIENT_ID: 'cid', AZURE_CLIENT_SECRET: 'sec' }, undefined],
    ['tenant and client only', SP, undefined],
    [
      'username and password are not supported',
      { ...SP, AZURE_USERNAME: 'u', AZURE_PASSWORD: 'p' },
      undefined,
    ],
    [
      'client id with IDENTITY_ENDPOINT',
      { AZURE_CLIENT_ID: 'cid', IDENTITY_ENDPOINT: 'http://169.254.169.254/x' },
      { kind: 'managed-identity', clientId: 'cid' },
    ],
    [
      'client id with MSI_ENDPOINT',
      { AZURE_CLIENT_ID: 'cid', MSI_ENDPOINT: 'http://localhost:8081/msi/token' },
      { kind: 'managed-identity', clientId: 'cid' },
    ],
    [
      'client id and tenant with IDENTITY_ENDPOINT',
      { ...SP, IDENTITY_ENDPOINT: 'http://x' },
      { kind: 'managed-identity', clientId: 'cid' },
    ],
    [
      'a stray secret is not taken for managed identity',
      { AZURE_CLIENT_ID: 'cid', AZURE_CLIENT_SECRET: 'sec', IDENTITY_ENDPOINT: 'http://x' },
      undefined,
    ],
    ['IDENTITY_ENDPOINT without client id', { IDENTITY_ENDPOINT: 'http://x' }, undefined],
    [
      'AKS workload identity: tenant, client and the projected token file',
      { ...SP, AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token' },
      {
        kind: 'workload-identity',
        tenantId: 'tid',
        clientId: 'cid',
        tokenFilePath: '/var/run/secrets/azure/tokens/azure-identity-token',
      },
    ],
    [
      'a secret wins over the token file',
      { ...SP, AZURE_CLIENT_SECRET: 'sec', AZURE_FEDERATED_TOKEN_FILE: '/t' },
      { kind: 'client-secret', tenantId: 'tid', clientId: 'cid', clientSecret: 'sec' },
    ],
    ['a token file without tenant', { AZURE_CLIENT_ID: 'cid', AZURE_FEDERATED_TOKEN_FILE: '/t' }, undefined],
  ])('%s', (_name, env, expected) => {
    expect(authFromEnvironment(env)).toEqual(expected);
  });
});

describe('validateAuthForAction', () => {
  const anonymous: AuthRequest = { kind: 'anonymous' };
  test.each<[Settings['action'], AuthRequest | undefined]>([
    ['show', anonymous],
    ['apply', undefined],
    ['apply', { kind: 'password', username: 'u', password: 'p' }],
    ['verify', { kind: 'managed-identity' }],
  ])('%s with %j is accepted', (action, auth) => {
    expect(() => validateAuthForAction({ action, ...(auth !== undefined ? { auth } : {}) })).not.toThrow();
  });

  test.each<Settings['action']>(['apply', 'verify', 'dry-run'])(
    '%s with anonymous auth is refused',
    (action) => {
      const error = inputErrorOf(() => validateAuthForAction({ action, auth: anonymous }));
      expect(error.input).toBe('action');
      expect(error.message).toBe(
        `Input 'action': '${action}' — needs credentials: anonymous access is only for action: show; give username ` +
          'and password, or client-id and tenant-id, or sign in to Azure first',
      );
    },
  );
});
