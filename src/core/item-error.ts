import { AuthError, RegistryError } from './errors.js';
import type { ItemError } from './model/result.js';

/** Classifies a thrown error once, by type, so no caller matches on message text. */
export function toItemError(error: unknown): ItemError {
  if (error instanceof RegistryError) return { kind: error.kind, message: error.message };
  if (error instanceof AuthError) return { kind: 'auth', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unavailable', message };
}
