// The GitHub Action's entry point (`runs.main` is its bundle, dist/action/index.js).
import { run } from './run.js';

await run();
