// The Azure Pipelines task: the service connection gives the credentials, the shared runner does the rest.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from 'azure-pipelines-task-lib/task.js';
import { InputError } from '../core/errors.js';
import { verdict } from '../core/report/render-report.js';
import { handleInvocation } from '../runner/handle-invocation.js';
import { boundHeapGrowth } from '../runner/heap-growth.js';
import { renderInputError } from '../core/settings/input-terms.js';
import { agentConnections } from './agent-connections.js';
import { credentialsFromConnections } from './service-connections.js';
import { CONNECTION_INPUTS, TASK_TERMS, taskInputReader } from './task-inputs.js';
import { completeTask, TaskPlatform } from './task-platform.js';

const CREDENTIALS_HINT =
  `Check the service connection in ${CONNECTION_INPUTS.azureRm} or ${CONNECTION_INPUTS.dockerRegistry}: its ` +
  "identity needs to read and write the repositories' metadata (Container Registry Repository Writer on " +
  'ABAC registries; metadata/read and metadata/write for a repository-scoped token).';

async function main(): Promise<void> {
  // The report file lives here, for later steps of the job (the agent cleans its temp directory).
  const workDir = join(tl.getVariable('Agent.TempDirectory') || tmpdir(), `acr-lock-${randomUUID()}`);
  let failure: string | undefined;
  let success = 'acr-lock finished';
  try {
    const credentials = credentialsFromConnections(
      {
        azureRm: tl.getInput(CONNECTION_INPUTS.azureRm),
        dockerRegistry: tl.getInput(CONNECTION_INPUTS.dockerRegistry),
      },
      agentConnections(),
    );
    const agentCa = tl.getVariable('Agent.CAInfo');
    const defaults = { ...(agentCa ? { 'ca-cert': agentCa } : {}), ...credentials.defaults };
    const platform = new TaskPlatform(taskInputReader(tl.getInput, defaults), workDir);
    for (const secret of credentials.secrets) platform.setSecret(secret);
    platform.info(`Credentials: ${credentials.description}.`);
    const outcome = await handleInvocation({
      shell: 'task',
      platform,
      env: process.env,
      platformAuth: credentials.auth,
      credentialsHint: CREDENTIALS_HINT,
      boundHeap: boundHeapGrowth,
      caCertHint:
        "The registry's certificate is signed by a CA the agent does not trust: give the path of that CA's " +
        "certificate (PEM) in caCert, or configure the agent's CA certificate (Agent.CAInfo), which the task uses by default.",
    });
    failure = platform.failure;
    if (outcome.kind === 'done') success = verdict(outcome.report);
    else if (outcome.kind === 'policy-done') success = outcome.verdict;
  } catch (error) {
    failure = error instanceof InputError ? renderInputError(error, TASK_TERMS) : (error as Error).message;
  }
  completeTask(failure, success);
}

void main();
