import { appendFileSync } from 'node:fs';
import type { EmulatorOptions } from './emulator-options.js';
import type { FaultRule } from './faults/fault-injector.js';
import type { RequestLogEntry } from './log/request-log.js';
import { SAMPLES } from './seed/samples.js';
import { startEmulator, type RunningEmulator } from './start-emulator.js';

type BannerFacts = Pick<RunningEmulator, 'url' | 'loginServer' | 'caCertPath' | 'admin'>;

/** The text printed when the emulator runs on its own. */
export function formatBanner(emu: BannerFacts, options: { seeded?: boolean } = {}): string {
  const server = emu.loginServer;
  const chain = SAMPLES.supplyChain;
  return [
    'ACR emulator (acr-lock) is running',
    `  Login server : ${emu.loginServer}`,
    `  URL          : ${emu.url}`,
    `  CA file      : ${emu.caCertPath}`,
    `                 export NODE_EXTRA_CA_CERTS=${emu.caCertPath}`,
    `  Admin user   : ${emu.admin.username}`,
    `  Password     : ${emu.admin.password}`,
    ...(options.seeded === false
      ? []
      : [
          '  Sample images:',
          `    ${server}/${SAMPLES.plain.repository}:${SAMPLES.plain.tag}  (${SAMPLES.plain.digest})`,
          `    ${server}/${SAMPLES.multiArch.repository}:${SAMPLES.multiArch.tag}  (${SAMPLES.multiArch.digest}, linux/amd64 + linux/arm64)`,
          `    ${server}/${SAMPLES.signed.repository}:${SAMPLES.signed.tag}  (${SAMPLES.signed.digest}, signature + SBOM referrers)`,
          `    ${server}/${chain.repository}:${chain.tag}  (${chain.digest}, signed multi-arch: SBOM + attestation per platform, signed SBOMs, cosign ${chain.cosignTag})`,
        ]),
    'Press Ctrl+C to stop.',
  ].join('\n');
}

/** What scripts read instead of the banner (`--print-env`, `--json`). */
export interface EmulatorEnvironment {
  ACR_EMULATOR_LOGIN_SERVER: string;
  ACR_EMULATOR_URL: string;
  ACR_EMULATOR_CA_FILE: string;
  ACR_EMULATOR_USERNAME: string;
  ACR_EMULATOR_PASSWORD: string;
}

export function environmentOf(emu: BannerFacts): EmulatorEnvironment {
  return {
    ACR_EMULATOR_LOGIN_SERVER: emu.loginServer,
    ACR_EMULATOR_URL: emu.url,
    ACR_EMULATOR_CA_FILE: emu.caCertPath,
    ACR_EMULATOR_USERNAME: emu.admin.username,
    ACR_EMULATOR_PASSWORD: emu.admin.password,
  };
}

/** `NAME=value` lines; a value with characters a shell would read is single-quoted. */
export function formatEnvironment(env: EmulatorEnvironment): string {
  return Object.entries(env)
    .map(([name, value]) =>
      /^[\w./:@%+,=-]*$/.test(value) ? `${name}=${value}` : `${name}='${value.replaceAll("'", `'\\''`)}'`,
    )
    .join('\n');
}

/** One line of the `--log` file. */
function logLine(entry: RequestLogEntry): string {
  return JSON.stringify({
    time: new Date(entry.time).toISOString(),
    method: entry.method,
    path: entry.path,
    query: entry.query ?? null,
    status: entry.status,
    principal: entry.principal ?? null,
    durationMs: Math.round(entry.durationMs * 1000) / 1000,
  });
}

export interface StandaloneOptions extends EmulatorOptions {
  /** `banner` (default), `env` (`--print-env`: only NAME=value lines) or `json` (a JSON line, then the banner). */
  output?: 'banner' | 'env' | 'json';
  /** Append one JSON line per request here. */
  logFile?: string;
  /** Added to the fault injector before the first request. */
  faultRules?: readonly FaultRule[];
  /** Where the banner goes; default stdout. */
  print?: (text: string) => void;
  /** Where a start-up failure goes; default stderr. */
  printError?: (text: string) => void;
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** A failure to start as one line (a busy port above all), or undefined for the unexpected. */
function startFailure(error: unknown, options: StandaloneOptions): string | undefined {
  const code = (error as { code?: unknown }).code;
  const where = `${options.listen ?? '127.0.0.1'} port ${options.port ?? 0}`;
  if (code === 'EADDRINUSE') {
    return `acr-lock emulator: ${where} is already in use; choose another --port (0 picks a free one).`;
  }
  if (code === 'EACCES')
    return `acr-lock emulator: not allowed to listen on ${where}; choose a port above 1023.`;
  if (code === 'EADDRNOTAVAIL')
    return `acr-lock emulator: ${options.listen ?? ''} is not an address of this machine (--listen).`;
  return undefined;
}

/**
 * `acr-lock emulator`: starts the emulator, prints how to reach it and runs until SIGINT/SIGTERM.
 * Returns the exit code: 0 after a clean stop, 1 when it could not start.
 */
export async function runStandalone(options: StandaloneOptions = {}): Promise<number> {
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const printError = options.printError ?? ((text: string) => process.stderr.write(`${text}\n`));
  const { output, logFile, faultRules, print: _p, printError: _e, ...emulatorOptions } = options;
  if (logFile) appendFileSync(logFile, '');
  let emu: RunningEmulator;
  try {
    emu = await startEmulator({
      ...emulatorOptions,
      ...(logFile ? { onRequest: (entry) => appendFileSync(logFile, `${logLine(entry)}\n`) } : {}),
    });
  } catch (error) {
    const line = startFailure(error, options);
    if (line === undefined) throw error;
    printError(line);
    return 1;
  }
  for (const rule of faultRules ?? []) emu.faults.add(rule);
  const stopped = untilSignal();
  const banner = formatBanner(emu, { seeded: options.seed !== false });
  if (output === 'env') print(formatEnvironment(environmentOf(emu)));
  else if (output === 'json')
    print(`${JSON.stringify({ ...environmentOf(emu), port: emu.port })}\n${banner}`);
  else print(banner);
  await stopped;
  await emu.close();
  return 0;
}
