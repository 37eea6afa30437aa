// "No shell shows an input name it does not have": every InputError the shared parsing can raise, from a
// table of known rules and from generated inputs, rendered in a shell's terms and scanned for any other
// shell's spelling of an input.
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.js';
import { ACTIONS, MODES } from '../../src/core/model/modes.js';
import { INPUT_NAMES, taskInputName, type InputName } from '../../src/core/settings/input-names.js';
import { INPUT_TABLE } from '../../src/core/settings/input-table.js';
import { renderInputError, type InputTerms } from '../../src/core/settings/input-terms.js';
import { parseSettings, validateAuthForAction } from '../../src/core/settings/parse-settings.js';

export type Inputs = Partial<Record<InputName, string>>;

const DIGEST = `sha256:${'0'.repeat(64)}`;
const BASE: Inputs = { image: 'app:1', registry: 'myreg' };

/** Inputs that break each known rule once, over a valid base. */
const KNOWN: readonly Inputs[] = [
  { image: '' },
  { image: 'app' },
  { image: 'app:' },
  { image: 'App:1' },
  { image: 'https://x.io/app:1' },
  { image: `app@sha256:12` },
  { image: `app:1@${DIGEST}, app:1@sha256:${'f'.repeat(64)}` },
  { image: 'myreg.azurecr.io' },
  { registry: '', image: 'app:1' },
  { registry: 'http://myreg.azurecr.io' },
  { registry: 'myreg.azurecr.io/app' },
  { registry: 'ab' },
  { image: 'app', tag: '-x' },
  { image: 'app:1', tag: '2' },
  { image: `app@${DIGEST}`, tag: '2' },
  { image: 'app', tag: '1', scope: 'repository' },
  { image: 'app:1', scope: 'repository' },
  { scope: 'everything' },
  { action: 'destroy' },
  { cloud: 'Mars' },
  { 'lock-mode': 'freeze' },
  { 'lock-mode': 'custom' },
  { 'lock-manifest': 'perhaps' },
  { 'include-referrers': 'true', 'lock-manifest': 'false' },
  { 'write-enabled': 'maybe' },
  { 'delete-enabled': 'no' },
  { 'read-enabled': '1' },
  { 'list-enabled': 'yes' },
  { username: 'u' },
  { password: 'p' },
  { username: 'u', password: 'p', 'client-id': 'c' },
  { password: 'p', 'tenant-id': 't' },
  { 'client-id': 'c' },
  { 'tenant-id': 't' },
  { 'max-concurrency': '0' },
  { 'max-concurrency': 'many' },
];

function valueFor(name: InputName): fc.Arbitrary<string> {
  const { kind } = INPUT_TABLE[name];
  const typical: Record<string, readonly string[]> = {
    image: ['app', 'app:1', 'a/b:c', `app@${DIGEST}`, 'x.io/app:1', 'app:'],
    tag: ['1', '-x', '1,2'],
    'lock-mode': [...MODES, 'freeze'],
    action: [...ACTIONS, 'destroy'],
    scope: ['image', 'repository', 'all'],
    registry: ['myreg', 'http://x.io', 'x.io/a', 'ab'],
  };
  const values =
    typical[name] ?? (kind === 'boolean' || kind === 'switch' ? ['true', 'false', 'maybe'] : ['1', '0', 'x']);
  return fc.oneof(fc.constantFrom(...values), fc.string({ maxLength: 12 }));
}

/**
 * Every InputError the shared parsing raises for inputs the shell can give (`offered`), as the runner
 * parses them: settings, then the action check with the fallback credentials (`anonymous` for the
 * CLI's --anonymous).
 */
export function inputErrors(offered: readonly InputName[], anonymous = false): InputError[] {
  const errors: InputError[] = [];
  const attempt = (inputs: Inputs) => {
    const given = Object.fromEntries(
      Object.entries(inputs).filter(([k]) => offered.includes(k as InputName)),
    );
    try {
      const settings = parseSettings((name) => (given as Inputs)[name]);
      validateAuthForAction({
        ...settings,
        auth: settings.auth ?? (anonymous ? { kind: 'anonymous' } : undefined),
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(error);
    }
  };
  for (const inputs of KNOWN) attempt({ ...BASE, ...inputs });
  const record = Object.fromEntries(offered.map((name) => [name, valueFor(name)])) as Record<
    string,
    fc.Arbitrary<string>
  >;
  fc.assert(
    fc.property(fc.record(record, { requiredKeys: [] }), (inputs) => {
      attempt({ ...BASE, ...(inputs as Inputs) });
    }),
    { numRuns: 2000, seed: 9 },
  );
  return errors;
}

/** Every spelling of every declared input, in every shell: `lock-mode`, `lockMode`, `--mode`, `<image...>`. */
export function allSpellings(): Set<string> {
  const spellings = new Set<string>();
  for (const name of INPUT_NAMES) {
    spellings.add(name);
    spellings.add(taskInputName(name));
    const { cli } = INPUT_TABLE[name];
    if (cli.as === 'option') spellings.add(`--${cli.flag}`);
    if (cli.as === 'argument') spellings.add(cli.label);
  }
  return spellings;
}

export interface ShellSpellings {
  /** The names this shell has. */
  readonly own: ReadonlySet<string>;
  /** The shell writes a setting as `name: value` (a workflow's `with:`, a task's inputs); the CLI does not. */
  readonly settingSyntax: boolean;
}

/**
 * The input names in a message that the shell does not have. The subject must be the shell's own;
 * quoted user values are left out (a value may look like anything); the rest is scanned token by token.
 * One-word names (`tag`, `scope`) are also plain words, so they count only in setting form (`scope: image`)
 * in a shell without settings.
 */
export function foreignNames(
  error: InputError,
  terms: InputTerms,
  shell: ShellSpellings,
): { message: string; foreign: string[] } {
  const message = renderInputError(error, terms);
  const subject = terms.subject(error.input);
  const rest = message.slice(subject.length).replace(/'[^']*'/g, "''");
  const tokens = rest.match(/<[a-z.]+>|-{0,2}[A-Za-z][A-Za-z0-9-]*/g) ?? [];
  const spellings = allSpellings();
  const multiWord = (t: string) => /[-<A-Z]/.test(t);
  const foreign = tokens.filter((t) => spellings.has(t) && !shell.own.has(t) && multiWord(t));
  if (!shell.settingSyntax) {
    for (const name of INPUT_NAMES) {
      if (new RegExp(`(?<![\\w-])${name}: `).test(rest)) foreign.push(`${name}: `);
    }
  }
  return { message, foreign };
}
