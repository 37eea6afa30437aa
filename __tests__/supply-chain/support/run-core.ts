// The core over the real SDK client against the emulator, with referrers followed: one run, as the
// shells would make it, for the supply-chain suites.
import { SdkRegistryClient } from '../../../src/acr/sdk-registry-client.js';
import { processTargets } from '../../../src/core/process-targets.js';
import type { RegistryClient } from '../../../src/core/registry/registry-client.js';
import type { InputName } from '../../../src/core/settings/input-names.js';
import { parseSettings } from '../../../src/core/settings/parse-settings.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';

export function runCore(
  emu: RunningEmulator,
  inputs: Partial<Record<InputName, string>>,
  wrap: (client: RegistryClient) => RegistryClient = (client) => client,
) {
  const settings = parseSettings(
    (name) => ({ registry: emu.loginServer, 'include-referrers': 'true', ...inputs })[name],
  );
  const client = wrap(
    new SdkRegistryClient({
      loginServer: emu.loginServer,
      tokenSource: { kind: 'password', ...emu.admin },
      access: settings.action === 'apply' ? 'write' : 'read',
      caCertPem: emu.caCertPem,
      transport: { maxRetries: 0 },
      referrers: settings.includeReferrers,
    }),
  );
  return processTargets(settings, () => client);
}
