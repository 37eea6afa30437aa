/**
 * ACR-format errors: one class that renders the wire body, one factory with a named constructor per
 * error (the Azurite StorageErrorFactory pattern), so handlers never spell out codes or messages.
 */
export interface AcrErrorBody {
  errors: Array<{ code: string; message: string; detail?: unknown }>;
}

export class AcrError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AcrError';
  }

  toBody(): AcrErrorBody {
    const entry: AcrErrorBody['errors'][number] = { code: this.code, message: this.message };
    if (this.detail !== undefined) entry.detail = this.detail;
    return { errors: [entry] };
  }
}

/** What the challenge asks for, as ACR lists it in the 401 body's `detail`. */
export interface ChallengeDetail {
  Type: string;
  Name: string;
  Action: string;
}

/** ACR's lock-refusal message, troubleshooting pointer included. */
export const DISALLOWED_MESSAGE =
  'The operation is disallowed on this registry, repository or image. View troubleshooting steps at ' +
  'https://aka.ms/acr/faq/#why-does-my-pull-or-push-request-fail-with-disallowed-operation';

const AUTH_MESSAGE = 'authentication required, visit https://aka.ms/acr/authorization for more information.';

export const acrErrors = {
  /** 401 with the Bearer challenge; `detail` lists the scope that was missing (null for `GET /v2/`). */
  unauthorized(challenge: string, detail: ChallengeDetail[] | null): AcrError {
    return new AcrError(401, 'UNAUTHORIZED', AUTH_MESSAGE, detail, { 'WWW-Authenticate': challenge });
  },
  /** 401 from the token endpoints: bad credentials, bad or expired refresh token. */
  invalidCredentials(message = AUTH_MESSAGE): AcrError {
    return new AcrError(401, 'UNAUTHORIZED', message);
  },
  denied(message = 'requested access to the resource is denied'): AcrError {
    return new AcrError(403, 'DENIED', message);
  },
  badRequest(message: string): AcrError {
    return new AcrError(400, 'BAD_REQUEST', message);
  },
  nameInvalid(name: string): AcrError {
    return new AcrError(400, 'NAME_INVALID', 'invalid repository name', { name });
  },
  nameUnknown(name: string): AcrError {
    return new AcrError(404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
  },
  manifestUnknown(reference: string): AcrError {
    return new AcrError(404, 'MANIFEST_UNKNOWN', 'manifest unknown', { Tag: reference });
  },
  manifestInvalid(reason: string): AcrError {
    return new AcrError(400, 'MANIFEST_INVALID', 'manifest invalid', { reason });
  },
  manifestBlobUnknown(digest: string): AcrError {
    return new AcrError(400, 'MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', { digest });
  },
  /** The recorded ACR body for a missing tag has no `detail`. */
  tagUnknown(): AcrError {
    return new AcrError(404, 'TAG_UNKNOWN', 'the specified tag does not exist');
  },
  blobUnknown(digest: string): AcrError {
    return new AcrError(404, 'BLOB_UNKNOWN', 'blob unknown to registry', { digest });
  },
  blobUploadUnknown(): AcrError {
    return new AcrError(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
  },
  blobUploadInvalid(reason: string): AcrError {
    return new AcrError(416, 'BLOB_UPLOAD_INVALID', 'blob upload invalid', { reason });
  },
  digestInvalid(digest: string): AcrError {
    return new AcrError(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', { digest });
  },
  paginationNumberInvalid(n: string): AcrError {
    return new AcrError(400, 'PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n });
  },
  rangeInvalid(): AcrError {
    return new AcrError(416, 'RANGE_INVALID', 'invalid content range');
  },
  /**
   * The lock refusal: ACR's status, code, message with its troubleshooting pointer, and empty
   * `detail`, as DESIGN.md "Lock attributes" quotes them (no recording of the raw body exists here).
   */
  disallowedOperation(): AcrError {
    return new AcrError(405, 'REGISTRY_DISALLOWED_OPERATION', DISALLOWED_MESSAGE, {});
  },
  unsupported(): AcrError {
    return new AcrError(405, 'UNSUPPORTED', 'The operation is unsupported.');
  },
  notFound(): AcrError {
    return new AcrError(404, 'NOT_FOUND', 'the requested resource was not found');
  },
  tooManyRequests(retryAfterSeconds?: number): AcrError {
    const headers: Record<string, string> =
      retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
    return new AcrError(429, 'TOOMANYREQUESTS', 'too many requests', undefined, headers);
  },
  /** Any status a fault asks for; 429 gets its own code, others a generic one. */
  injected(status: number, retryAfterSeconds?: number): AcrError {
    if (status === 429) return acrErrors.tooManyRequests(retryAfterSeconds);
    const headers: Record<string, string> =
      retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
    return new AcrError(
      status,
      status >= 500 ? 'UNKNOWN' : 'INJECTED',
      `injected fault (${status})`,
      undefined,
      headers,
    );
  },
};
