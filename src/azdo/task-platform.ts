import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tl from 'azure-pipelines-task-lib/task.js';
import type { Platform } from '../core/platform/platform.js';
import { taskOutputName, type OutputName } from '../core/platform/output-names.js';
import type { InputReader } from '../core/settings/input-names.js';
import { TASK_TERMS } from './task-inputs.js';

/**
 * The Azure Pipelines agent as a platform, through its logging commands: output variables
 * (`isOutput=true`), `task.setsecret`, `task.logissue`, and a Markdown summary attached with
 * `task.uploadsummary`. The result is given once, at the end, by completeTask().
 */
export class TaskPlatform implements Platform {
  /** The reason the task fails, once anything said so. */
  failure?: string;
  readonly inputTerms = TASK_TERMS;

  constructor(
    readonly readInput: InputReader,
    /** A directory of this run's own under Agent.TempDirectory. */
    private readonly workDir: string,
  ) {}

  setSecret(value: string): void {
    // The agent masks line by line and refuses multi-line secrets.
    for (const line of value.split(/\r?\n/)) if (line.trim()) tl.setSecret(line);
  }

  setOutput(name: OutputName, value: string): void {
    // Variables are substituted as text into later steps: keep the JSON report on one line.
    const text = name === 'result' ? JSON.stringify(JSON.parse(value)) : value;
    tl.setVariable(taskOutputName(name), text, false, true);
  }

  info(message: string): void {
    process.stdout.write(`${message}\n`);
  }

  warning(message: string): void {
    tl.logIssue(tl.IssueType.Warning, message);
  }

  error(message: string, title: string): void {
    tl.logIssue(tl.IssueType.Error, `${title}: ${message}`);
  }

  async writeSummary(markdown: string): Promise<void> {
    mkdirSync(this.workDir, { recursive: true });
    const path = join(this.workDir, 'acr-lock.md');
    writeFileSync(path, markdown);
    tl.uploadSummary(path);
  }

  setFailed(message: string): void {
    this.failure ??= message;
  }

  async writeReportFile(json: string | AsyncIterable<string>): Promise<string> {
    mkdirSync(this.workDir, { recursive: true });
    const path = join(this.workDir, 'report.json');
    await writeFile(path, json, { mode: 0o600 });
    return path;
  }
}

/** The task's result, once: an error issue with the reason, then `task.complete`. */
export function completeTask(failure: string | undefined, success: string): void {
  if (failure !== undefined) tl.logIssue(tl.IssueType.Error, failure);
  tl.command('task.complete', { result: failure === undefined ? 'Succeeded' : 'Failed' }, failure ?? success);
}
