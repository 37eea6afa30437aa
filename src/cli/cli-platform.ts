import type { Platform } from '../core/platform/platform.js';
import type { InputName, InputReader } from '../core/settings/input-names.js';
import { CLI_TERMS } from './cli-terms.js';

export interface CliStreams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Resolves once standard output has passed on what it was given (a slow pipe holds the rest in memory). */
  stdoutDrained?(): Promise<void>;
}

/**
 * Prints on standard output and resolves when it has been taken: a run's rows and an audit's report
 * go at the pace their reader takes them, rather than piling up in memory.
 */
export function printed(streams: CliStreams, text: string): Promise<void> | undefined {
  streams.stdout(text);
  return streams.stdoutDrained?.();
}

/** Secrets at least this long are masked wherever they appear; shorter ones only as a whole token. */
const SUBSTRING_MASK_LENGTH = 8;

/**
 * The terminal as a platform: errors and warnings go to stderr, masked; outputs and the summary are
 * not printed here (the CLI prints the report itself, as a table or JSON).
 */
export class CliPlatform implements Platform {
  private readonly secrets = new Set<string>();
  failure?: string;
  readonly inputTerms = CLI_TERMS;
  /** Called before a message is printed (clears the live progress line). */
  beforeOutput: () => void = () => undefined;

  constructor(
    private readonly inputs: Partial<Record<InputName, string>>,
    private readonly streams: CliStreams,
  ) {}

  readonly readInput: InputReader = (name) => this.inputs[name];

  setSecret(value: string): void {
    if (value) this.secrets.add(value);
  }

  /**
   * Replaces every secret with `***`. A short secret (a one- or two-character password) is masked only
   * where it stands alone, between non-alphanumerics: masked inside words it would turn `enabled` into
   * `ena***led` and reveal itself by the gaps.
   */
  mask(text: string): string {
    let masked = text;
    for (const secret of this.secrets) {
      if (secret.length >= SUBSTRING_MASK_LENGTH) {
        masked = masked.split(secret).join('***');
      } else {
        const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        masked = masked.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), '***');
      }
    }
    return masked;
  }

  setOutput(): void {}

  info(): void {}

  warning(message: string): void {
    this.beforeOutput();
    this.streams.stderr(this.mask(`warning: ${message}\n`));
  }

  error(message: string, title: string): void {
    this.beforeOutput();
    this.streams.stderr(this.mask(`error: ${title}: ${message}\n`));
  }

  async writeSummary(): Promise<void> {}

  setFailed(message: string): void {
    this.failure = this.mask(message);
  }
}
