// `npm start`: the whole story on the embedded emulator, through the same code path as the CLI.
import { readFile } from 'node:fs/promises';
import { startEmulator, SAMPLES } from '../emulator/index.js';
import { cliMain } from '../cli/program.js';
import { MANIFEST_ACCEPT, rawRequest, type RawRegistry } from './raw-registry.js';

const out = (text: string) => process.stdout.write(text);
const emulator = await startEmulator({ seed: true });
try {
  const { repository, tag, digest } = SAMPLES.plain;
  const registry: RawRegistry = {
    loginServer: emulator.loginServer,
    caCertPem: emulator.caCertPem,
    ...emulator.admin,
  };
  const cli = (...args: string[]) =>
    cliMain(
      [
        ...args,
        '--registry',
        emulator.loginServer,
        '--username',
        emulator.admin.username,
        '--password',
        emulator.admin.password,
        '--ca-cert',
        emulator.caCertPath,
      ],
      { env: {}, stdout: out, stderr: (t) => process.stderr.write(t), readFile: (p) => readFile(p, 'utf8') },
    );
  const step = (title: string) => out(`\n== ${title}\n`);
  const expect = (what: string, status: number, wanted: number) => {
    out(`${what}: HTTP ${status} ${status === wanted ? '(as expected)' : `(expected ${wanted})`}\n`);
    if (status !== wanted) throw new Error(`${what} answered ${status}, expected ${wanted}`);
  };

  out(`acr-lock demo on the embedded ACR emulator at https://${emulator.loginServer}\n`);
  step(`full-lock ${repository}:${tag} (the tag and its manifest)`);
  if ((await cli('apply', `${repository}:${tag}`, '--mode', 'full-lock')) !== 0)
    throw new Error('full-lock failed');

  const manifest = await rawRequest(
    registry,
    'GET',
    `/v2/${repository}/manifests/${tag}`,
    undefined,
    MANIFEST_ACCEPT,
  );
  const push = { contentType: String(manifest.headers['content-type']), bytes: manifest.body };
  step('an ordinary client tries to overwrite the tag and delete the manifest');
  expect(
    `PUT /v2/${repository}/manifests/${tag}`,
    (await rawRequest(registry, 'PUT', `/v2/${repository}/manifests/${tag}`, push)).status,
    405,
  );
  expect(
    `DELETE /v2/${repository}/manifests/${digest.slice(0, 19)}…`,
    (await rawRequest(registry, 'DELETE', `/v2/${repository}/manifests/${digest}`)).status,
    405,
  );

  step('verify: a release gate passes while the image is locked');
  if ((await cli('verify', `${repository}:${tag}`, '--mode', 'full-lock')) !== 0)
    throw new Error('verify failed');

  step(`unlock ${repository}:${tag}`);
  if ((await cli('apply', `${repository}:${tag}`, '--mode', 'unlock')) !== 0)
    throw new Error('unlock failed');
  step('the same push now succeeds');
  expect(
    `PUT /v2/${repository}/manifests/${tag}`,
    (await rawRequest(registry, 'PUT', `/v2/${repository}/manifests/${tag}`, push)).status,
    201,
  );
  out('\nDone: locked, refused, unlocked, accepted.\n');
} finally {
  await emulator.close();
}
