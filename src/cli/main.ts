#!/usr/bin/env node
// The CLI's entry (the `acr-lock` bin). V8's compile cache comes first (Node >= 22.1; NODE_DISABLE_COMPILE_CACHE
// turns it off), so the code loaded next compiles from the cache from the second run on: most of a short run's
// start-up is compiling the bundle.
import module from 'node:module';

module.enableCompileCache?.();
await import('./start.js');
