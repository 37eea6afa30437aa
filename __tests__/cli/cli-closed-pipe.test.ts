// The shipped CLI with a reader that stops early (`acr-lock … | head`): no stack trace, the run goes on
// to the end, and the exit code is the run's own. The registry's state is read back from the emulator.
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { emulatorFlags } from './cli-run.js';
import { manifestState, tagState } from '../github/registry-state.js';

const emu = withEmulator();
const { plain } = SAMPLES;

/** Runs the bundle; its standard output is closed by the reader as soon as `closeAfter` bytes arrived. */
function runClosingStdout(
  args: readonly string[],
  closeAfter: number,
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli/index.js', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = 0;
    let stderr = '';
    const close = (): void => {
      child.stdout.destroy();
    };
    if (closeAfter === 0) close();
    else
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= closeAfter) close();
      });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe('a reader that stops early', () => {
  test('--help into a reader that closes after the first line: exit 0, nothing on stderr', async () => {
    const { code, stderr } = await runClosingStdout(['verify', '--help'], 1);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  test('apply with standard output closed before the report: the lock is made, exit 0, no trace', async () => {
    const { code, stderr } = await runClosingStdout(
      ['apply', `${plain.repository}:${plain.tag}`, ...emulatorFlags(emu)],
      0,
    );
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
  });
});
