import type { Platform } from '../core/platform/platform.js';

/**
 * At most this many annotations of each kind a run makes about single objects (a failed object,
 * verify's mismatch, an audit finding): GitHub shows 10 a step, a run over a large repository can
 * have one per tag, and the report lists every one.
 */
export const OBJECT_ANNOTATIONS = 100;

/** The platform's errors and warnings about single objects, capped. */
export interface ObjectAnnotations {
  error(message: string, title: string): void;
  warning(message: string): void;
  /** One warning for those left out, if any. */
  close(): void;
}

export function objectAnnotations(platform: Platform, limit = OBJECT_ANNOTATIONS): ObjectAnnotations {
  let errors = 0;
  let warnings = 0;
  return {
    error(message, title) {
      if (errors++ < limit) platform.error(message, title);
    },
    warning(message) {
      if (warnings++ < limit) platform.warning(message);
    },
    close() {
      const left = Math.max(0, errors - limit) + Math.max(0, warnings - limit);
      if (left > 0)
        platform.warning(`…and ${left} more about single objects, not annotated: the report lists them all.`);
    },
  };
}
