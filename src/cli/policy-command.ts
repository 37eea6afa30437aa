import { Command, Option } from 'commander';
import { InputError } from '../core/errors.js';
import { AUDIT_FORMATS, type AuditFormat } from '../core/policy/render-audit.js';
import { renderRowLine } from '../core/policy/render-policy-run.js';
import type { InputName } from '../core/settings/input-names.js';
import { renderInputError } from '../core/settings/input-terms.js';
import type { PolicyAction } from '../core/settings/policy-settings.js';
import { handleInvocation } from '../runner/handle-invocation.js';
import type { PolicyOutcome } from '../runner/handle-policy-invocation.js';
import {
  cliInvocation,
  CREDENTIALS_HELP,
  endedEarly,
  EXIT,
  type CliInvocationContext,
} from './cli-invocation.js';
import { CliPlatform, printed, type CliStreams } from './cli-platform.js';
import { CLI_TERMS } from './cli-terms.js';
import { inputOptions, inputsFromOptions } from './input-options.js';

interface PolicyCliOptions {
  readonly passwordStdin?: boolean;
  readonly anonymous?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly watch?: string;
  readonly format?: AuditFormat;
}

export interface PolicyCommandContext extends CliStreams, CliInvocationContext {
  /** Resolves after `ms`, or early when the user interrupts `--watch`; says whether to go on. */
  sleep?(ms: number): Promise<boolean>;
}

/** Reads a run's inputs as the lock commands do (credentials, standard input, the environment). */
export type PolicyInputs = (
  parsed: Readonly<Record<string, unknown>> & PolicyCliOptions,
  fromOptions: Partial<Record<InputName, string>>,
) => Promise<Partial<Record<InputName, string>>>;

const DESCRIPTIONS: Readonly<Record<PolicyAction, string>> = {
  sweep: 'apply a policy (--policy file, or --repository/--include/--exclude/--mode) to every tag it selects',
  enforce: 'one incremental pass: only tags pushed since the --checkpoint; --watch repeats it',
  audit: 'list every tag and manifest with its attributes and findings (half-locked images, drift)',
};

/** What ends a sweep, enforce or verify run on stdout: the verdict, or the counts as JSON. */
export function policyRunText(outcome: PolicyOutcome, json: boolean): string {
  return json
    ? `${JSON.stringify({ counts: outcome.counts, ok: outcome.ok }, null, 2)}\n`
    : `${outcome.verdict}\n`;
}

/** `--watch 30s`, `5m`, `1h`: the pause between enforce passes. */
function watchInterval(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,5})([smh])$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
}

export function policyCommand(
  name: PolicyAction,
  ctx: PolicyCommandContext,
  setExit: (code: number) => void,
  readInputs: PolicyInputs,
): Command {
  const generated = inputOptions('policy');
  const command = new Command(name).description(DESCRIPTIONS[name]);
  for (const { option } of generated) command.addOption(option);
  command.option('--password-stdin', 'read the registry password from standard input');
  if (name === 'audit') {
    command
      .addOption(
        new Option('--format <format>', 'report format').choices([...AUDIT_FORMATS]).default('table'),
      )
      .option('--anonymous', 'no credentials (registries with anonymous pull)');
  } else {
    command
      .option('--dry-run', 'print what would change; write nothing')
      .option('--json', 'print the result as JSON');
  }
  if (name === 'enforce')
    command.option('--watch <interval>', 'repeat passes every interval (30s, 5m, 1h) until interrupted');
  command.addHelpText('after', CREDENTIALS_HELP);

  return command.action(async (parsed: Record<string, unknown> & PolicyCliOptions) => {
    let inputs: Partial<Record<InputName, string>>;
    let interval: number | undefined;
    try {
      inputs = await readInputs(parsed, inputsFromOptions(parsed, generated));
      if (parsed.watch !== undefined) {
        interval = watchInterval(parsed.watch);
        if (interval === undefined)
          throw new InputError('--watch', `'${parsed.watch}' — an interval such as 30s, 5m or 1h`);
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.stderr(`acr-lock: ${renderInputError(error, CLI_TERMS)}\n`);
      setExit(EXIT.usage);
      return;
    }
    inputs.action = name;
    const platform = new CliPlatform(inputs, ctx);
    for (;;) {
      const outcome = await handleInvocation({
        ...cliInvocation(platform, ctx, parsed.anonymous),
        ...(parsed.dryRun ? { dryRun: true } : {}),
        ...(name !== 'audit' && !parsed.json
          ? { onRow: (row) => printed(ctx, platform.mask(renderRowLine(row)) + '\n') }
          : {}),
        // Printed as it is read, at the pace standard output takes it: nothing holds the whole report
        // (a 50,000-tag audit is 33 MB of JSON).
        ...(name === 'audit'
          ? {
              auditDisplay: {
                format: parsed.format ?? 'table',
                write: (text) => printed(ctx, platform.mask(text)),
              },
            }
          : {}),
      });
      if (endedEarly(outcome, platform, ctx, setExit) || outcome.kind !== 'policy-done') return;
      if (name !== 'audit') ctx.stdout(policyRunText(outcome, parsed.json === true));
      setExit(outcome.ok ? EXIT.ok : EXIT.failure);
      if (interval === undefined || !ctx.sleep || !(await ctx.sleep(interval))) return;
    }
  });
}
