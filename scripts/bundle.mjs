// Builds the single-file bundles that ship: the action, the Azure DevOps task and the CLI.
// Entries whose source does not exist yet are skipped, so each shell lands on its own.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const banner = {
  // Bundled CommonJS dependencies still call require() for Node built-ins.
  js: "import { createRequire as __acrLockCreateRequire } from 'node:module'; const require = __acrLockCreateRequire(import.meta.url);",
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
  });
  console.log(`bundled ${entry.source} -> ${entry.outfile}`);
}
