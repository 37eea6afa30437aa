import type { Platform } from '../../src/core/platform/platform.js';
import type { OutputName } from '../../src/core/platform/output-names.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import { DECLARED_TERMS } from '../../src/core/settings/input-terms.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { handleInvocation } from '../../src/runner/handle-invocation.js';

/** An in-memory Platform: inputs from a map; records outputs, secrets, log lines, summary and failure. */
export class FakePlatform implements Platform {
  readonly outputs = new Map<OutputName, string>();
  readonly secrets: string[] = [];
  readonly lines: string[] = [];
  readonly errors: Array<{ message: string; title: string }> = [];
  readonly summaries: string[] = [];
  failure: string | undefined;
  readonly inputTerms = DECLARED_TERMS;

  constructor(private readonly inputs: Partial<Record<InputName, string>> = {}) {}

  readonly readInput = (name: InputName): string | undefined => this.inputs[name];

  setSecret(value: string): void {
    this.secrets.push(value);
  }
  setOutput(name: OutputName, value: string): void {
    this.outputs.set(name, value);
  }
  info(message: string): void {
    this.lines.push(message);
  }
  warning(message: string): void {
    this.lines.push(`warning: ${message}`);
  }
  error(message: string, title: string): void {
    this.errors.push({ message, title });
  }
  async writeSummary(markdown: string): Promise<void> {
    this.summaries.push(markdown);
  }
  setFailed(message: string): void {
    this.failure = message;
  }
}

/**
 * Runs the shared runner as admin of `emu` over its CA, through a FakePlatform holding `inputs`; the
 * platform is returned with everything the run published.
 */
export async function invokeOnEmulator(
  emu: Pick<RunningEmulator, 'loginServer' | 'caCertPath' | 'admin'>,
  inputs: Partial<Record<InputName, string>>,
): Promise<FakePlatform> {
  const platform = new FakePlatform({
    registry: emu.loginServer,
    'ca-cert': emu.caCertPath,
    username: emu.admin.username,
    password: emu.admin.password,
    ...inputs,
  });
  await handleInvocation({ shell: 'cli', platform, env: {}, credentialsHint: 'hint', caCertHint: 'ca' });
  return platform;
}
