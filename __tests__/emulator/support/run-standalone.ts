// Runs the emulator as `acr-lock emulator` would: `node --import tsx run-standalone.ts [hostname]`.
import { runStandalone } from '../../../src/emulator/index.js';

await runStandalone({ port: 0, ...(process.argv[2] ? { hostname: process.argv[2] } : {}) });
