#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { cliMain } from './program.js';

const code = await cliMain(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
});
process.exitCode = code;
