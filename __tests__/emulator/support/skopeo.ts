import { execFile, spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuiltBlob, BuiltManifest } from '../../../src/emulator/index.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const skopeoInstalled = spawnSync('skopeo', ['--version'], { stdio: 'ignore' }).status === 0;

/** Without skopeo the tests that drive it are skipped, unless ACR_LOCK_REQUIRE_SKOPEO=1 (CI) makes that a failure. */
export const skipSkopeo = !skopeoInstalled && process.env.ACR_LOCK_REQUIRE_SKOPEO !== '1';

/** Runs skopeo with a timeout; never throws on a non-zero exit (tests assert on it). */
export function skopeo(args: string[], timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile('skopeo', args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function hasSkopeo(): Promise<boolean> {
  return skopeo(['--version'], 10_000).then((r) => r.code === 0);
}

async function writeBlob(dir: string, blob: BuiltBlob): Promise<void> {
  await writeFile(join(dir, 'blobs', 'sha256', blob.digest.slice('sha256:'.length)), blob.bytes);
}

async function writeAll(dir: string, m: BuiltManifest): Promise<void> {
  for (const child of m.children) await writeAll(dir, child);
  for (const blob of m.blobs) await writeBlob(dir, blob);
  await writeBlob(dir, m);
}

/** An OCI image layout directory holding `image` under the reference name `ref`. */
export async function writeOciLayout(dir: string, image: BuiltManifest, ref: string): Promise<void> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeAll(dir, image);
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: image.mediaType,
          digest: image.digest,
          size: image.size,
          annotations: { 'org.opencontainers.image.ref.name': ref },
        },
      ],
    }),
  );
}
