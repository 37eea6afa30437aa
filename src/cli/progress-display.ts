import { countLines, progressText, type RunProgress } from '../core/report/progress.js';

export interface ProgressOutput {
  /** Where progress goes (standard error: standard output holds the report). */
  readonly write: (text: string) => void;
  /** The terminal's width when standard error is an interactive terminal; undefined otherwise. */
  readonly terminalColumns?: number;
  readonly now: () => number;
}

export interface ProgressDisplay {
  readonly update: (progress: RunProgress) => void;
  /** Removes the live line before anything else is printed; it comes back with the next update. */
  readonly done: () => void;
}

const BAR_WIDTH = 24;
/** A live line redraws at most this often. */
const FRAME_MS = 100;
/** A log gets a count line at most this often, and none on a shorter run. */
const LOG_INTERVAL_MS = 5000;

function bar(progress: RunProgress): string {
  const filled = progress.total === 0 ? BAR_WIDTH : Math.round((progress.done / progress.total) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${progressText(progress)}`;
}

/**
 * On an interactive terminal a live bar, redrawn in place by log-update (loaded only then); in a log
 * (CI, a pipe) a count line at most every 5 s.
 */
export async function progressDisplay(output: ProgressOutput): Promise<ProgressDisplay> {
  if (output.terminalColumns === undefined) {
    const log = countLines((line) => output.write(`${line}\n`), {
      intervalMs: LOG_INTERVAL_MS,
      now: output.now,
    });
    return { update: log, done: () => undefined };
  }
  const { createLogUpdate } = await import('log-update');
  const stream = {
    write: (text: string) => (output.write(text), true),
    columns: output.terminalColumns,
    rows: 24,
    isTTY: true,
  } as unknown as NodeJS.WriteStream;
  // The cursor stays visible: hiding it would need a handler on every exit path to bring it back.
  const live = createLogUpdate(stream, { showCursor: true });
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    update: (progress) => {
      const now = output.now();
      if (now - last < FRAME_MS && progress.done < progress.total) return;
      last = now;
      shown = true;
      live(bar(progress));
    },
    done: () => {
      if (shown) live.clear();
      shown = false;
    },
  };
}
