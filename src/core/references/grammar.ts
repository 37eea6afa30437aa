/**
 * The grammar of image references, as Docker and the OCI distribution spec define it, restricted to
 * what ACR accepts. Pure predicates; the messages that explain a failed rule live next to them.
 */

/** One repository path component: `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`. */
export const REPOSITORY_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
export const MAX_REPOSITORY_LENGTH = 256;

export const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
export const MAX_TAG_LENGTH = 128;

/** The only digest form acr-lock accepts. */
export const DIGEST = /^sha256:[0-9a-f]{64}$/;

const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9a-f:.]+\\])(?::([0-9]{1,5}))?$`);
const MAX_HOST_LENGTH = 253;

/** ACR's rule for a registry name: 5–50 alphanumerics. */
export const REGISTRY_NAME = /^[a-z0-9]{5,50}$/i;

export const RULES = {
  repositoryLowerCase:
    'repository names are lower-case: letters, digits, and separators . _ __ - within path components',
  repository:
    'repository names are path components joined by /, each of lower-case letters and digits, ' +
    'separated inside by one of . _ __ or a run of -, starting and ending with a letter or digit',
  repositoryLength: `repository names are at most ${MAX_REPOSITORY_LENGTH} characters`,
  tag: `tags are 1–${MAX_TAG_LENGTH} characters: letters, digits, _ . and -, not starting with . or -`,
  digest:
    'digests must be sha256: followed by 64 lower-case hex characters (sha256 is the only algorithm accepted)',
  host: 'login servers are a host name (letters, digits, - and .) with an optional :port, e.g. myreg.azurecr.io or localhost:8443',
  registryName:
    "registry names are 5–50 letters and digits (ACR's rule); or give the login server, e.g. myreg.azurecr.io",
} as const;

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

export function isValidDigest(digest: string): boolean {
  return DIGEST.test(digest);
}

export function isValidRepository(repository: string): boolean {
  return (
    repository.length <= MAX_REPOSITORY_LENGTH &&
    repository.split('/').every((component) => REPOSITORY_COMPONENT.test(component))
  );
}

/** A host (name, IPv4 or bracketed IPv6) with an optional port 1–65535; expects lower case. */
export function isValidHost(host: string): boolean {
  if (host.length > MAX_HOST_LENGTH + 6) return false;
  const match = HOST.exec(host);
  if (!match) return false;
  const port = match[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/** Docker's rule: a first path component is a login server when it has `.` or `:` or is `localhost`. */
export function looksLikeLoginServer(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}
