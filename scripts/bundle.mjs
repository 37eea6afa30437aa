// Builds the single-file bundles that ship: the action, the Azure DevOps task and the CLI.
// Entries whose source does not exist yet are skipped, so each shell lands on its own.
import { build } from 'esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { thirdPartyNotices } from './third-party-notices.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const banner = {
  // Bundled CommonJS dependencies still call require() for Node built-ins.
  js: "import { createRequire as __acrLockCreateRequire } from 'node:module'; const require = __acrLockCreateRequire(import.meta.url);",
};

/** See shims/lazy-undici.mjs: only @actions/http-client's import is replaced, not the shim's own. */
const lazyUndici = {
  name: 'lazy-undici',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.includes(`${sep}@actions${sep}http-client${sep}`)
        ? { path: fileURLToPath(new URL('./shims/lazy-undici.mjs', import.meta.url)) }
        : undefined,
    );
  },
};

const entries = [
  { source: 'src/github/main.ts', outfile: 'dist/action/index.js', format: 'esm' },
  { source: 'src/azdo/main.ts', outfile: 'dist/task/index.js', format: 'cjs' },
  { source: 'src/cli/main.ts', outfile: 'dist/cli/index.js', format: 'esm' },
];

for (const entry of entries.filter((e) => existsSync(e.source))) {
  const { metafile } = await build({
    entryPoints: [entry.source],
    outfile: entry.outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: entry.format,
    minify: true,
    // The complete licence texts go to THIRD_PARTY_NOTICES.txt beside the bundle instead.
    legalComments: 'none',
    metafile: true,
    banner: entry.format === 'esm' ? banner : undefined,
    logLevel: 'warning',
    plugins: [lazyUndici],
  });
  const notices = resolve(dirname(entry.outfile), 'THIRD_PARTY_NOTICES.txt');
  writeFileSync(notices, await thirdPartyNotices(root, metafile, entry.outfile));
  console.log(`bundled ${entry.source} -> ${entry.outfile} (+ THIRD_PARTY_NOTICES.txt)`);
}
