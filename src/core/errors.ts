/** Bad input: names the input and the rule it broke. Raised before any network call. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly rule: string,
  ) {
    super(`Input '${input}': ${rule}`);
    this.name = 'InputError';
  }
}

/** How the registry refused, classified once so nothing downstream matches on message text. */
export type RegistryErrorKind =
  | 'not-found' // 404: repository, tag or manifest unknown
  | 'disallowed' // 405 REGISTRY_DISALLOWED_OPERATION: a lock refused the operation
  | 'unauthorized' // 401: no or bad credentials
  | 'forbidden' // 403 or 401 insufficient_scope: credentials lack the permission
  | 'throttled' // 429 after retries
  | 'unavailable' // 5xx or network failure after retries
  | 'protocol' // an answer we could not understand, or a redirect refused
  | 'timeout'; // no answer in time, or the overall timeout ran out

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** Authentication could not be set up or was refused; the message says what to add. */
export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}
