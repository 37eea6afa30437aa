import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MemoryRegistryStore, type StoreSnapshot } from './memory-registry-store.js';

/**
 * `--data-dir`: the registry kept on disk, so it survives restarts. `registry.json` holds
 * repositories, tags and manifests; `blobs/sha256/<hex>` one file per blob (written once, content
 * addressed). Every write goes to a temporary file first and is renamed into place.
 */
const STATE_FILE = 'registry.json';

const blobPath = (dir: string, digest: string): string => join(dir, 'blobs', ...digest.split(':'));

function writeAtomically(path: string, data: string | Buffer): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** The store saved in `dir`, or undefined when there is none yet. */
export function loadStore(dir: string): MemoryRegistryStore | undefined {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as StoreSnapshot;
  if (snapshot.version !== 1) throw new Error(`${file}: unknown format version ${String(snapshot.version)}`);
  return MemoryRegistryStore.fromSnapshot(snapshot, (digest) => {
    const path = blobPath(dir, digest);
    return existsSync(path) ? readFileSync(path) : undefined;
  });
}

export function saveStore(dir: string, store: MemoryRegistryStore): void {
  mkdirSync(dir, { recursive: true });
  for (const [digest, bytes] of store.blobEntries()) {
    const path = blobPath(dir, digest);
    if (existsSync(path)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeAtomically(path, bytes);
  }
  writeAtomically(join(dir, STATE_FILE), JSON.stringify(store.toSnapshot()));
}
