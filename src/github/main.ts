// The GitHub Action's entry point (`runs.main` is its bundle, dist/action/index.js).
import { boundHeapGrowth } from '../runner/heap-growth.js';
import { run } from './run.js';

await run(process.env, boundHeapGrowth);
