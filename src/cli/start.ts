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
  // `enforce --watch`: wait between passes; Ctrl-C (or SIGTERM) ends the wait and the loop.
  sleep: (ms) =>
    new Promise<boolean>((resolve) => {
      const stop = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        process.off('SIGINT', stop).off('SIGTERM', stop);
        resolve(true);
      }, ms);
      process.once('SIGINT', stop).once('SIGTERM', stop);
    }),
});
process.exitCode = code;
