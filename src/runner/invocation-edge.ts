import { readFile } from 'node:fs/promises';
import type { Deadline } from '../acr/http/transport-options.js';
import { InputError } from '../core/errors.js';
import type { AuthRequest } from '../core/model/auth.js';
import { formatDuration } from '../core/settings/read-duration.js';

/** The overall timeout as an abort signal; stop() clears its timer so the process can exit. */
export function startDeadline(ms: number): Deadline & { stop(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  return {
    signal: controller.signal,
    at: Date.now() + ms,
    label: formatDuration(ms),
    stop: () => clearTimeout(timer),
  };
}

export async function readCaCert(path: string): Promise<string> {
  try {
    const pem = await readFile(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      throw new InputError('ca-cert', `'${path}' holds no PEM certificate.`);
    return pem;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      'ca-cert',
      `cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
}

/** The secrets an auth request carries, to be masked. */
export function authSecrets(auth: AuthRequest): string[] {
  if (auth.kind === 'password') return [auth.password];
  if (auth.kind === 'client-secret') return [auth.clientSecret];
  return [];
}
