// What a secret scan asserts of everything a run emitted.
import { expect } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Any JWT (Entra, OIDC, ACR refresh and access tokens): none may be printed, known or not. */
export const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

export function expectNoSecret(everything: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(everything).not.toContain(secret);
  expect(everything).not.toMatch(JWT_SHAPE);
}

/** The content of every file under a directory (none when it does not exist). */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}
