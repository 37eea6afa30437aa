// Each shell's inputs, 10,000 generated cases per shell, against the emulator: no uncaught exception,
// every rejection names an input, and a rejected run sent nothing (the emulator's request log is empty).
// The emulator refuses every request (401) so that an accepted case costs one request, not a lock.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cliMain } from '../../src/cli/program.js';
import { INPUT_NAMES, taskInputName, type InputName } from '../../src/core/settings/input-names.js';
import { handleInvocation } from '../../src/runner/handle-invocation.js';
import { taskInputReader } from '../../src/azdo/task-inputs.js';
import { credentialsFromConnections } from '../../src/azdo/service-connections.js';
import { InputError } from '../../src/core/errors.js';
import { FakePlatform } from '../helpers/fake-platform.js';
import { formatReference } from '../../src/core/references/index.js';
import { referenceParts } from '../core/references-arbitraries.js';

const RUNS = { numRuns: 10_000 };
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
  emu.faults.add({ match: {}, fault: { kind: 'respond', status: 401, body: '{"errors":[]}' } });
});
afterAll(() => emu.close());

const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('true', 'false', 'full-lock', 'unlock', 'show', 'repository', '10s', '0', 'AzureCloud', ''),
  referenceParts.map(formatReference),
);
/**
 * `registry` stays the emulator (and `ca-cert` its CA) in every case: registry credentials are bound to
 * it, so a generated reference naming any other host is refused, and only loopback is ever contacted.
 */
const GENERATED = INPUT_NAMES.filter((name) => name !== 'registry' && name !== 'ca-cert');
const inputs = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...GENERATED), value, { maxKeys: 6 }),
    fc.option(fc.constantFrom('samples/hello:1.0', 'app:1', 'samples/multiarch:1.0')),
  )
  .map(([given, image]) => (image ? { image, ...given } : given));
/** Every run has credentials of some kind: no case falls back to the machine's `az`. */
const withCredentials = (given: Partial<Record<InputName, string>>) =>
  given['client-id'] || given['tenant-id'] ? given : { username: 'u', password: 'p-long-enough', ...given };
const NAMES = [
  ...INPUT_NAMES,
  ...INPUT_NAMES.map(taskInputName),
  'azureSubscription',
  'dockerRegistryServiceConnection',
];
const namesAnInput = (text: string) =>
  NAMES.some((name) => text.includes(`'${name}'`) || text.includes(`--${name}`)) ||
  /option|argument|command/i.test(text);

function expectNothingSentOnRejection(rejected: boolean, message: string): void {
  if (!rejected) return;
  expect(namesAnInput(message)).toBe(true);
  expect(emu.requestLog).toEqual([]);
}

describe('shell inputs, 10,000 cases per shell', () => {
  test('CLI argv', async () => {
    const seen = { rejected: 0, accepted: 0 };
    const flag = fc.constantFrom(
      '--mode',
      '--tag',
      '--scope',
      '--timeout',
      '--write-enabled',
      '--cloud',
      '--bogus',
      '-t',
      '-m',
    );
    const argv = fc.tuple(
      fc.constantFrom('apply', 'show', 'verify'),
      fc.array(fc.oneof(value, fc.constantFrom('samples/hello:1.0', 'app:1', 'samples/multiarch:1.0')), {
        maxLength: 3,
      }),
      fc.array(fc.tuple(flag, value), { maxLength: 4 }),
    );
    await fc.assert(
      fc.asyncProperty(argv, async ([command, refs, flags]) => {
        emu.clearRequestLog();
        let stderr = '';
        const args = [
          command,
          ...refs,
          ...flags.flat(),
          ...['-u', 'u', '-p', 'p-long-enough', '--registry', emu.loginServer, '--ca-cert', emu.caCertPath],
        ];
        const code = await cliMain(args, {
          env: {},
          stdout: () => undefined,
          stderr: (t) => (stderr += t),
          readFile: (p) => readFile(p, 'utf8'),
        });
        expect([0, 1, 2]).toContain(code);
        expectNothingSentOnRejection(code === 2, stderr);
        seen[code === 2 ? 'rejected' : 'accepted'] += 1;
      }),
      RUNS,
    );
    // Both kinds were generated: the property was tested on rejections and accepted runs alike.
    expect(seen.rejected).toBeGreaterThan(100);
    expect(seen.accepted).toBeGreaterThan(100);
  }, 600_000);

  test('action inputs (as @actions/core reads them: trimmed)', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (given) => {
        emu.clearRequestLog();
        const trimmed = Object.fromEntries(
          Object.entries(withCredentials(given)).map(([k, v]) => [k, v.trim()]),
        );
        const platform = new FakePlatform({
          ...trimmed,
          registry: emu.loginServer,
          'ca-cert': emu.caCertPath,
        });
        const outcome = await handleInvocation({
          shell: 'action',
          platform,
          env: {},
          credentialsHint: 'hint',
          caCertHint: 'ca',
        });
        expectNothingSentOnRejection(outcome.kind === 'usage-error', platform.failure ?? '');
      }),
      RUNS,
    );
  }, 600_000);

  test('task inputs and a Docker registry service connection', async () => {
    const connection = fc.record({ username: value, password: value });
    await fc.assert(
      fc.asyncProperty(inputs, connection, async (given, params) => {
        emu.clearRequestLog();
        let message: string;
        let rejected: boolean;
        try {
          const credentials = credentialsFromConnections(
            { dockerRegistry: 'c1' },
            {
              endpoint: () => ({
                scheme: 'UsernamePassword',
                parameters: { ...params, registry: emu.loginServer },
                data: () => undefined,
              }),
              systemAccessToken: undefined,
              oidcRequestUri: undefined,
            },
          );
          const taskValues = Object.fromEntries(
            Object.entries(given).map(([k, v]) => [taskInputName(k as InputName), v]),
          );
          const read = taskInputReader((name) => taskValues[name], {
            'ca-cert': emu.caCertPath,
            ...credentials.defaults,
          });
          const platform = new FakePlatform();
          const outcome = await handleInvocation({
            shell: 'task',
            platform: Object.assign(platform, { readInput: read }),
            env: {},
            platformAuth: credentials.auth,
            credentialsHint: 'hint',
            caCertHint: 'ca',
          });
          rejected = outcome.kind === 'usage-error';
          message = platform.failure ?? '';
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          rejected = true;
          message = error.message;
        }
        expectNothingSentOnRejection(rejected, message);
      }),
      RUNS,
    );
  }, 600_000);
});
