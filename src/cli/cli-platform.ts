import type { Platform } from '../core/platform/platform.js';
import type { InputName, InputReader } from '../core/settings/input-names.js';

export interface CliStreams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * The terminal as a platform: errors and warnings go to stderr, masked; outputs and the summary are
 * not printed here (the CLI prints the report itself, as a table or JSON).
 */
export class CliPlatform implements Platform {
  private readonly secrets = new Set<string>();
  failure?: string;

  constructor(
    private readonly inputs: Partial<Record<InputName, string>>,
    private readonly streams: CliStreams,
  ) {}

  readonly readInput: InputReader = (name) => this.inputs[name];

  setSecret(value: string): void {
    if (value) this.secrets.add(value);
  }

  mask(text: string): string {
    let masked = text;
    for (const secret of this.secrets) masked = masked.split(secret).join('***');
    return masked;
  }

  setOutput(): void {}

  info(): void {}

  warning(message: string): void {
    this.streams.stderr(this.mask(`warning: ${message}\n`));
  }

  error(message: string, title: string): void {
    this.streams.stderr(this.mask(`error: ${title}: ${message}\n`));
  }

  async writeSummary(): Promise<void> {}

  setFailed(message: string): void {
    this.failure = this.mask(message);
  }
}
