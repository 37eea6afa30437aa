import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface CollectedOutput {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Date.now() when the process closed. */
  readonly exitedAt: number;
}

/** Everything a spawned process printed, and how it ended (the runner and agent harnesses share this). */
export async function collectOutput(
  child: ChildProcessByStdio<Writable | null, Readable, Readable>,
): Promise<CollectedOutput> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  return { code, stdout, stderr, exitedAt: Date.now() };
}
