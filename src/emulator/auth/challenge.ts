import { acrErrors, type AcrError } from '../errors/acr-error.js';
import type { RequiredAccess } from '../router/required-access.js';

/**
 * The 401 ACR answers: `Bearer realm=…,service=…[,scope=…][,error="insufficient_scope"]` and a
 * body whose `detail` lists the missing actions (null for `GET /v2/`).
 */
export function challengeError(
  loginServer: string,
  required: RequiredAccess,
  insufficientScope: boolean,
): AcrError {
  let header = `Bearer realm="https://${loginServer}/oauth2/token",service="${loginServer}"`;
  if (required.kind !== 'scope') return acrErrors.unauthorized(header, null);
  header += `,scope="${required.type}:${required.name}:${required.actions.join(',')}"`;
  if (insufficientScope) header += ',error="insufficient_scope"';
  const detail = required.actions.map((action) => ({
    Type: required.type,
    Name: required.name,
    Action: action,
  }));
  return acrErrors.unauthorized(header, detail);
}
