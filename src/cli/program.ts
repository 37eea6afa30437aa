import { Command, CommanderError } from 'commander';
import { InputError, mention, rule } from '../core/errors.js';
import type { InputName } from '../core/settings/input-names.js';
import { renderInputError } from '../core/settings/input-terms.js';
import { renderJson, renderText } from '../core/report/render-report.js';
import { emulatorCommand } from '../emulator/cli/emulator-command.js';
import { handleInvocation } from '../runner/handle-invocation.js';
import { VERSION } from '../version.js';
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
import { progressDisplay } from './progress-display.js';
import { referencesFromText } from './reference-list.js';
import { policyCommand, policyRunText, type PolicyInputs } from './policy-command.js';
import { renderRowLine } from '../core/policy/render-policy-run.js';
import { POLICY_ACTIONS } from '../core/settings/policy-settings.js';

export interface CliContext extends CliStreams, CliInvocationContext {
  /** All of standard input, for `--password-stdin` and `-`; empty when not given. */
  readStdin?(): Promise<string>;
  /** Standard error's width when it is an interactive terminal (a live progress bar then). */
  readonly terminalColumns?: number;
  /** The clock progress is paced by; default Date.now. */
  readonly now?: () => number;
  /** `enforce --watch`: resolves true after `ms`, false when interrupted. */
  sleep?(ms: number): Promise<boolean>;
}

const SELECTION_HELP = `
Over a selection (no images): --policy <file>, or --repository with --include, --exclude, --older-than
and --mode, checks every tag a sweep would select, its manifest and an index's children, from the
listings; it writes nothing and fails (exit 1) naming each object not as its rule wants. A rule that
unlocks is checked like any other: as nothing is written, no bulk unlock needs allowing. --scope,
--no-lock-manifest, --include-referrers, --referrer-types and --force-unlock-shared are for images.`;

export interface CliOnlyOptions {
  readonly passwordStdin?: boolean;
  readonly fromFile?: string;
  readonly anonymous?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

/** The inputs of one run: generated options, references from arguments, a file or stdin, and the password. */
async function cliInputs(
  args: readonly string[],
  parsed: Readonly<Record<string, unknown>>,
  options: CliOnlyOptions,
  fromOptions: Partial<Record<InputName, string>>,
  ctx: CliContext,
): Promise<Partial<Record<InputName, string>>> {
  const inputs = { ...fromOptions };
  const stdinReaders = [
    options.passwordStdin ? '--password-stdin' : undefined,
    options.fromFile === '-' ? '--from-file -' : undefined,
    args.includes('-') ? "'-'" : undefined,
  ].filter((reader) => reader !== undefined);
  if (stdinReaders.length > 1) {
    throw new InputError(
      '--password-stdin',
      `standard input can be read once; ${stdinReaders.join(' and ')} both ask for it`,
    );
  }
  if (
    options.anonymous &&
    (parsed.username || parsed.password || options.passwordStdin || parsed.clientId || parsed.tenantId)
  ) {
    throw new InputError(
      '--anonymous',
      rule`takes no credentials; drop ${mention('username')}, ${mention('password')}, ${mention('client-id')} and ${mention('tenant-id')}`,
    );
  }
  const federated = inputs['client-id'] !== undefined || inputs['tenant-id'] !== undefined;
  const password = inputs.username !== undefined || inputs.password !== undefined || options.passwordStdin;
  if (federated && !password && !ctx.env.AZURE_FEDERATED_TOKEN_FILE) {
    throw new InputError(
      inputs['client-id'] !== undefined ? 'client-id' : 'tenant-id',
      'needs the OIDC token to exchange in a file named by AZURE_FEDERATED_TOKEN_FILE',
    );
  }
  if (options.passwordStdin) {
    if (inputs.password !== undefined) {
      throw new InputError(
        '--password-stdin',
        rule`cannot be combined with ${mention('password')}; give the password once`,
      );
    }
    // `echo secret | acr-lock … --password-stdin`: the line break is not part of the password.
    inputs.password = (await readStdin(ctx)).replace(/\r?\n$/, '');
    if (inputs.password === '') throw new InputError('--password-stdin', 'standard input was empty');
  }
  // The environment fills what the flags left out, unless the flags ask for another kind of credential.
  if (!options.anonymous && inputs['client-id'] === undefined && inputs['tenant-id'] === undefined) {
    const username = inputs.username ?? (ctx.env.ACR_LOCK_USERNAME || undefined);
    const password = inputs.password ?? (ctx.env.ACR_LOCK_PASSWORD || undefined);
    if (username !== undefined) inputs.username = username;
    if (password !== undefined) inputs.password = password;
  }

  const references = args.filter((arg) => arg !== '-');
  if (args.includes('-')) references.push(...referencesFromText(await readStdin(ctx)));
  if (options.fromFile !== undefined) {
    let text: string;
    try {
      text = options.fromFile === '-' ? await readStdin(ctx) : await ctx.readFile(options.fromFile);
    } catch (error) {
      throw new InputError(
        '--from-file',
        `cannot read '${options.fromFile}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    references.push(...referencesFromText(text));
  }
  inputs.image = references.join('\n');
  return inputs;
}

function readStdin(ctx: CliContext): Promise<string> {
  return ctx.readStdin?.() ?? Promise.resolve('');
}

function lockCommand(
  name: 'apply' | 'show' | 'verify',
  description: string,
  ctx: CliContext,
  setExit: (code: number) => void,
) {
  const generated = inputOptions(name === 'verify' ? 'verify' : 'lock');
  const command = new Command(name)
    .description(description)
    .argument(
      '[image...]',
      "references: [loginServer/]repo[:tag][@sha256:…], or repositories with --tag or --scope repository; '-' reads them from standard input" +
        (name === 'verify' ? '; none with --policy or --repository' : ''),
    );
  for (const { option } of generated) command.addOption(option);
  command
    .option('--password-stdin', 'read the registry password from standard input')
    .option(
      '--from-file <path>',
      "read references from a file ('-': standard input), one per line, # comments",
    )
    .option('--anonymous', 'no credentials (show only, registries with anonymous pull)')
    .option('--json', 'print the report as JSON');
  if (name === 'apply') command.option('--dry-run', 'print the plan; write nothing');
  if (name === 'verify') command.addHelpText('after', SELECTION_HELP);
  command.addHelpText('after', CREDENTIALS_HELP);
  return command.action(async (args: string[], parsed: Record<string, unknown> & CliOnlyOptions) => {
    let inputs: Partial<Record<InputName, string>>;
    try {
      inputs = await cliInputs(args, parsed, parsed, inputsFromOptions(parsed, generated), ctx);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.stderr(`acr-lock: ${renderInputError(error, CLI_TERMS)}\n`);
      setExit(EXIT.usage);
      return;
    }
    inputs.action = name === 'apply' && parsed.dryRun ? 'dry-run' : name;
    const platform = new CliPlatform(inputs, ctx);
    const progress = await progressDisplay({
      write: (text) => ctx.stderr(platform.mask(text)),
      now: ctx.now ?? Date.now,
      ...(ctx.terminalColumns !== undefined ? { terminalColumns: ctx.terminalColumns } : {}),
    });
    platform.beforeOutput = progress.done;
    const outcome = await handleInvocation({
      ...cliInvocation(platform, ctx, parsed.anonymous),
      onProgress: progress.update,
      // verify over a selection: each object as it is decided, as sweep prints them.
      ...(parsed.json
        ? {}
        : { onRow: (row) => printed(ctx, platform.mask(renderRowLine(row, 'verify')) + '\n') }),
    });
    progress.done();
    if (endedEarly(outcome, platform, ctx, setExit)) return;
    if (outcome.kind === 'policy-done') {
      // verify over a selection: the verdict (or the counts) after the rows.
      ctx.stdout(policyRunText(outcome, parsed.json === true));
      setExit(outcome.ok ? EXIT.ok : EXIT.failure);
      return;
    }
    ctx.stdout(platform.mask(parsed.json ? renderJson(outcome.report) : renderText(outcome.report)) + '\n');
    setExit(outcome.report.ok ? EXIT.ok : EXIT.failure);
  });
}

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export async function cliMain(argv: readonly string[], ctx: CliContext): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => (exitCode = code);
  const program = new Command('acr-lock')
    .description(
      'Make images in Azure Container Registry immutable, delete-protected, quarantined or unlocked.',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr })
    .exitOverride()
    .showHelpAfterError();
  program.addCommand(
    lockCommand('apply', 'apply a lock preset to images (tag, manifest and index children)', ctx, setExit),
  );
  program.addCommand(lockCommand('show', 'show the current attributes; change nothing', ctx, setExit));
  program.addCommand(
    lockCommand(
      'verify',
      'fail unless every image (or every tag --policy or --repository selects) already matches; change nothing',
      ctx,
      setExit,
    ),
  );
  // The policy commands read their inputs as the lock commands do, without references.
  const readInputs: PolicyInputs = (parsed, fromOptions) => cliInputs([], parsed, parsed, fromOptions, ctx);
  for (const name of POLICY_ACTIONS) program.addCommand(policyCommand(name, ctx, setExit, readInputs));
  program.addCommand(emulatorCommand({ env: ctx.env, stdout: ctx.stdout, stderr: ctx.stderr, setExit }));
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
      return benign || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}
