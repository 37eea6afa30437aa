import { describe, expect, test } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import {
  parseFault,
  parsePort,
  parseRateLimit,
  parseScopedToken,
} from '../../src/emulator/cli/flag-parsers.js';
import { ACR_TIER_LIMITS } from '../../src/emulator/index.js';
import { loginServerOf, parseHostPort } from '../../src/emulator/emulator-options.js';

/** The value rules of `acr-lock emulator`'s flags (the flags themselves: standalone-cli.test.ts). */
describe('emulator flag parsers', () => {
  test("--rate-limit tiers are ACR's published per-minute limits", () => {
    expect(parseRateLimit('basic')).toEqual({ readsPerMinute: 1_000, writesPerMinute: 100 });
    expect(parseRateLimit('Standard')).toEqual({ readsPerMinute: 3_000, writesPerMinute: 500 });
    expect(parseRateLimit('premium')).toEqual({ readsPerMinute: 10_000, writesPerMinute: 2_000 });
    expect(parseRateLimit('basic')).toEqual(ACR_TIER_LIMITS.basic);
    expect(parseRateLimit('42')).toEqual({ readsPerMinute: 42, writesPerMinute: 42 });
    for (const bad of ['0', '-1', '1.5', 'gold', '']) {
      expect(() => parseRateLimit(bad)).toThrow(InvalidArgumentError);
      expect(() => parseRateLimit(bad)).toThrow(
        /^expected basic, standard, premium or a number of requests per minute \(1 or more\)\.$/,
      );
    }
  });

  test('--scoped-token: name, password (colons allowed), repositories with their actions', () => {
    expect(parseScopedToken('ci:p:a:ss:team/app=content/read,content/write,team/*=metadata/read')).toEqual({
      username: 'ci',
      password: 'p:a:ss',
      repositories: { 'team/app': ['content/read', 'content/write'], 'team/*': ['metadata/read'] },
    });
    // fast-check found it: repository names that are Object property names are plain names.
    expect(parseScopedToken('A: :constructor=content/read')).toEqual({
      username: 'A',
      password: ' ',
      repositories: { constructor: ['content/read'] },
    });
    // Each refusal names what is wrong, then the rule.
    for (const [bad, what] of [
      ['ci', /^expected NAME:PASSWORD:REPO=ACTION/],
      ['ci:pw', /^expected NAME:PASSWORD:REPO=ACTION/],
      [':pw:app=content/read', /^expected NAME:PASSWORD:REPO=ACTION/],
      ['ci::app=content/read', /^the password is empty; expected NAME:PASSWORD/],
      ['ci:pw:app=pull', /^'pull' is not an action; expected NAME:PASSWORD/],
      ['ci:pw:=content/read', /^a repository is empty; expected NAME:PASSWORD/],
    ] as const) {
      expect(() => parseScopedToken(bad)).toThrow(InvalidArgumentError);
      expect(() => parseScopedToken(bad)).toThrow(what);
    }
  });

  test('--fault: kinds, counts, probability, method and a route that may hold commas', () => {
    expect(parseFault('status=429,retry-after=3,times=2,method=get,route=^/v2/.{1,3}$')).toEqual({
      match: { method: 'GET', path: /^\/v2\/.{1,3}$/ },
      times: 2,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 3 },
    });
    expect(parseFault('delay=250,p=0.25')).toEqual({
      match: {},
      probability: 0.25,
      fault: { kind: 'delay', ms: 250 },
    });
    expect(parseFault('drop')).toEqual({ match: {}, fault: { kind: 'drop' } });
    // Each refusal names what is wrong, then the rule.
    for (const [bad, what] of [
      ['', /^give exactly one of status, delay, drop; expected status=CODE/],
      ['status=429,drop', /^give exactly one of status, delay, drop; expected status=CODE/],
      ['status=99', /^status must be a whole number of 100 or more; expected status=CODE/],
      ['status=600', /^status must be an HTTP status \(100-599\); expected status=CODE/],
      ['retry-after=1,delay=5', /^retry-after goes with status; expected status=CODE/],
      ['drop,p=1.5', /^p must be a probability from 0 to 1; expected status=CODE/],
      ['drop,p=', /^p must be a probability from 0 to 1; expected status=CODE/],
      ['drop,times=0', /^times must be a whole number of 1 or more; expected status=CODE/],
      ['drop,route=(', /^route is not a regular expression \(.+\); expected status=CODE/],
      ['drop,drop', /^'drop' is given twice; expected status=CODE/],
      ['explode', /^unknown key 'explode'; expected status=CODE/],
    ] as const) {
      expect(() => parseFault(bad)).toThrow(InvalidArgumentError);
      expect(() => parseFault(bad)).toThrow(what);
    }
  });

  test('--advertise HOST[:PORT]; a login server on 443 carries no port, as on ACR', () => {
    expect(parseHostPort('registry.example.test')).toEqual({ host: 'registry.example.test' });
    expect(parseHostPort('localhost:8443')).toEqual({ host: 'localhost', port: 8443 });
    expect(parseHostPort('[::1]:5000')).toEqual({ host: '[::1]', port: 5000 });
    for (const bad of ['', 'a b', 'host:0', 'host:70000', 'host:', 'https://host']) {
      expect(() => parseHostPort(bad)).toThrow(/is not HOST or HOST:PORT/);
    }
    expect(loginServerOf('myreg.example.test', 443)).toBe('myreg.example.test');
    expect(loginServerOf('localhost', 8443)).toBe('localhost:8443');
  });

  test('property: any port 0-65535 parses to itself, anything else is refused', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 65535 }), (port) => parsePort(String(port)) === port));
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d+$/.test(s) || Number(s) > 65535),
        (value) => {
          expect(() => parsePort(value)).toThrow(InvalidArgumentError);
        },
      ),
    );
  });

  test('property: a scoped token round-trips whatever its password', () => {
    const action = fc.constantFrom(
      'content/read',
      'content/write',
      'content/delete',
      'metadata/read',
      'metadata/write',
    );
    const repository = fc.stringMatching(/^[a-z0-9]+(\/[a-z0-9]+)?(\/\*)?$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9-]+$/),
        fc.string({ minLength: 1 }).filter((p) => !p.includes('=')),
        fc.uniqueArray(repository, { minLength: 1, maxLength: 3 }),
        fc.array(action, { minLength: 1, maxLength: 3 }),
        (name, password, repositories, actions) => {
          const spec = `${name}:${password}:${repositories.map((r) => `${r}=${actions.join(',')}`).join(',')}`;
          expect(parseScopedToken(spec)).toEqual({
            username: name,
            password,
            repositories: Object.fromEntries(repositories.map((r) => [r, actions])),
          });
        },
      ),
    );
  });

  test('property: a fault spec states its probability, count and status back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (status, times, p) => {
          const rule = parseFault(`status=${status},times=${times},p=${p}`);
          expect(rule).toEqual({ match: {}, times, probability: p, fault: { kind: 'status', status } });
        },
      ),
    );
  });
});
