export { parseReference, formatReference } from './parse-reference.js';
export type { ParsedReference, ParseReferenceOptions, ReferenceParts } from './parse-reference.js';
export { resolveLoginServer, normalizeLoginServer } from './login-server.js';
export type { ResolveLoginServerOptions } from './login-server.js';
export { splitList } from './split-list.js';
export {
  RULES,
  isValidDigest,
  isValidHost,
  isValidRepository,
  isValidTag,
  looksLikeLoginServer,
} from './grammar.js';
