import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_ADMIN_USERNAME, parseHostPort, randomAdminPassword } from '../emulator-options.js';
import type { ScopedTokenConfig } from '../auth/principals.js';
import type { FaultRule } from '../faults/fault-injector.js';
import { OVERSIZED_PAGE_ANSWERS, type PageSizeLimit } from '../http/paging.js';
import type { RateLimits } from '../server/rate-limiter.js';
import {
  parseFault,
  parsePort,
  parsePositiveInteger,
  parseRateLimit,
  parseScopedToken,
} from './flag-parsers.js';

export interface EmulatorCommandContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  setExit(code: number): void;
}

interface EmulatorFlags {
  port: number;
  hostname: string;
  listen: string;
  advertise?: string;
  username?: string;
  password?: string;
  scopedToken: ScopedTokenConfig[];
  anonymousPull?: boolean;
  seed: boolean;
  dataDir?: string;
  log?: string;
  fault: FaultRule[];
  faultSeed?: number;
  rateLimit?: RateLimits;
  referrersPageSize?: number;
  maxPageSize?: number;
  oversizedPage?: PageSizeLimit['above'];
  printEnv?: boolean;
  json?: boolean;
}

const collect =
  <T>(parse: (value: string) => T) =>
  (value: string, previous: T[] = []): T[] => [...previous, parse(value)];

/** Checked here, before anything starts, so the error names the flag. */
function advertised(value: string): string {
  try {
    parseHostPort(value);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
  return value;
}

/**
 * `acr-lock emulator`: the ACR data-plane emulator as a standalone server for other people's
 * pipelines (as Azurite is for Azure Storage). Its options are declared and parsed here; the CLI
 * only mounts the command. The emulator itself is loaded when the command runs.
 */
export function emulatorCommand(ctx: EmulatorCommandContext): Command {
  return new Command('emulator')
    .description('run the ACR data-plane emulator (HTTPS, generated CA) until interrupted')
    .addOption(
      new Option('--port <port>', 'port to listen on (0: any free port)').default(0).argParser(parsePort),
    )
    .option('--hostname <name>', 'name in the certificate and the login server', 'localhost')
    .option('--listen <address>', 'address to listen on', '127.0.0.1')
    .addOption(
      new Option(
        '--advertise <host[:port]>',
        'login server clients use (behind a port forward or proxy); realm and certificate follow it',
      ).argParser(advertised),
    )
    .option('--username <name>', 'admin user name (or ACR_EMULATOR_USERNAME; default acrlock)')
    .option('--password <secret>', 'admin password (or ACR_EMULATOR_PASSWORD; default: random)')
    .addOption(
      new Option(
        '--scoped-token <NAME:PASSWORD:REPO=ACTION[,…]>',
        'a repository-scoped token, e.g. ci:pw:app=content/read,content/write,metadata/read (repeatable)',
      )
        .argParser(collect(parseScopedToken))
        .default([]),
    )
    .option('--anonymous-pull', 'allow pulls and metadata reads without credentials')
    .option('--no-seed', 'start empty, without the sample images')
    .option(
      '--data-dir <dir>',
      'keep the registry and its CA in this directory across restarts (default: memory)',
    )
    .option(
      '--log <file>',
      'append one JSON line per request (time, method, path, query, status, principal, durationMs)',
    )
    .addOption(
      new Option(
        '--fault <spec>',
        'inject a fault: status=CODE[,retry-after=S] | delay=MS | drop, then times=N, p=0-1, method=VERB, route=REGEX (repeatable)',
      )
        .argParser(collect(parseFault))
        .default([]),
    )
    .addOption(
      new Option('--fault-seed <n>', 'seed for probabilistic faults (p=)').argParser(parsePositiveInteger),
    )
    .addOption(
      new Option(
        '--rate-limit <tier|n>',
        "basic, standard or premium (ACR's reads/writes per minute: 1000/100, 3000/500, 10000/2000) or N per minute; answers 429 with Retry-After",
      ).argParser(parseRateLimit),
    )
    .addOption(
      new Option(
        '--referrers-page-size <n>',
        'most referrers per page before a Link (default 100)',
      ).argParser(parsePositiveInteger),
    )
    .addOption(
      new Option(
        '--max-page-size <n>',
        'largest n the tag, manifest and repository listings accept (default 1000)',
      ).argParser(parsePositiveInteger),
    )
    .addOption(
      new Option(
        '--oversized-page <refuse|cap>',
        'an n above --max-page-size: refuse (400 PAGINATION_NUMBER_INVALID, default) or cap (a page of the maximum and a Link)',
      ).choices([...OVERSIZED_PAGE_ANSWERS]),
    )
    .addOption(
      new Option(
        '--print-env',
        'print NAME=value lines (login server, URL, CA file, credentials) instead of the banner',
      ).conflicts('json'),
    )
    .option('--json', 'print the same as one JSON line before the banner')
    .action(async (flags: EmulatorFlags) => {
      // Loaded on demand: the emulator (and its certificate generator) is not part of a lock run.
      const { runStandalone } = await import('../standalone.js');
      const givenUser = flags.username ?? ctx.env.ACR_EMULATOR_USERNAME;
      const givenPassword = flags.password ?? ctx.env.ACR_EMULATOR_PASSWORD;
      const code = await runStandalone({
        port: flags.port,
        hostname: flags.hostname,
        listen: flags.listen,
        ...(flags.advertise ? { advertise: flags.advertise } : {}),
        ...(givenUser !== undefined || givenPassword !== undefined
          ? {
              admin: {
                username: givenUser ?? DEFAULT_ADMIN_USERNAME,
                password: givenPassword ?? randomAdminPassword(),
              },
            }
          : {}),
        scopedTokens: flags.scopedToken,
        anonymousPull: flags.anonymousPull === true,
        seed: flags.seed,
        ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
        ...(flags.log ? { logFile: flags.log } : {}),
        faultRules: flags.fault,
        ...(flags.faultSeed !== undefined ? { faultSeed: flags.faultSeed } : {}),
        ...(flags.rateLimit ? { rateLimits: flags.rateLimit } : {}),
        ...(flags.referrersPageSize ? { referrersPageSize: flags.referrersPageSize } : {}),
        ...(flags.maxPageSize ? { maxPageSize: flags.maxPageSize } : {}),
        ...(flags.oversizedPage ? { oversizedPage: flags.oversizedPage } : {}),
        output: flags.printEnv ? 'env' : flags.json ? 'json' : 'banner',
        print: (text) => ctx.stdout(`${text}\n`),
        printError: (text) => ctx.stderr(`${text}\n`),
      });
      ctx.setExit(code);
    });
}
