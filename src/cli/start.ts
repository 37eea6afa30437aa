// The CLI process: argv, the environment and the standard streams around cliMain; its exit code.
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { cliMain } from './program.js';

let stdin: Promise<string> | undefined;
const code = await cliMain(process.argv.slice(2), {
  env: process.env,
  stdout: (chunk) => process.stdout.write(chunk),
  stderr: (chunk) => process.stderr.write(chunk),
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: () => (stdin ??= text(process.stdin)),
  ...(process.stderr.isTTY ? { terminalColumns: process.stderr.columns } : {}),
});
process.exitCode = code;
