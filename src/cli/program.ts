import { Command, CommanderError, Option } from 'commander';
import type { InputName } from '../core/settings/input-names.js';
import { renderJson, renderText } from '../core/report/render-report.js';
import { handleInvocation } from '../runner/handle-invocation.js';
import { CliPlatform, type CliStreams } from './cli-platform.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export interface CliContext extends CliStreams {
  readonly env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<string>;
}

const CREDENTIALS_HINT =
  'Give --username and --password (admin user or a repository-scoped token), set AZURE_TENANT_ID, AZURE_CLIENT_ID and ' +
  'AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), use --client-id/--tenant-id with AZURE_FEDERATED_TOKEN_FILE, ' +
  "or sign in with 'az login'.";

interface LockOptions {
  registry?: string;
  tag?: string;
  mode?: string;
  writeEnabled?: string;
  deleteEnabled?: string;
  readEnabled?: string;
  listEnabled?: string;
  lockManifest: boolean;
  includeReferrers?: boolean;
  scope?: string;
  cloud?: string;
  username?: string;
  password?: string;
  clientId?: string;
  tenantId?: string;
  audience?: string;
  caCert?: string;
  anonymous?: boolean;
  dryRun?: boolean;
  json?: boolean;
  timeout?: string;
  requestTimeout?: string;
  maxRetryAfter?: string;
  forceUnlockShared?: boolean;
}

function lockCommand(
  name: 'apply' | 'show' | 'verify',
  description: string,
  ctx: CliContext,
  setExit: (code: number) => void,
) {
  const command = new Command(name)
    .description(description)
    .argument(
      '<image...>',
      'references: [loginServer/]repo[:tag][@sha256:…], or repositories with --tag or --scope repository',
    )
    .option('-r, --registry <registry>', 'registry name (myreg) or login server (myreg.azurecr.io)')
    .option('-t, --tag <tags>', 'tag(s) of the image(s) that name a repository, comma-separated')
    .addOption(
      new Option(
        '-m, --mode <mode>',
        'lock preset: full-lock (lock, immutable), delete-protect, quarantine, release, hide, unlock, reset, custom',
      ).default('full-lock'),
    )
    .option('--write-enabled <bool>', 'override: true or false')
    .option('--delete-enabled <bool>', 'override: true or false')
    .option('--read-enabled <bool>', 'override: true or false')
    .option('--list-enabled <bool>', 'override: true or false')
    .option('--no-lock-manifest', 'change only the tag, not the manifest it points to')
    .option(
      '--include-referrers',
      'also change the signatures, SBOMs and attestations that refer to the image',
    )
    .addOption(
      new Option('--scope <scope>', 'image or repository (a whole repository only when asked for)').choices([
        'image',
        'repository',
      ]),
    )
    .option('--cloud <cloud>', 'AzureCloud, AzureChinaCloud or AzureUSGovernment')
    .option('-u, --username <username>', 'registry username (admin user or repository-scoped token)')
    .option('-p, --password <password>', 'registry password (prefer the environment or a token)')
    .option('--client-id <id>', 'Entra application (client) id for workload identity federation')
    .option('--tenant-id <id>', 'Entra tenant id')
    .option('--audience <audience>', 'audience of the federated token')
    .option('--ca-cert <path>', 'extra CA certificate (PEM) to trust')
    .option('--anonymous', 'no credentials (show only, registries with anonymous pull)')
    .option('--json', 'print the report as JSON')
    .option('--timeout <duration>', 'limit for the whole run (default 10m); then the partial report, exit 1')
    .option('--request-timeout <duration>', 'limit for one request, retried after it (default 30s)')
    .option('--max-retry-after <duration>', "longest wait a registry's Retry-After gets (default 60s)")
    .option('--force-unlock-shared', 'unlock a manifest even when other tags on it are still protected');
  if (name === 'apply') command.option('--dry-run', 'print the plan; write nothing');
  return command.action(async (images: string[], options: LockOptions) => {
    const action = name === 'apply' && options.dryRun ? 'dry-run' : name;
    if (options.anonymous && (options.username || options.password || options.clientId || options.tenantId)) {
      ctx.stderr(
        "acr-lock: Input 'anonymous': --anonymous takes no credentials; drop --username, --password, --client-id and --tenant-id.\n",
      );
      setExit(EXIT.usage);
      return;
    }
    const inputs: Partial<Record<InputName, string>> = {
      image: images.join('\n'),
      tag: options.tag,
      'lock-mode': options.mode,
      'lock-manifest': String(options.lockManifest),
      'include-referrers': options.includeReferrers ? 'true' : undefined,
      registry: options.registry,
      action,
      scope: options.scope,
      'write-enabled': options.writeEnabled,
      'delete-enabled': options.deleteEnabled,
      'read-enabled': options.readEnabled,
      'list-enabled': options.listEnabled,
      cloud: options.cloud,
      'client-id': options.clientId,
      'tenant-id': options.tenantId,
      audience: options.audience,
      username: options.username,
      password: options.password,
      'ca-cert': options.caCert,
      timeout: options.timeout,
      'request-timeout': options.requestTimeout,
      'max-retry-after': options.maxRetryAfter,
      'force-unlock-shared': options.forceUnlockShared ? 'true' : undefined,
    };
    const platform = new CliPlatform(inputs, ctx);
    const tokenFile = ctx.env.AZURE_FEDERATED_TOKEN_FILE;
    const outcome = await handleInvocation({
      platform,
      env: ctx.env,
      platformAuth: options.anonymous ? { kind: 'anonymous' } : undefined,
      federatedAssertion: tokenFile ? async () => (await ctx.readFile(tokenFile)).trim() : undefined,
      credentialsHint: CREDENTIALS_HINT,
    });
    if (outcome.kind !== 'done') {
      ctx.stderr(`acr-lock: ${platform.mask(outcome.message)}\n`);
      setExit(outcome.kind === 'usage-error' ? EXIT.usage : EXIT.failure);
      return;
    }
    ctx.stdout(platform.mask(options.json ? renderJson(outcome.report) : renderText(outcome.report)) + '\n');
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
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr })
    .exitOverride()
    .showHelpAfterError();
  program.addCommand(
    lockCommand('apply', 'apply a lock preset to images (tag, manifest and index children)', ctx, setExit),
  );
  program.addCommand(lockCommand('show', 'show the current attributes; change nothing', ctx, setExit));
  program.addCommand(
    lockCommand('verify', 'fail unless every image already matches the preset; change nothing', ctx, setExit),
  );
  program.addCommand(
    new Command('emulator')
      .description('run the embedded ACR emulator (HTTPS, generated certificate) until interrupted')
      .option('--port <port>', 'port to listen on (0: any free port)', '0')
      .option('--hostname <name>', 'name in the certificate and login server', 'localhost')
      .action(async (options: { port: string; hostname: string }) => {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          ctx.stderr(`acr-lock: Input 'port': '${options.port}' is not a port number (0-65535).\n`);
          setExit(EXIT.usage);
          return;
        }
        // Loaded on demand: the emulator (and its certificate generator) is not part of a lock run.
        const { runStandalone } = await import('../emulator/index.js');
        await runStandalone({ port, hostname: options.hostname });
      }),
  );
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
