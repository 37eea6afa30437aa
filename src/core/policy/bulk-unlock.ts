import type { DesiredAttributes } from '../model/attributes.js';
import type { Policy, PolicyRule } from './policy.js';

/**
 * Whether applying these attributes can make a locked tag deletable again: delete enabled, or write
 * enabled without delete disabled (write disabled alone also blocks deletes). `unlock`, `reset`, and
 * custom attributes that do the same; not `delete-protect` or `quarantine`, which keep delete off.
 */
export function opensDeletion(desired: DesiredAttributes): boolean {
  return desired.deleteEnabled === true || (desired.writeEnabled === true && desired.deleteEnabled !== false);
}

/** The rules a sweep refuses without `allow-bulk-unlock: true`. */
export function unlockingRules(policy: Policy): PolicyRule[] {
  return policy.rules.filter((rule) => rule.effect.kind === 'apply' && opensDeletion(rule.effect.desired));
}
