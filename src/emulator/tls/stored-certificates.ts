import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCertificates, type EmulatorCertificates } from './generate-certificates.js';

/**
 * With `--data-dir` the CA survives restarts, so clients that trust `ca.crt` keep trusting it; new
 * certificates are made when the names they must carry change.
 */
export async function certificatesIn(dir: string, names: readonly string[]): Promise<EmulatorCertificates> {
  const file = join(dir, 'tls.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as EmulatorCertificates & { names?: string[] };
    if (JSON.stringify(saved.names) === JSON.stringify(names)) return saved;
  }
  const fresh = await generateCertificates(names);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...fresh, names }), { mode: 0o600 });
  return fresh;
}
