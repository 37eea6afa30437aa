// The CLI's table: grouped per image in the order the images were named (the tag, its manifest, then the
// index children indented under it), and verify saying which attribute differs from what.
import { beforeEach, expect, test } from '@jest/globals';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { resetAll, setImageState } from '../github/registry-state.js';
import { runCliWith, emulatorFlags } from './cli-run.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Rep4' };
const emu = withEmulator({ admin: ADMIN });
const { plain, multiArch } = SAMPLES;
beforeEach(() => resetAll(emu.store));

const connection = () => emulatorFlags(emu);
const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

/** The OBJECT and STATUS columns of each row of the table. */
function rows(stdout: string): Array<[string, string]> {
  const lines = stdout.split('\n');
  const end = lines.indexOf('');
  const header = lines[0] ?? '';
  const status = header.indexOf('STATUS');
  return lines
    .slice(1, end)
    .map((line) => [line.slice(0, header.indexOf('WHAT')).trimEnd(), line.slice(status)]);
}

test('apply: each image grouped, tag first, its manifest and index children indented under it', async () => {
  const run = await runCliWith([
    'apply',
    `${multiArch.repository}:${multiArch.tag}`,
    `${plain.repository}:${plain.tag}`,
    ...connection(),
  ]);
  expect(run.code).toBe(0);
  const { children } = multiArch;
  expect(children.length).toBe(2);
  expect(rows(run.stdout)).toEqual([
    [`${emu.loginServer}/${multiArch.repository}:${multiArch.tag}`, 'changed'],
    [`  @${short(multiArch.digest)}`, 'changed'],
    ...children.map((c): [string, string] => [`    @${short(c)}`, 'changed']),
    [`${emu.loginServer}/${plain.repository}:${plain.tag}`, 'changed'],
    [`  @${short(plain.digest)}`, 'changed'],
  ]);
});

test('verify names what differs: the attribute, its state and the wanted one', async () => {
  setImageState(emu.store, plain.repository, plain.tag, 'W- D+ R+ L+');
  const run = await runCliWith(['verify', `${plain.repository}:${plain.tag}`, ...connection()]);
  expect(run.code).toBe(1);
  expect(rows(run.stdout)).toEqual([
    [`${emu.loginServer}/${plain.repository}:${plain.tag}`, 'mismatch: delete: enabled, want disabled'],
    [`  @${short(plain.digest)}`, 'mismatch: delete: enabled, want disabled'],
  ]);
  expect(run.stderr).toContain(
    `${emu.loginServer}/${plain.repository}:${plain.tag}: delete: enabled, want disabled.`,
  );
});
