import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schema/acr-lock.policy.schema.json' with { type: 'json' };

/** The shipped schema's own keyword: the message to show when the node carrying it fails. */
const MESSAGE_KEYWORD = 'x-error';

let validate: ValidateFunction | undefined;

/** The validator for the shipped JSON Schema, compiled on first use (a run without a policy never pays). */
export function policyValidator(): ValidateFunction {
  if (!validate) {
    const ajv = new Ajv({
      allErrors: false,
      verbose: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
    });
    ajv.addKeyword({ keyword: MESSAGE_KEYWORD, schemaType: 'string' });
    validate = ajv.compile(schema);
  }
  return validate;
}

export interface SchemaProblem {
  /** JSON pointer of the failing value, e.g. `/rules/1/olderThan`. */
  readonly instancePath: string;
  /** The property that is missing or not allowed, when that is the problem. */
  readonly property?: string;
  readonly message: string;
}

/**
 * One problem from Ajv's errors, worded for a person. Ajv (allErrors off) lists a failed composite's
 * branch errors before the composite itself, so the last error is the one that decided; its schema
 * node's `x-error` says it in the user's terms (`tags: 5` → "a pattern or a list of patterns", not two
 * type errors and an anyOf).
 */
export function describeSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem {
  const decisive = errors[errors.length - 1];
  if (!decisive) return { instancePath: '', message: 'does not match the policy schema' };
  const { instancePath, keyword, params } = decisive;
  if (keyword === 'additionalProperties') {
    const property = String(params.additionalProperty);
    return { instancePath, property, message: `'${property}' is not a policy field` };
  }
  const own = ownMessage(decisive);
  // A list that failed as a whole (anyOf string | list): point at the item that broke it, if one did.
  const deeper = errors.find(
    (e) => e.instancePath.startsWith(`${instancePath}/`) && ownMessage(e) !== undefined,
  );
  if (deeper) return { instancePath: deeper.instancePath, message: ownMessage(deeper) ?? '' };
  if (own !== undefined) return { instancePath, message: own };
  if (keyword === 'required') {
    const property = String(params.missingProperty);
    return { instancePath, property, message: `'${property}' is required` };
  }
  return { instancePath, message: decisive.message ?? 'does not match the policy schema' };
}

function ownMessage(error: ErrorObject): string | undefined {
  const parent: unknown = error.parentSchema;
  if (typeof parent !== 'object' || parent === null) return undefined;
  const message = (parent as Record<string, unknown>)[MESSAGE_KEYWORD];
  return typeof message === 'string' ? message : undefined;
}
