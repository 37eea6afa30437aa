// Builds the single-file bundles that ship: the action, the Azure DevOps task and the CLI.
// Entries whose source does not exist yet are skipped, so each shell lands on its own.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  await build({
    entryPoints: [entry.source],
    outfile: entry.outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: entry.format,
    minify: true,
    legalComments: 'linked',
    banner: entry.format === 'esm' ? banner : undefined,
    logLevel: 'warning',
    plugins: [lazyUndici],
  });
  console.log(`bundled ${entry.source} -> ${entry.outfile}`);
}
