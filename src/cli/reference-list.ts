/**
 * References read from a file or standard input: one per line, `#` starts a comment (a reference never
 * holds one), blank lines skipped.
 */
export function referencesFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
}
