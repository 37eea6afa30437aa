/**
 * What the user asked for, after parsing and before any network call. One entry per reference;
 * the kind decides what the run may touch, so a repository-wide lock cannot arise by accident.
 */
export type TargetSpec =
  | {
      readonly kind: 'tag';
      readonly loginServer: string;
      readonly repository: string;
      readonly tag: string;
      /** From `repo:tag@sha256:…`: refuse unless the tag points at exactly this digest. */
      readonly expectedDigest?: string;
      /** The reference as the user wrote it, for reports. */
      readonly ref: string;
    }
  | {
      readonly kind: 'digest';
      readonly loginServer: string;
      readonly repository: string;
      readonly digest: string;
      readonly ref: string;
    }
  | {
      readonly kind: 'repository';
      readonly loginServer: string;
      readonly repository: string;
      readonly ref: string;
    };
