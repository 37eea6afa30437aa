/** How far a run is: the images read (resolve), then the objects written (apply). */
export interface RunProgress {
  readonly phase: 'reading' | 'writing';
  readonly done: number;
  readonly total: number;
  readonly failed: number;
}

/** `writing 12/40 objects, 1 failed`. */
export function progressText(progress: RunProgress): string {
  const what = progress.phase === 'reading' ? 'images' : 'objects';
  const failed = progress.failed > 0 ? `, ${progress.failed} failed` : '';
  return `${progress.phase} ${progress.done}/${progress.total} ${what}${failed}`;
}

export interface CountLinesOptions {
  /** The least time between two lines, and before the first: a short run prints none. */
  readonly intervalMs: number;
  readonly now: () => number;
}

/** For logs (CI): a count line at most every `intervalMs`; nothing for a run shorter than that. */
export function countLines(
  write: (line: string) => void,
  options: CountLinesOptions,
): (progress: RunProgress) => void {
  let last = options.now();
  return (progress) => {
    const now = options.now();
    if (now - last < options.intervalMs) return;
    last = now;
    write(`acr-lock: ${progressText(progress)}`);
  };
}
