// Builds the single-file bundles that ship: the action, the Azure DevOps task and the CLI.
// Entries whose source does not exist yet are skipped, so each shell lands on its own.
import { build } from 'esbuild';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

/** See shims/node-http.mjs: only the Azure SDK HTTP client's default import is replaced. */
const requireNodeHttp = {
  name: 'require-node-http',
  setup(build) {
    build.onResolve({ filter: /^node:http$/ }, (args) =>
      args.importer.includes(`${sep}@typespec${sep}ts-http-runtime${sep}`)
        ? { path: fileURLToPath(new URL('./shims/node-http.mjs', import.meta.url)) }
        : undefined,
    );
  },
};

/**
 * The Azure SDK's HTTP client asks `typeof FormData` of every request body, and the first look at that
 * global loads Node's internal undici: 15–50 ms of a short run, for bodies that are never FormData here.
 * The check is rewritten to look at the body first (a FormData says so by its toStringTag), so the global
 * is read only for a body that is one. Fails the build when the library no longer has the check.
 */
const formDataCheck = {
  name: 'form-data-check',
  setup(build) {
    const check = 'typeof FormData !== "undefined" && body instanceof FormData';
    build.onLoad(
      { filter: /[\\/]@typespec[\\/]ts-http-runtime[\\/]dist[\\/]esm[\\/]formData\.js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(check)) throw new Error(`${args.path} no longer holds the FormData check`);
        const contents = source.replace(
          check,
          'typeof body === "object" && body !== null && body[Symbol.toStringTag] === "FormData" && body instanceof FormData',
        );
        return { contents, loader: 'js' };
      },
    );
  },
};

const entries = [
  { source: 'src/github/main.ts', outfile: 'dist/action/index.js', format: 'esm' },
  { source: 'src/azdo/main.ts', outfile: 'dist/task/index.js', format: 'cjs' },
  // Split: the entry stays tiny, and what a run loads only on demand (@azure/identity, the emulator, the
  // progress bar) sits in chunks a lock with a password never reads. dist/cli/ is rebuilt from empty so
  // no stale chunk stays behind.
  { source: 'src/cli/main.ts', outdir: 'dist/cli', format: 'esm', split: true },
];

for (const entry of entries.filter((e) => existsSync(e.source))) {
  if (entry.split) rmSync(entry.outdir, { recursive: true, force: true });
  const { metafile } = await build({
    entryPoints: entry.split ? { index: entry.source } : [entry.source],
    ...(entry.split
      ? { outdir: entry.outdir, splitting: true, chunkNames: 'chunks/[name]-[hash]' }
      : { outfile: entry.outfile }),
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
    plugins: [lazyUndici, requireNodeHttp, formDataCheck],
  });
  const out = entry.outdir ?? dirname(entry.outfile);
  writeFileSync(resolve(out, 'THIRD_PARTY_NOTICES.txt'), await thirdPartyNotices(root, metafile, `${out}/`));
  console.log(`bundled ${entry.source} -> ${entry.outfile ?? `${out}/`} (+ THIRD_PARTY_NOTICES.txt)`);
}
