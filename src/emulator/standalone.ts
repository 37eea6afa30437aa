import { SAMPLES } from './seed/samples.js';
import { startEmulator, type RunningEmulator } from './start-emulator.js';

/** The text printed when the emulator runs on its own. */
export function formatBanner(
  emu: Pick<RunningEmulator, 'url' | 'loginServer' | 'caCertPath' | 'admin'>,
): string {
  const server = emu.loginServer;
  return [
    'ACR emulator (acr-lock) is running',
    `  Login server : ${emu.loginServer}`,
    `  URL          : ${emu.url}`,
    `  CA file      : ${emu.caCertPath}`,
    `                 export NODE_EXTRA_CA_CERTS=${emu.caCertPath}`,
    `  Admin user   : ${emu.admin.username}`,
    `  Password     : ${emu.admin.password}`,
    '  Sample images:',
    `    ${server}/${SAMPLES.plain.repository}:${SAMPLES.plain.tag}  (${SAMPLES.plain.digest})`,
    `    ${server}/${SAMPLES.multiArch.repository}:${SAMPLES.multiArch.tag}  (${SAMPLES.multiArch.digest}, linux/amd64 + linux/arm64)`,
    `    ${server}/${SAMPLES.signed.repository}:${SAMPLES.signed.tag}  (${SAMPLES.signed.digest}, signature + SBOM referrers)`,
    'Press Ctrl+C to stop.',
  ].join('\n');
}

export interface StandaloneOptions {
  port?: number;
  hostname?: string;
  /** Where the banner goes; default stdout. */
  print?: (text: string) => void;
}

/** Starts the emulator, prints the banner and runs until SIGINT/SIGTERM (for `acr-lock emulator`). */
export async function runStandalone(options: StandaloneOptions = {}): Promise<void> {
  const emu = await startEmulator({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.hostname !== undefined ? { hostname: options.hostname } : {}),
  });
  (options.print ?? ((text: string) => process.stdout.write(`${text}\n`)))(formatBanner(emu));
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emu.close();
}
