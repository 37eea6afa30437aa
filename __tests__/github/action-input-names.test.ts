// The action names inputs as action.yml declares them (`lock-mode`): never the task's `lockMode` or the
// CLI's `--mode`, in any InputError the shared parsing can raise for the action's inputs.
import { expect, test } from '@jest/globals';
import { githubPlatform } from '../../src/github/github-platform.js';
import { INPUT_NAMES } from '../../src/core/settings/input-names.js';
import { foreignNames, inputErrors } from '../helpers/input-name-scan.js';
import { readActionMetadata } from './run-action.js';

test('every InputError names only inputs of action.yml, in its spelling', async () => {
  const declared = Object.keys((await readActionMetadata()).inputs);
  const own = new Set(declared);
  const errors = inputErrors(INPUT_NAMES);
  expect(errors.length).toBeGreaterThan(100);
  const shown = errors.map((e) => foreignNames(e, githubPlatform.inputTerms, { own, settingSyntax: true }));
  expect(shown.filter((s) => s.foreign.length > 0)).toEqual([]);
  for (const error of errors) expect(declared).toContain(error.input);
});
