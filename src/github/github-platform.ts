import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import type { Platform } from '../core/platform/platform.js';
import { DECLARED_TERMS } from '../core/settings/input-terms.js';

/**
 * The GitHub runner as a platform, over @actions/core: inputs from INPUT_*, masks and annotations as
 * workflow commands, outputs to GITHUB_OUTPUT, the summary to GITHUB_STEP_SUMMARY.
 */
export const githubPlatform: Platform = {
  readInput: (name) => core.getInput(name),
  // action.yml declares every input under its declared name.
  inputTerms: DECLARED_TERMS,
  setSecret: (value) => core.setSecret(value),
  setOutput: (name, value) => core.setOutput(name, value),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  error: (message, title) => core.error(message, { title }),
  async writeSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) {
      core.info('No job summary: GITHUB_STEP_SUMMARY is not set.');
      return;
    }
    await core.summary.addRaw(markdown).write();
  },
  async writeReportFile(json) {
    const dir = join(process.env.RUNNER_TEMP || tmpdir(), `acr-lock-${randomUUID()}`);
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'report.json');
    await writeFile(path, json, { mode: 0o600 });
    return path;
  },
  setFailed(message) {
    core.error(message, { title: 'acr-lock failed' });
    process.exitCode = core.ExitCode.Failure;
  },
};
