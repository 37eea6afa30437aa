import { InputError, mention, rule } from '../errors.js';
import type { AuthRequest } from '../model/auth.js';
import { readInput } from './input-helpers.js';
import type { InputReader } from './input-names.js';

/** The audience GitHub's and Entra's workload identity federation expect by default. */
const DEFAULT_FEDERATED_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * Credentials named by inputs: `username` + `password` (registry admin user or repository-scoped token),
 * or `client-id` + `tenant-id` (+ `audience`) for OIDC workload identity federation. Undefined when none.
 */
export function authFromInputs(read: InputReader): AuthRequest | undefined {
  const username = readInput(read, 'username');
  const password = readInput(read, 'password');
  const clientId = readInput(read, 'client-id');
  const tenantId = readInput(read, 'tenant-id');
  const hasPassword = username !== undefined || password !== undefined;
  const hasFederated = clientId !== undefined || tenantId !== undefined;

  if (hasPassword && hasFederated) {
    throw new InputError(
      username !== undefined ? 'username' : 'password',
      rule`cannot be combined with ${mention(clientId !== undefined ? 'client-id' : 'tenant-id')} — with both, which credential wins is ambiguous; give either ${mention('username')} and ${mention('password')}, or ${mention('client-id')} and ${mention('tenant-id')}`,
    );
  }
  if (hasPassword) {
    if (username === undefined) {
      throw new InputError(
        'username',
        rule`is required when ${mention('password')} is set (the admin user or token name)`,
      );
    }
    if (password === undefined) {
      throw new InputError(
        'password',
        rule`is required when ${mention('username')} is set (the admin password or token password)`,
      );
    }
    return { kind: 'password', username, password };
  }
  if (hasFederated) {
    if (clientId === undefined) {
      throw new InputError(
        'client-id',
        rule`is required when ${mention('tenant-id')} is set (OIDC workload identity federation)`,
      );
    }
    if (tenantId === undefined) {
      throw new InputError(
        'tenant-id',
        rule`is required when ${mention('client-id')} is set (OIDC workload identity federation)`,
      );
    }
    const audience = readInput(read, 'audience') ?? DEFAULT_FEDERATED_AUDIENCE;
    return { kind: 'federated', tenantId, clientId, audience };
  }
  return undefined;
}
