import { VERSION } from '../version.js';

/** Which shell made a request: registries' logs and support tickets tell acr-lock's callers apart. */
export type Shell = 'action' | 'task' | 'cli';

/** `acr-lock/<version> (<shell>)`, put before the Azure SDK's own product tokens in every request. */
export function userAgentPrefix(shell: Shell): string {
  return `acr-lock/${VERSION} (${shell})`;
}
