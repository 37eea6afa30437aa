// Third-party notices for a bundle: the licence of every npm package esbuild put into it, with the
// licence text MIT/Apache-2.0/BSD/ISC require to travel with a redistribution. Which packages are in a
// bundle comes from esbuild's metafile; their licence data comes from license-checker-rseidelsohn.
import { init } from 'license-checker-rseidelsohn';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const collect = promisify(init);

/** `node_modules/@scope/name/lib/x.js` → `@scope/name`, for the innermost node_modules of a path. */
function packageDir(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const depth = parts[at + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + depth).join('/');
}

/** Package folders (relative to the project root) whose files are in the bundle. */
function bundledPackageDirs(metafile) {
  return [...new Set(Object.keys(metafile.inputs).map(packageDir).filter(Boolean))].sort();
}

let scan;
/** Every installed package's licence data by folder, scanned once per build for all bundles. */
function installedPackages(root) {
  scan ??= collect({
    start: root,
    customFormat: { name: '', version: '', licenses: '', repository: '', publisher: '', licenseText: '' },
  }).then((known) => {
    // Keyed by folder, and by name@version: the checker lists a version installed in two folders once.
    const byKey = new Map();
    for (const [nameAtVersion, info] of Object.entries(known)) {
      byKey.set(info.path, info);
      byKey.set(nameAtVersion, info);
    }
    return byKey;
  });
  return scan;
}

/** The whole NOTICES text for a bundle built with `metafile: true`, from the project `root`. */
export async function thirdPartyNotices(root, metafile, bundleName) {
  const dirs = bundledPackageDirs(metafile);
  const byDir = await installedPackages(root);
  const sections = dirs.map((dir) => {
    const { name, version } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const info = byDir.get(`${root}/${dir}`) ?? byDir.get(`${name}@${version}`);
    if (!info) throw new Error(`${bundleName}: no licence data for bundled package ${dir}`);
    if (!info.licenseText || info.licenseFile?.toLowerCase().includes('readme'))
      throw new Error(`${bundleName}: ${info.name}@${info.version} ships no licence file`);
    const head = [`${info.name} ${info.version}`, `License: ${info.licenses}`];
    if (info.repository) head.push(`Repository: ${info.repository}`);
    // Apache-2.0 section 4(d): a package's NOTICE file travels with it too.
    const notice = readdirSync(info.path).find((file) => /^notice(\.(md|txt))?$/i.test(file));
    const noticeText = notice ? `\n\n${readFileSync(join(info.path, notice), 'utf8').trim()}` : '';
    return `${head.join('\n')}\n\n${info.licenseText.trim()}${noticeText}\n`;
  });
  const rule = `\n${'-'.repeat(78)}\n\n`;
  return (
    `acr-lock ${bundleName} bundles the following ${dirs.length} third-party packages.\n` +
    `Their licences and notices follow, as each package ships them.\n${rule}` +
    sections.join(rule)
  );
}
