// `npm run release:check`: what a release publishes, checked offline before any tag is pushed.
// - one version in package.json, src/version.ts, task.json and vss-extension.json;
// - the npm tarball holds exactly the CLI bundle, its notices, the policy schema, README, LICENSE and
//   package.json;
// - the .vsix holds the task, its bundle and notices, the manifest, overview and licence;
// - every shipped bundle has a THIRD_PARTY_NOTICES.txt that names each package it bundles;
// - the README's `uses:` lines name this repository, and name no repository that does not exist;
// - every action our own workflows use is pinned to a commit SHA, with its version in a comment.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];
const fail = (message) => problems.push(message);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const run = (command, args) => execFileSync(command, args, { cwd: root, encoding: 'utf8' });

// 1. One version.
try {
  run(process.execPath, ['scripts/sync-version.mjs', '--check']);
} catch (error) {
  fail(String(error.stderr ?? error.message).trim());
}

// 2. The npm tarball.
const [packed] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']));
const tarballFiles = packed.files.map((f) => f.path).sort();
// The CLI bundle is split: an entry plus chunks loaded on demand (their names carry a content hash).
const wantedTarball = [
  'LICENSE',
  'README.md',
  'dist/cli/THIRD_PARTY_NOTICES.txt',
  'dist/cli/index.js',
  'package.json',
  'schema/acr-lock.policy.schema.json',
];
const unexpected = tarballFiles.filter(
  (f) => !wantedTarball.includes(f) && !/^dist\/cli\/chunks\/[\w-]+\.js$/.test(f),
);
const missing = wantedTarball.filter((f) => !tarballFiles.includes(f));
if (unexpected.length > 0 || missing.length > 0)
  fail(
    `npm tarball: unexpected ${unexpected.join(', ') || 'nothing'}; missing ${missing.join(', ') || 'nothing'}`,
  );
if (!tarballFiles.some((f) => f.startsWith('dist/cli/chunks/'))) fail('npm tarball holds no CLI chunks');
if (pkg.private) fail('package.json is private: the CLI could not be published');
if (Object.keys(pkg.dependencies ?? {}).length > 0)
  fail('package.json has runtime dependencies, but the CLI bundle is self-contained');

// 3. The .vsix.
const out = join(root, '.tmp', 'release-check');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const vsix = join(out, 'acr-lock.vsix');
run(process.execPath, ['scripts/package-extension.mjs', '--output', vsix]);
const entries = unzipSync(readFileSync(vsix));
for (const file of [
  'extension.vsixmanifest',
  'LICENSE',
  'overview.md',
  'AcrLock/task.json',
  'AcrLock/index.js',
  'AcrLock/THIRD_PARTY_NOTICES.txt',
])
  if (!entries[file]) fail(`.vsix lacks ${file}`);
const vsixManifest = Buffer.from(entries['extension.vsixmanifest'] ?? []).toString('utf8');
if (!vsixManifest.includes(`Version="${pkg.version}"`))
  fail(`.vsix manifest does not carry version ${pkg.version}`);

// 4. Notices beside every bundle, naming each bundled package (the bundle script writes them from
//    esbuild's metafile; this catches a bundle committed without them).
for (const shell of ['action', 'task', 'cli']) {
  const notices = join(root, 'dist', shell, 'THIRD_PARTY_NOTICES.txt');
  if (!existsSync(notices)) {
    fail(`dist/${shell}/THIRD_PARTY_NOTICES.txt is missing`);
    continue;
  }
  const text = readFileSync(notices, 'utf8');
  for (const name of ['@azure/container-registry', '@azure/core-rest-pipeline'])
    if (!text.includes(`\n${name} `)) fail(`dist/${shell}/THIRD_PARTY_NOTICES.txt does not name ${name}`);
}

// 5. The README names what exists: this repository is the action.
const repository = new URL(pkg.repository.url.replace(/^git\+/, '')).pathname.replace(/^\/|\.git$/g, '');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const major = pkg.version.split('.')[0];
for (const [, uses, ref] of readme.matchAll(/uses:\s*([\w.-]+\/acr-lock[\w.-]*)@([\w.-]+)/g)) {
  if (uses !== repository) fail(`README uses '${uses}', but this action is '${repository}'`);
  if (ref !== `v${major}`) fail(`README uses '${uses}@${ref}', but this release's major tag is v${major}`);
}
if (/acr-lock-action/.test(readme)) fail("README names 'acr-lock-action', a repository that does not exist");
for (const file of ['README.md', 'overview.md'])
  for (const [task] of readFileSync(join(root, file), 'utf8').matchAll(/AcrLock@\d+/g))
    if (task !== `AcrLock@${major}`) fail(`${file} names ${task}, but task.json's major version is ${major}`);

// 6. Our workflows pin what they use.
const workflows = join(root, '.github', 'workflows');
for (const file of readdirSync(workflows).filter((f) => /\.ya?ml$/.test(f))) {
  const text = readFileSync(join(workflows, file), 'utf8');
  for (const [, uses] of text.matchAll(/^\s*-?\s*uses:\s*(.+)$/gm))
    if (!uses.startsWith('./') && !/^[\w./-]+@[0-9a-f]{40} # v\d[\w.]*$/.test(uses.trim()))
      fail(`.github/workflows/${file}: '${uses.trim()}' is not pinned to a commit SHA with '# vX' after it`);
}

rmSync(out, { recursive: true, force: true });
if (problems.length > 0) {
  console.error(`release check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`release check passed: acr-lock ${pkg.version}, npm tarball, .vsix and notices as published`);
