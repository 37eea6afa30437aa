// Every parser, 10,000 generated cases each: nothing but InputError escapes, and a rejection names its
// input. (The emulator is not involved: these parsers run before any client exists.)
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.js';
import {
  formatReference,
  parseReference,
  resolveLoginServer,
  splitList,
} from '../../src/core/references/index.js';
import { CLOUD_PROFILES } from '../../src/core/model/cloud.js';
import { INPUT_NAMES, type InputName } from '../../src/core/settings/input-names.js';
import { parseSettings } from '../../src/core/settings/parse-settings.js';
import { readDuration } from '../../src/core/settings/read-duration.js';
import { retryAfterMs } from '../../src/acr/http/retry-policy.js';
import { statusToRegistryError } from '../../src/acr/registry-error-mapping.js';
import { jwtExpiry } from '../../src/acr/acr-token-provider.js';
import { referenceParts } from '../core/references-arbitraries.js';

const RUNS = { numRuns: 10_000 };

/** Mostly near-valid text, some arbitrary: reaches every rule. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  referenceParts.map(formatReference),
  referenceParts
    .map(formatReference)
    .chain((r) => fc.nat({ max: r.length }).map((i) => r.slice(0, i) + '@:' + r.slice(i))),
);

function rejectionOrValue<T>(input: InputName, run: () => T): T | InputError {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.input).toBe(input);
    expect(error.message).toContain(`'${input}'`);
    return error;
  }
}

describe('parsers, 10,000 cases each', () => {
  test('parseReference', () => {
    fc.assert(
      fc.property(text, (value) => {
        rejectionOrValue('image', () =>
          parseReference(value, { input: 'image', defaultLoginServer: 'r.azurecr.io' }),
        );
      }),
      RUNS,
    );
  });

  test('resolveLoginServer', () => {
    fc.assert(
      fc.property(text, (value) => {
        try {
          resolveLoginServer(value, CLOUD_PROFILES.AzureCloud);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(INPUT_NAMES).toContain(error.input);
        }
      }),
      RUNS,
    );
  });

  test('splitList', () => {
    fc.assert(
      fc.property(fc.option(text), (value) => {
        for (const item of splitList(value ?? undefined)) expect(item.trim()).toBe(item);
      }),
      RUNS,
    );
  });

  test('readDuration', () => {
    const duration = fc.oneof(
      text,
      fc
        .tuple(
          fc.double({ min: -1, max: 1e7, noNaN: true }),
          fc.constantFrom('', 'ms', 's', 'm', 'h', 'S', 'd'),
        )
        .map(([n, u]) => `${n}${u}`),
    );
    fc.assert(
      fc.property(duration, (value) => {
        const ms = rejectionOrValue('timeout', () =>
          readDuration(() => value, 'timeout', { fallbackMs: 1, minMs: 1000, maxMs: 86_400_000 }),
        );
        if (typeof ms === 'number') expect(ms === 1 || (ms >= 1000 && ms <= 86_400_000)).toBe(true);
      }),
      RUNS,
    );
  });

  test('retryAfterMs (a registry header): never throws, never negative', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          text,
          fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
          fc.nat().map(String),
        ),
        (value) => {
          const ms = retryAfterMs(value, 0);
          if (ms !== undefined) expect(ms).toBeGreaterThanOrEqual(0);
        },
      ),
      RUNS,
    );
  });

  test('parseSettings: every input arbitrary', () => {
    const inputs = fc.dictionary(fc.constantFrom(...INPUT_NAMES), text, { maxKeys: 8 });
    fc.assert(
      fc.property(inputs, (given) => {
        try {
          parseSettings((name) => given[name]);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(INPUT_NAMES).toContain(error.input);
        }
      }),
      RUNS,
    );
  });

  test('registry error bodies: never throw, one neutral line whatever the body', () => {
    const body = fc.oneof(
      text,
      fc.record({ code: text, message: text }).map((e) => JSON.stringify({ errors: [e] })),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), body, (status, value) => {
        const error = statusToRegistryError(status, value, 'r.azurecr.io/app:1');
        expect(error.message).not.toMatch(/[\n\r]|##vso\[/);
      }),
      RUNS,
    );
  });

  test('jwtExpiry (a registry token): never throws', () => {
    const token = fc.oneof(
      text,
      fc
        .tuple(fc.base64String(), fc.jsonValue(), fc.base64String())
        .map(
          ([h, claims, sig]) => `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`,
        ),
    );
    fc.assert(
      fc.property(token, (value) => {
        const ms = jwtExpiry(value);
        expect(ms === undefined || typeof ms === 'number').toBe(true);
      }),
      RUNS,
    );
  });
});
