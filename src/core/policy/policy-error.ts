/** Where in a policy a problem is: the rule (0-based index, and its name when it has one) and the field. */
export interface PolicyLocation {
  /** A sweep without a policy file: the input the rule came from (`older-than`), instead of a rule. */
  readonly input?: string;
  /** The policy file's path as the user gave it, or a label such as `inputs`. */
  readonly source?: string;
  readonly ruleIndex?: number;
  readonly ruleName?: string;
  /** The field's path inside the rule (or the file), e.g. `tags[1]` or `olderThan`. */
  readonly field?: string;
  /** 1-based line in the file, when the YAML parser knows it. */
  readonly line?: number;
}

/** A policy that cannot be used: the message names the rule and the field, and says the rule broken. */
export class PolicyError extends Error {
  constructor(
    readonly location: PolicyLocation,
    readonly rule: string,
  ) {
    super(`${describeLocation(location)}: ${rule}`);
    this.name = 'PolicyError';
  }
}

/** `Policy acr-lock.policy.yml (line 12), rule 2 'releases', field 'olderThan'`: rules are numbered from 1. */
function describeLocation(at: PolicyLocation): string {
  if (at.input !== undefined) return `Input '${at.input}'`;
  const parts = [at.source !== undefined ? `Policy ${at.source}` : 'Policy'];
  if (at.line !== undefined) parts[0] += ` (line ${at.line})`;
  if (at.ruleIndex !== undefined) {
    parts.push(`rule ${at.ruleIndex + 1}${at.ruleName !== undefined ? ` '${at.ruleName}'` : ''}`);
  }
  if (at.field !== undefined) parts.push(`field '${at.field}'`);
  return parts.join(', ');
}
