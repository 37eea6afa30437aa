import { InputError } from '../../src/core/errors.js';

/** Runs fn and returns the InputError it threw; fails the test on any other outcome. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
