/** Splits a newline- or comma-separated input into trimmed entries, dropping empty ones. */
export function splitList(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(/[\r\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}
