import type { InputError, InputMention } from '../errors.js';

/**
 * How a shell names its inputs in messages: the action says `lock-mode`, the task `lockMode`, the CLI
 * `--mode`. Each shell's platform provides one; renderInputError() is the only place a message is built.
 */
export interface InputTerms {
  /** How an error about the input starts: `Input 'lock-mode'`, `Option '--mode'`. */
  subject(input: string): string;
  /** The input named inside a sentence, with the value the rule asks for: `scope: image`, `--scope image`. */
  mention(mention: InputMention): string;
}

/**
 * Terms for shells whose inputs are `name: value` settings (a workflow's `with:`, a task's inputs):
 * `label` gives the shell's name of a declared input, or undefined for a name it has no other form of.
 */
export function settingTerms(label: (input: string) => string | undefined): InputTerms {
  const name = (input: string) => label(input) ?? input;
  return {
    subject: (input) => `Input '${name(input)}'`,
    mention: ({ input, value }) => (value === undefined ? name(input) : `${name(input)}: ${value}`),
  };
}

/** The declared names, as the action spells them. */
export const DECLARED_TERMS: InputTerms = settingTerms(() => undefined);

/** The message for a shell: `Input 'lockMode': 'custom' needs at least one of writeEnabled, …`. */
export function renderInputError(error: InputError, terms: InputTerms): string {
  const rule = error.rule.map((part) => (typeof part === 'string' ? part : terms.mention(part))).join('');
  return `${terms.subject(error.input)}: ${rule}`;
}
