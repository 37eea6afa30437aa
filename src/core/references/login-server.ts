import { InputError, mention, rule, type RuleText } from '../errors.js';
import type { CloudProfile } from '../model/cloud.js';
import { RULES, REGISTRY_NAME, isValidHost, looksLikeLoginServer } from './grammar.js';
import { quote } from './describe-value.js';

export interface ResolveLoginServerOptions {
  /** The input named in errors; default `registry`. */
  readonly input?: string;
}

/**
 * Turns the `registry` input into a login server: a bare registry name gets the cloud's suffix
 * (`myreg` → `myreg.azurecr.io`); anything with `.` or `:` (or `localhost`) is a login server as given,
 * lower-cased, with a leading `https://` and trailing `/` removed. Refuses `http://`, other schemes,
 * paths, and names that break ACR's rule (5–50 letters and digits).
 */
export function resolveLoginServer(
  registry: string,
  cloud: CloudProfile,
  options: ResolveLoginServerOptions = {},
): string {
  const input = options.input ?? 'registry';
  const given = registry.trim();
  const fail = (broken: string | RuleText): never => {
    throw new InputError(input, [`${quote(given)} — `, ...(typeof broken === 'string' ? [broken] : broken)]);
  };
  if (given === '') {
    throw new InputError(
      input,
      'is empty — give a registry name (myreg) or its login server (myreg.azurecr.io)',
    );
  }
  let host = given.toLowerCase();
  if (host.startsWith('http://')) {
    fail('ACR is served over HTTPS only; give the login server without a scheme (myreg.azurecr.io)');
  }
  if (host.startsWith('https://')) {
    host = host.slice('https://'.length);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//.test(host)) {
    fail('give a registry name (myreg) or a login server (myreg.azurecr.io), with no scheme but https://');
  }
  host = host.replace(/\/+$/, '');
  if (host === '') fail('the login server is missing after https://');
  if (host.includes('/')) {
    fail(
      rule`a registry has no path; give only the login server and put the repository in ${mention('image')} (myreg.azurecr.io/app:1.2 or app:1.2)`,
    );
  }
  if (looksLikeLoginServer(host)) {
    if (!isValidHost(host)) fail(RULES.host);
    return host;
  }
  if (!REGISTRY_NAME.test(host)) fail(RULES.registryName);
  return `${host}${cloud.registrySuffix}`;
}

/**
 * Checks and lower-cases the login server a reference carries (`myreg.azurecr.io/app:1`); `value` is the
 * whole reference, quoted in errors.
 */
export function normalizeLoginServer(host: string, input: string, value: string): string {
  const lower = host.toLowerCase();
  if (!isValidHost(lower)) {
    throw new InputError(input, `${quote(value)} — invalid login server ${quote(host)}: ${RULES.host}`);
  }
  return lower;
}
