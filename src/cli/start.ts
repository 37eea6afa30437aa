// The CLI process: argv, the environment and the standard streams around cliMain; its exit code.
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { boundHeapGrowth } from '../runner/heap-growth.js';
import { cliMain } from './program.js';

/**
 * A reader that stops early (`acr-lock show … | head`) closes the pipe. Like cat and git, say nothing
 * of it; unlike them, finish the run (its writes may be under way) and exit with its own code.
 */
function writer(stream: NodeJS.WriteStream): (chunk: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (chunk) => {
    if (!closed) stream.write(chunk);
  };
}

/** Resolves once the stream has passed on what it holds (or is gone): a slow reader paces the writer. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done).off('close', done);
      resolve();
    };
    stream.on('drain', done).on('close', done);
  });
}

let stdin: Promise<string> | undefined;
const code = await cliMain(process.argv.slice(2), {
  env: process.env,
  stdout: writer(process.stdout),
  stderr: writer(process.stderr),
  stdoutDrained: () => drained(process.stdout),
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: () => (stdin ??= text(process.stdin)),
  boundHeap: boundHeapGrowth,
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
