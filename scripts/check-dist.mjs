// Fails when the committed bundles in dist/ differ from a fresh build of the sources.
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' }).trim();
if (changed) {
  console.error(`dist/ is stale; run 'npm run bundle' and commit dist/:\n${changed}`);
  process.exit(1);
}
console.log('dist/ matches the sources');
