import { isRestError } from '@azure/core-rest-pipeline';
import { AuthError, RegistryError, unreachable } from '../core/errors.js';
import { neutralize } from '../core/text/neutralize.js';
import { TransportError } from './http/transport-error.js';

/** Classifies whatever an SDK call threw, once, by status and ACR error code. */
export function toRegistryError(error: unknown, what: string): Error {
  if (error instanceof RegistryError || error instanceof AuthError) return error;
  if (error instanceof TransportError) return new RegistryError(error.kind, `${what}: ${error.message}.`);
  if (!isRestError(error) || error.statusCode === undefined) return unreachable(what, error);
  return statusToRegistryError(error.statusCode, error.response?.bodyAsText ?? undefined, what);
}

/** The RegistryError for a refused answer; 404 and 405 get their own kinds, never matched on text. */
export function statusToRegistryError(status: number, body: string | undefined, what: string): RegistryError {
  const code = registryErrorCode(body);
  switch (status) {
    case 404:
      return new RegistryError('not-found', `${what} was not found (${code ?? '404'}).`, status, code);
    case 405:
      return new RegistryError(
        'disallowed',
        `${what}: the registry disallowed the operation (${code ?? '405'}).`,
        status,
        code,
      );
    case 401:
      return new RegistryError(
        'unauthorized',
        `${what}: the registry refused the credentials; they lack permission for this repository's metadata, or expired.`,
        status,
        code,
      );
    case 403:
      return new RegistryError('forbidden', `${what}: access denied (${code ?? '403'}).`, status, code);
    case 429:
      return new RegistryError(
        'throttled',
        `${what}: the registry is throttling requests (429) and retries ran out.`,
        status,
        code,
      );
    default:
      if (status >= 500) {
        return new RegistryError(
          'unavailable',
          `${what}: the registry answered ${status} and retries ran out.`,
          status,
          code,
        );
      }
      return new RegistryError('protocol', `${what}: unexpected answer ${status}.`, status, code);
  }
}

function registryErrorCode(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ code?: unknown }> };
    const code = parsed.errors?.[0]?.code;
    return typeof code === 'string' ? neutralize(code, [], 80) : undefined;
  } catch {
    return undefined;
  }
}
