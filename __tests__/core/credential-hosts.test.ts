import { describe, expect, test } from '@jest/globals';
import { checkCredentialHosts } from '../../src/core/credential-hosts.js';
import { CLOUD_PROFILES } from '../../src/core/model/cloud.js';
import type { AuthRequest } from '../../src/core/model/auth.js';
import type { TargetSpec } from '../../src/core/model/targets.js';
import { inputErrorOf } from '../helpers/input-error-of.js';

const tag = (loginServer: string): TargetSpec => ({
  kind: 'tag',
  loginServer,
  repository: 'app',
  tag: '1',
  ref: `${loginServer}/app:1`,
});
const PASSWORD: AuthRequest = { kind: 'password', username: 'u', password: 'p' };
const ENTRA: AuthRequest = { kind: 'client-secret', tenantId: 't', clientId: 'c', clientSecret: 's' };
const cloud = CLOUD_PROFILES.AzureCloud;

describe('checkCredentialHosts', () => {
  test.each<[string, AuthRequest, string | undefined, string[]]>([
    ['password, one registry', PASSWORD, 'a.azurecr.io', ['a.azurecr.io', 'a.azurecr.io']],
    ['password, no registry: bound to the first reference', PASSWORD, undefined, ['b.azurecr.io']],
    ['Entra, under the suffix', ENTRA, undefined, ['a.azurecr.io', 'b.azurecr.io']],
    ['Entra, the explicit registry', ENTRA, 'localhost:8443', ['localhost:8443']],
    ['anonymous anywhere', { kind: 'anonymous' }, undefined, ['x.example', 'y.example']],
  ])('%s: accepted', (_name, auth, registry, servers) => {
    expect(() => checkCredentialHosts({ cloud, registry, targets: servers.map(tag) }, auth)).not.toThrow();
  });

  test('the refusals in full, naming the inputs that bind the credentials', () => {
    const password = inputErrorOf(() =>
      checkCredentialHosts(
        { cloud, registry: 'a.azurecr.io', targets: ['a.azurecr.io', 'b.azurecr.io'].map(tag) },
        PASSWORD,
      ),
    );
    expect(password.message).toBe(
      "Input 'image': 'b.azurecr.io/app:1' names the login server b.azurecr.io, but the username and password " +
        'are bound to a.azurecr.io (registry); registry credentials go to no other login server: run once per registry',
    );
    expect(password.rule).toContainEqual({ input: 'registry' });
    const entra = inputErrorOf(() =>
      checkCredentialHosts({ cloud, registry: undefined, targets: [tag('evil.example')] }, ENTRA),
    );
    expect(entra.message).toBe(
      "Input 'image': 'evil.example/app:1' names the login server evil.example, which is not under .azurecr.io " +
        '(cloud: AzureCloud) and not the login server of registry; Entra tokens are exchanged only with those',
    );
    expect(entra.rule).toEqual(
      expect.arrayContaining([{ input: 'cloud', value: 'AzureCloud' }, { input: 'registry' }]),
    );
  });

  test.each<[string, AuthRequest, string | undefined, string[], string]>([
    [
      'password to another host',
      PASSWORD,
      'a.azurecr.io',
      ['a.azurecr.io', 'evil.example:443'],
      'evil.example:443/app:1',
    ],
    [
      'password, two registries, none given',
      PASSWORD,
      undefined,
      ['a.azurecr.io', 'b.azurecr.io'],
      'b.azurecr.io/app:1',
    ],
    ['Entra to a host outside the suffix', ENTRA, 'a.azurecr.io', ['evil.example'], 'evil.example/app:1'],
    ['Entra to a look-alike', ENTRA, undefined, ['azurecr.io.evil.example'], 'azurecr.io.evil.example/app:1'],
    ['Entra to the bare suffix', ENTRA, undefined, ['.azurecr.io'], '.azurecr.io/app:1'],
    ['Entra, China cloud suffix under AzureCloud', ENTRA, undefined, ['a.azurecr.cn'], 'a.azurecr.cn/app:1'],
  ])('%s: refused, naming the reference', (_name, auth, registry, servers, ref) => {
    const error = inputErrorOf(() =>
      checkCredentialHosts({ cloud, registry, targets: servers.map(tag) }, auth),
    );
    expect(error.input).toBe('image');
    expect(error.message).toContain(`'${ref}'`);
  });
});
