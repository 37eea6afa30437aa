import type { InputReader } from '../settings/input-names.js';
import type { InputTerms } from '../settings/input-terms.js';
import type { OutputName } from './output-names.js';

/**
 * The small port each shell implements (GitHub, Azure DevOps, CLI): inputs, secrets, outputs, logging
 * and the summary. The core never reaches a platform any other way.
 */
export interface Platform {
  readonly readInput: InputReader;
  /** How this shell names its inputs in messages (`lock-mode`, `lockMode`, `--mode`). */
  readonly inputTerms: InputTerms;
  /** Mask a value in every later log line. Called before the value is used. */
  setSecret(value: string): void;
  setOutput(name: OutputName, value: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** An error annotation / issue with a short title. */
  error(message: string, title: string): void;
  writeSummary(markdown: string): Promise<void>;
  /**
   * Write the full report (JSON) to a file of this run's own; returns its path. Absent: no file. An
   * audit's report comes in pieces as the registry is read, so no run holds all of it.
   */
  writeReportFile?(json: string | AsyncIterable<string>): Promise<string>;
  /** Mark the step / task failed with the reason (does not exit). */
  setFailed(message: string): void;
}
