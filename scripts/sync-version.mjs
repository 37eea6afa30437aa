// One version, package.json's, copied to everything else that carries one: the source constant the CLI
// and the user agent read, the task manifest and the extension manifest. Run by `npm version` (the
// `version` script) so a release bumps them all in one commit; `--check` fails if any disagrees.
import { readFileSync, writeFileSync } from 'node:fs';

const check = process.argv.includes('--check');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
if (!match) throw new Error(`package.json version '${version}' is not MAJOR.MINOR.PATCH`);
const [major, minor, patch] = match.slice(1).map(Number);

const wanted = new Map([
  ['src/version.ts', (text) => text.replace(/VERSION = '[^']*'/, `VERSION = '${version}'`)],
  [
    'task.json',
    (text) =>
      text.replace(
        /"version": \{\s*"Major": \d+,\s*"Minor": \d+,\s*"Patch": \d+\s*\}/,
        `"version": {\n    "Major": ${major},\n    "Minor": ${minor},\n    "Patch": ${patch}\n  }`,
      ),
  ],
  ['vss-extension.json', (text) => text.replace(/"version": "[^"]*"/, `"version": "${version}"`)],
]);

const stale = [];
for (const [file, update] of wanted) {
  const before = readFileSync(file, 'utf8');
  const after = update(before);
  if (after === before) continue;
  if (check) stale.push(file);
  else writeFileSync(file, after);
}
if (stale.length > 0) {
  console.error(
    `Version ${version} (package.json) is not in: ${stale.join(', ')}. Run: node scripts/sync-version.mjs`,
  );
  process.exit(1);
}
console.log(check ? `Version ${version} everywhere.` : `Version ${version} written.`);
