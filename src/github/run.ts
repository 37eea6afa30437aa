import * as core from '@actions/core';
import { handleInvocation } from '../runner/handle-invocation.js';
import { hasAzureCliSession } from './azure-cli-session.js';
import { credentialsHint } from './credentials-hint.js';
import { githubPlatform as platform } from './github-platform.js';
import { canRequestIdToken, oncePerAudience } from './id-token.js';

/**
 * The action's entry point (named `run` because @github/local-action calls that export): inputs from
 * action.yml, credentials in the documented order, outputs and job summary.
 */
export async function run(
  env: NodeJS.ProcessEnv = process.env,
  /** The action process's V8 settings for a long run (InvocationOptions.boundHeap); main.ts gives them. */
  boundHeap?: () => void,
): Promise<void> {
  try {
    const outcome = await handleInvocation({
      shell: 'action',
      ...(boundHeap ? { boundHeap } : {}),
      platform,
      env,
      // After the inputs, azure/login's session comes before the AZURE_* environment.
      platformAuth: (await hasAzureCliSession(env)) ? { kind: 'azure-cli' } : undefined,
      // Without `id-token: write` there is no token to offer: federation is then refused before any request.
      federatedAssertion: canRequestIdToken(env)
        ? oncePerAudience((audience) => core.getIDToken(audience))
        : undefined,
      credentialsHint: credentialsHint(platform.readInput, env),
      caCertHint:
        "The registry's certificate is signed by a CA the runner does not trust: commit that CA's certificate " +
        '(PEM) to the repository and give its path in the `ca-cert` input.',
    });
    if (outcome.kind === 'usage-error' || outcome.kind === 'error')
      await platform.writeSummary(`### acr-lock\n\n❌ ${outcome.message}\n`);
  } catch (error) {
    platform.setFailed(`acr-lock: ${(error as Error).message}`);
  }
}
