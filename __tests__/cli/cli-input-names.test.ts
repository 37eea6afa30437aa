// The CLI names inputs as its flags (`--mode`), its argument (`<image...>`) and its commands: never the
// action's `lock-mode` or the task's `lockMode`, in any InputError it can show.
import { describe, expect, test } from '@jest/globals';
import { CLI_TERMS } from '../../src/cli/cli-terms.js';
import { INPUT_NAMES } from '../../src/core/settings/input-names.js';
import { INPUT_TABLE } from '../../src/core/settings/input-table.js';
import { foreignNames, inputErrors } from '../helpers/input-name-scan.js';
import { runCliWith } from './cli-run.js';

const own = new Set<string>();
for (const name of INPUT_NAMES) {
  const { cli } = INPUT_TABLE[name];
  if (cli.as === 'option') own.add(`--${cli.flag}`);
  if (cli.as === 'argument') own.add(cli.label);
}

describe('the CLI shows only its own input names', () => {
  test.each([false, true])('every InputError of the shared parsing (--anonymous: %s)', (anonymous) => {
    const errors = inputErrors(INPUT_NAMES, anonymous);
    expect(errors.length).toBeGreaterThan(100);
    const shown = errors.map((e) => foreignNames(e, CLI_TERMS, { own, settingSyntax: false }));
    expect(shown.filter((s) => s.foreign.length > 0)).toEqual([]);
    for (const { message } of shown)
      expect(message).toMatch(/^(Option '--[a-z-]+'|Argument '<image\.\.\.>'|Command): /);
  });

  test.each([
    [
      ['apply', 'a:1', '-r', 'myreg', '--mode', 'custom'],
      "Option '--mode': 'custom' needs at least one of --write-enabled, --delete-enabled, --read-enabled, --list-enabled set to true or false",
    ],
    [
      ['apply', 'a:1', '-r', 'myreg', '--scope', 'repository'],
      "Argument '<image...>': 'a:1' — --scope repository takes bare repository names",
    ],
    [
      ['apply', 'a:1', '-r', 'myreg', '--include-referrers', '--no-lock-manifest'],
      "Option '--include-referrers': cannot be combined with --no-lock-manifest",
    ],
    [
      ['apply', 'a:1', '-r', 'myreg', '--anonymous'],
      "Command: 'apply' — needs credentials: anonymous access is only for acr-lock show; give --username and --password, or --client-id and --tenant-id",
    ],
    [
      ['apply', 'a:1', '-r', 'myreg', '-u', 'x', '--anonymous'],
      "Option '--anonymous': takes no credentials; drop --username, --password, --client-id and --tenant-id",
    ],
    [
      ['apply', 'a:1', '-r', 'myreg', '-u', 'x', '--client-id', 'c'],
      "Option '--username': cannot be combined with --client-id",
    ],
    [
      ['apply', 'a:1', '-r', 'myreg', '--client-id', 'c', '--tenant-id', 't'],
      "Option '--client-id': needs the OIDC token to exchange in a file named by AZURE_FEDERATED_TOKEN_FILE",
    ],
  ])('%j', async (args, expected) => {
    const run = await runCliWith(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`acr-lock: ${expected}`);
  });
});
