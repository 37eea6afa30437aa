import type { DesiredAttributes } from '../model/attributes.js';
import type { Mode } from '../model/modes.js';
import { DURATION_RULE, parseDuration } from './duration.js';
import { compilePatterns, defaultExemptions } from './parse-policy.js';
import type { Policy } from './policy.js';
import { PolicyError } from './policy-error.js';

/** A sweep's inputs when no policy file is given; the lists already split (one pattern an item). */
export interface SweepInputs {
  readonly repository: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly olderThan?: string;
  /** The settled mode and attributes (preset with per-attribute overrides), as the lock inputs give them. */
  readonly mode: Mode;
  readonly desired: DesiredAttributes;
}

const INPUTS_SOURCE = 'inputs';

/**
 * A sweep without a policy file is one rule: `repository` × `include` minus `exclude` (and the default
 * exemptions), optionally `older-than`, in `lock-mode`. Errors name the input.
 */
export function policyFromInputs(inputs: SweepInputs): Policy {
  if (inputs.repository.length === 0) {
    throw new PolicyError(
      { input: 'repository' },
      'a sweep needs at least one repository (a name or a glob such as apps/** or **)',
    );
  }
  let olderThanMs: number | undefined;
  if (inputs.olderThan !== undefined && inputs.olderThan.trim() !== '') {
    olderThanMs = parseDuration(inputs.olderThan);
    if (olderThanMs === undefined) {
      throw new PolicyError({ input: 'older-than' }, `'${inputs.olderThan}' — ${DURATION_RULE}`);
    }
  }
  return {
    source: INPUTS_SOURCE,
    rules: [
      {
        index: 0,
        repositories: compilePatterns(inputs.repository, 'repository', () => ({ input: 'repository' })),
        tags: compilePatterns(inputs.include.length > 0 ? inputs.include : ['*'], 'tag', () => ({
          input: 'include',
        })),
        exclude: compilePatterns(inputs.exclude, 'tag', () => ({ input: 'exclude' })),
        exempt: defaultExemptions(),
        ...(olderThanMs !== undefined ? { olderThanMs } : {}),
        effect: { kind: 'apply', mode: inputs.mode, desired: inputs.desired },
      },
    ],
  };
}
