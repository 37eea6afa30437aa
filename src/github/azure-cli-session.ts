import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * True when `az login` (as azure/login runs it) left a signed-in session: the Azure CLI's profile
 * (`$AZURE_CONFIG_DIR` or `~/.azure`, `azureProfile.json`) lists at least one account. Reads one local
 * file; runs no `az`.
 */
export async function hasAzureCliSession(env: Environment): Promise<boolean> {
  const dir = env.AZURE_CONFIG_DIR || join(homedir(), '.azure');
  try {
    // The CLI writes the profile with a byte-order mark.
    const text = (await readFile(join(dir, 'azureProfile.json'), 'utf8')).replace(/^\uFEFF/, '');
    const profile = JSON.parse(text) as { subscriptions?: unknown };
    return Array.isArray(profile.subscriptions) && profile.subscriptions.length > 0;
  } catch {
    return false;
  }
}
