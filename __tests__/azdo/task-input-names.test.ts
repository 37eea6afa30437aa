// The task names inputs as task.json declares them (`lockMode`): never the action's `lock-mode` or the
// CLI's `--mode`, in any InputError the shared parsing can raise for the inputs the task offers.
import { expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { TASK_INPUTS, TASK_TERMS } from '../../src/azdo/task-inputs.js';
import { foreignNames, inputErrors } from '../helpers/input-name-scan.js';

test('every InputError names only inputs of task.json, in its spelling', async () => {
  const manifest = JSON.parse(await readFile('task.json', 'utf8')) as { inputs: Array<{ name: string }> };
  const declared = manifest.inputs.map((i) => i.name);
  const own = new Set(declared);
  const errors = inputErrors(TASK_INPUTS);
  expect(errors.length).toBeGreaterThan(100);
  const shown = errors.map((e) => foreignNames(e, TASK_TERMS, { own, settingSyntax: true }));
  expect(shown.filter((s) => s.foreign.length > 0)).toEqual([]);
  for (const { message } of shown) expect(declared).toContain(/^Input '([^']+)'/.exec(message)?.[1]);
});
