/** The longest piece of registry- or connection-sourced text a report carries. */
export const MAX_FOREIGN_TEXT = 300;

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/**
 * Makes text that came from a registry or a service connection safe to print in any shell: control
 * characters and line breaks become spaces (no new log line, so no `::error::` or `##vso[` command
 * of its own), `##vso[` and a leading `::` are defused, JWT-shaped strings and the given secrets are
 * redacted, and the length is capped.
 */
export function neutralize(text: string, secrets: readonly string[] = [], max = MAX_FOREIGN_TEXT): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  out = out
    .replace(JWT, '<redacted token>')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/##vso\[/gi, '##vso(')
    .replace(/^(\s*):{2}/, '$1: :');
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** A digest as the OCI image spec registers it (sha256 or sha512, lowercase hex of the exact length). */
export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}
