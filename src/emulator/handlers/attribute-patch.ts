import { acrErrors } from '../errors/acr-error.js';
import type { RequestContext } from '../http/request-context.js';
import type { AttributePatch } from '../store/registry-store.js';

const KEYS = ['deleteEnabled', 'writeEnabled', 'readEnabled', 'listEnabled'] as const;

/** A PATCH body: partial changeableAttributes, merged into what is there. */
export function parseAttributePatch(ctx: RequestContext): AttributePatch {
  const text = ctx.body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw acrErrors.badRequest('the request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw acrErrors.badRequest('the request body must be a JSON object of changeable attributes');
  }
  const patch: AttributePatch = {};
  for (const key of KEYS) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw acrErrors.badRequest(`${key} must be a boolean`);
    patch[key] = v;
  }
  return patch;
}
