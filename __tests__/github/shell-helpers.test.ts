// The GitHub shell's own small pieces: the credentials hint, the azure/login session check, the ID
// token cache, and the test harness's parsers of GITHUB_OUTPUT and workflow commands.
import { describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputName } from '../../src/core/settings/input-names.js';
import { hasAzureCliSession } from '../../src/github/azure-cli-session.js';
import { credentialsHint } from '../../src/github/credentials-hint.js';
import { canRequestIdToken, oncePerAudience } from '../../src/github/id-token.js';
import { parseAnnotations, parseOutputFile } from './run-action.js';

const ID_TOKEN_ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner/idtoken?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
};
const reader = (inputs: Partial<Record<InputName, string>>) => (name: InputName) => inputs[name] ?? '';

describe('credentialsHint', () => {
  test.each([
    [{ 'client-id': 'c', 'tenant-id': 't' }, {}, 'add `permissions: id-token: write` to the job'],
    [
      { 'client-id': 'c' },
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner/idtoken' },
      'add `permissions: id-token: write` to the job',
    ],
    [{ 'client-id': 'c', 'tenant-id': 't' }, ID_TOKEN_ENV, 'or run `azure/login` before this step'],
    [{}, {}, 'Give `username` and `password`'],
  ])('inputs %j, env %j → %s', (inputs, env, expected) => {
    expect(credentialsHint(reader(inputs), env)).toContain(expected);
  });

  test('canRequestIdToken needs both runner variables', () => {
    expect(canRequestIdToken(ID_TOKEN_ENV)).toBe(true);
    expect(canRequestIdToken({ ACTIONS_ID_TOKEN_REQUEST_URL: 'x' })).toBe(false);
    expect(canRequestIdToken({})).toBe(false);
  });
});

describe('hasAzureCliSession', () => {
  test.each([
    [
      'a profile with an account (with BOM)',
      `\uFEFF${JSON.stringify({ subscriptions: [{ id: 's' }] })}`,
      true,
    ],
    ['a profile with no account (after az logout)', JSON.stringify({ subscriptions: [] }), false],
    ['a broken profile', '{', false],
    ['no profile', undefined, false],
  ])('%s → %s', async (_name, profile, expected) => {
    const dir = await mkdtemp(join(tmpdir(), 'azure-config-'));
    try {
      if (profile !== undefined) await writeFile(join(dir, 'azureProfile.json'), profile);
      expect(await hasAzureCliSession({ AZURE_CONFIG_DIR: dir })).toBe(expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('oncePerAudience', () => {
  test('asks once per audience; a failure is not kept', async () => {
    const asked: string[] = [];
    let fail = true;
    const token = oncePerAudience(async (audience) => {
      asked.push(audience);
      if (fail) throw new Error('runner busy');
      return `token-for-${audience}`;
    });
    await expect(token('a')).rejects.toThrow('runner busy');
    fail = false;
    expect(await Promise.all([token('a'), token('a'), token('b')])).toEqual([
      'token-for-a',
      'token-for-a',
      'token-for-b',
    ]);
    expect(asked).toEqual(['a', 'a', 'b']);
  });
});

describe('the harness parsers', () => {
  test('GITHUB_OUTPUT blocks, multi-line values included', () => {
    const text =
      'digest<<ghadelimiter_1\nsha256:ab\nghadelimiter_1\nresult<<ghadelimiter_2\n{\n  "ok": true\n}\nghadelimiter_2\n';
    expect(parseOutputFile(text)).toEqual({ digest: 'sha256:ab', result: '{\n  "ok": true\n}' });
  });

  test('annotations with escaped titles and messages', () => {
    const stdout = '::add-mask::x\n::error title=acr-lock%3A a%2Cb failed::line 1%0Aline 2 100%25\nplain\n';
    expect(parseAnnotations(stdout)).toEqual([
      { level: 'error', title: 'acr-lock: a,b failed', message: 'line 1\nline 2 100%' },
    ]);
  });
});
