import { InputError } from '../errors.js';
import { quote } from '../references/describe-value.js';
import type { InputName, InputReader } from './input-names.js';

/** The trimmed value of an input; undefined when it was not given or is blank. */
export function readInput(read: InputReader, name: InputName): string | undefined {
  const value = read(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** `true` / `false` in any case, or undefined when the input is blank. */
export function readBoolean(read: InputReader, name: InputName): boolean | undefined {
  const value = readInput(read, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new InputError(name, `${quote(value)} — expected true or false (any case), or leave it empty`);
}

export interface ReadChoiceOptions<T extends string> {
  readonly choices: readonly T[];
  readonly fallback: T;
  /** Other accepted spellings, lower-case, mapped to a choice. */
  readonly aliases?: Readonly<Record<string, T>>;
}

/** One of a fixed list, matched case-insensitively; the fallback when blank. */
export function readChoice<T extends string>(
  read: InputReader,
  name: InputName,
  options: ReadChoiceOptions<T>,
): T {
  const value = readInput(read, name);
  if (value === undefined) return options.fallback;
  const lower = value.toLowerCase();
  const choice = options.choices.find((c) => c.toLowerCase() === lower);
  if (choice !== undefined) return choice;
  const aliases = options.aliases ?? {};
  const alias = Object.hasOwn(aliases, lower) ? aliases[lower] : undefined;
  if (alias !== undefined) return alias;
  const aliasNames = Object.keys(aliases);
  const aliasText = aliasNames.length > 0 ? ` (aliases: ${aliasNames.join(', ')})` : '';
  throw new InputError(
    name,
    `${quote(value)} — accepted values: ${options.choices.join(', ')}${aliasText}; case does not matter`,
  );
}

export interface ReadIntegerOptions {
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
}

/** A whole number within [min, max]; the fallback when blank. */
export function readInteger(read: InputReader, name: InputName, options: ReadIntegerOptions): number {
  const value = readInput(read, name);
  if (value === undefined) return options.fallback;
  const number = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= options.min && number <= options.max)) {
    throw new InputError(
      name,
      `${quote(value)} — expected a whole number from ${options.min} to ${options.max} (default ${options.fallback})`,
    );
  }
  return number;
}
