// Packages the Azure DevOps extension (.vsix) with tfx-cli, offline, from the committed bundle:
//   node scripts/package-extension.mjs [--output <file.vsix>]
// Stages the extension in .tmp/extension: the manifest, overview, licence, icon, and the task folder
// AcrLock/ with task.json and the self-contained bundle (dist/task), which runs with no npm install.
// Fails when the versions of package.json, task.json and vss-extension.json disagree.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const pkg = read('package.json');
const task = read('task.json');
const manifest = read('vss-extension.json');

const taskVersion = `${task.version.Major}.${task.version.Minor}.${task.version.Patch}`;
if (taskVersion !== pkg.version || manifest.version !== pkg.version) {
  console.error(
    `versions disagree: package.json ${pkg.version}, task.json ${taskVersion}, vss-extension.json ${manifest.version}`,
  );
  process.exit(1);
}
const taskFolder = manifest.contributions.find((c) => c.type === 'ms.vss-distributed-task.task')?.properties
  .name;
for (const file of ['dist/task/index.js', 'dist/task/package.json']) {
  if (!existsSync(join(root, file))) {
    console.error(`${file} is missing; run 'npm run bundle' first`);
    process.exit(1);
  }
}

const args = process.argv.slice(2);
const outputArg = args.indexOf('--output') >= 0 ? args[args.indexOf('--output') + 1] : undefined;
const output = resolve(
  outputArg ?? join(root, 'dist', `${manifest.publisher}.${manifest.id}-${manifest.version}.vsix`),
);

mkdirSync(join(root, '.tmp'), { recursive: true });
const stage = mkdtempSync(join(root, '.tmp', 'extension-'));
try {
  const copy = (from, to = from) => cpSync(join(root, from), join(stage, to), { recursive: true });
  copy('vss-extension.json');
  copy('overview.md');
  copy('LICENSE');
  copy('images/icon.png');
  copy('task.json', `${taskFolder}/task.json`);
  copy('images/icon.png', `${taskFolder}/icon.png`);
  for (const file of ['index.js', 'THIRD_PARTY_NOTICES.txt', 'package.json'])
    copy(`dist/task/${file}`, `${taskFolder}/${file}`);

  mkdirSync(dirname(output), { recursive: true });
  const tfx = join(root, 'node_modules', 'tfx-cli', '_build', 'tfx-cli.js');
  execFileSync(
    process.execPath,
    [
      tfx,
      'extension',
      'create',
      '--root',
      stage,
      '--manifests',
      'vss-extension.json',
      '--output-path',
      output,
      '--no-prompt',
      '--no-color',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TFX_TRACE: '' } },
  );
  console.log(`${output} (${Math.round(statSync(output).size / 1024)} KiB)`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
