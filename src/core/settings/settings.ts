import type { Action, Mode } from '../model/modes.js';
import type { DesiredAttributes } from '../model/attributes.js';
import type { TargetSpec } from '../model/targets.js';
import type { CloudProfile } from '../model/cloud.js';
import type { AuthRequest } from '../model/auth.js';

export const SCOPES = ['image', 'repository'] as const;
export type Scope = (typeof SCOPES)[number];

/** Everything a run needs, parsed once from raw inputs by parseSettings(); readonly from then on. */
export interface Settings {
  readonly action: Action;
  readonly mode: Mode;
  /** The preset with the per-attribute overrides applied; never empty. */
  readonly desired: DesiredAttributes;
  /** Also apply to the manifest a tag points at (and an index's child manifests). Default true. */
  readonly lockManifest: boolean;
  /** Also apply to the artifacts that refer to the image (signatures, SBOMs). Default false. */
  readonly includeReferrers: boolean;
  /** Artifact types of the referrers to follow (`referrer-types`); empty follows all. */
  readonly referrerTypes: readonly string[];
  /** Levels followed below an image's manifest (`referrer-depth`). Default 8. */
  readonly referrerDepth: number;
  /** At least one; every target already has its login server resolved. */
  readonly targets: readonly TargetSpec[];
  readonly cloud: CloudProfile;
  /** Registry requests in flight at once (`max-concurrency`). */
  readonly concurrency: number;
  /** Credentials named by inputs; undefined when none were given (the shell then tries its own chain). */
  readonly auth?: AuthRequest;
  /** Path of an extra CA certificate (PEM) to trust. */
  readonly caCertPath?: string;
  /** The login server given as `registry`, when it was given: explicit credentials are bound to it. */
  readonly registry?: string;
  /** The whole run's limit; when it runs out the run ends with the partial report. Default 10 min. */
  readonly timeoutMs: number;
  /** One request's limit; a request that times out is retried. Default 30 s. */
  readonly requestTimeoutMs: number;
  /** The longest `Retry-After` honoured. Default 60 s. */
  readonly maxRetryAfterMs: number;
  /** Unlock a manifest even when other tags on it are still protected. Default false. */
  readonly forceUnlockShared: boolean;
}
