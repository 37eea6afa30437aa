import type { RegistryErrorKind } from '../../core/errors.js';

/**
 * Raised inside the pipeline (timeouts, the overall deadline, redirects); the client names the object
 * when it turns this into a RegistryError. `transient` failures are retried.
 */
export class TransportError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly transient = false,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
