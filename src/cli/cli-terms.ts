import type { InputTerms } from '../core/settings/input-terms.js';
import { isInputName } from '../core/settings/input-names.js';
import { INPUT_TABLE, type CliSpelling } from '../core/settings/input-table.js';

function spellingOf(input: string): CliSpelling | undefined {
  return isInputName(input) ? INPUT_TABLE[input].cli : undefined;
}

/**
 * The CLI's names in messages: `--mode` for lock-mode, `<image>` for the argument, `acr-lock show` for
 * action: show. A name the table does not declare is one of the CLI's own options and is shown as given.
 */
export const CLI_TERMS: InputTerms = {
  subject(input) {
    const cli = spellingOf(input);
    if (cli === undefined) return `Option '${input}'`;
    switch (cli.as) {
      case 'argument':
        return `Argument '${cli.label}'`;
      case 'command':
        return 'Command';
      case 'option':
        return `Option '--${cli.flag}'`;
    }
  },
  mention({ input, value }) {
    const cli = spellingOf(input);
    if (cli === undefined) return value === undefined ? input : `${input} ${value}`;
    switch (cli.as) {
      case 'argument':
        return '<image>';
      case 'command':
        return value === undefined
          ? 'the command'
          : value === 'dry-run'
            ? 'acr-lock apply --dry-run'
            : `acr-lock ${value}`;
      case 'option':
        if (cli.on !== undefined && value !== undefined && value !== cli.on) return `no --${cli.flag}`;
        return value === undefined || cli.on !== undefined ? `--${cli.flag}` : `--${cli.flag} ${value}`;
    }
  },
};
