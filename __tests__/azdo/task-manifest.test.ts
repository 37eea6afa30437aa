// task.json against the task manifest schema and against the code (inputs, choices, outputs, versions);
// the packaged .vsix: what it holds, and that its task runs with nothing installed beside it.
import { POLICY_ACTIONS } from '../../src/core/settings/policy-settings.js';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { CLOUDS } from '../../src/core/model/cloud.js';
import { ACTIONS, MODES } from '../../src/core/model/modes.js';
import { OUTPUT_NAMES, taskOutputName } from '../../src/core/platform/output-names.js';
import { taskInputName } from '../../src/core/settings/input-names.js';
import { SCOPES } from '../../src/core/settings/settings.js';
import { CONNECTION_INPUTS, TASK_INPUTS } from '../../src/azdo/task-inputs.js';
import { packagedTask, type PackagedTask, type TaskInput, type TaskManifest } from './run-task.js';

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const task = readJson<TaskManifest>('task.json');
const extension = readJson<{
  id: string;
  publisher: string;
  version: string;
  icons: { default: string };
  content: { details: { path: string } };
  files: Array<{ path: string }>;
  contributions: Array<{ type: string; targets: string[]; properties: { name: string } }>;
}>('vss-extension.json');
const pkg = readJson<{ version: string }>('package.json');
const inputs = new Map<string, TaskInput>(task.inputs.map((input) => [input.name, input]));

function compileSchema() {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv.compile(readJson<object>('__tests__/azdo/task-manifest.schema.json'));
}

describe('task.json', () => {
  test('validates against the task manifest schema', () => {
    const validate = compileSchema();
    expect(validate(task) ? [] : validate.errors).toEqual([]);
  });

  test('the schema catches what it should (a sanity check of the check)', () => {
    const validate = compileSchema();
    const broken = [
      { ...task, id: 'not-a-guid' },
      { ...task, friendlyName: 'A friendly name that is far longer than forty characters' },
      { ...task, category: 'Deployment' },
      { ...task, inputs: [{ name: 'lock-mode', label: 'x', type: 'string' }] },
      { ...task, inputs: [{ name: 'x', label: 'x', type: 'dropdown' }] },
      { ...task, execution: { Node22: { target: 'index.js' } } },
      { ...task, outputVariables: [{ name: 'result', type: 'string' }] },
      { ...task, unknown: true },
    ];
    for (const manifest of broken) expect(validate(manifest)).toBe(false);
  });

  test('AcrLock in Deploy, a stable id, help that links to the README section', () => {
    expect(task).toMatchObject({
      name: 'AcrLock',
      category: 'Deploy',
      id: 'cdd400cd-4318-4074-8faf-f122521894d1',
    });
    expect(task.helpUrl).toMatch(/#azure-pipelines$/);
    expect(task.helpMarkDown).toContain(String(task.helpUrl));
    expect(readFileSync('README.md', 'utf8')).toMatch(/^## Azure Pipelines$/m);
  });

  test('runs on Node 24, with Node 20 kept for agents told to use it', () => {
    expect(task.execution).toEqual({
      Node20_1: { target: 'index.js', argumentFormat: '' },
      Node24: { target: 'index.js', argumentFormat: '' },
    });
    // @azure/core-rest-pipeline asks for Node >= 22: 4.265.1 is the first agent with the Node24 handler, and
    // an agent picks the highest handler it has. (task-run.test.ts runs the task on Node 20 as well.)
    const [major = 0, minor = 0, patch = 0] = String(task.minimumAgentVersion).split('.').map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(4 * 1e6 + 265 * 1e3 + 1);
  });

  test('its inputs are the core inputs the task exposes (camelCase) and the two service connections', () => {
    expect([...inputs.keys()].sort()).toEqual(
      [...TASK_INPUTS.map(taskInputName), CONNECTION_INPUTS.azureRm, CONNECTION_INPUTS.dockerRegistry].sort(),
    );
    expect(inputs.get(CONNECTION_INPUTS.azureRm)?.type).toBe('connectedService:AzureRM');
    expect(inputs.get(CONNECTION_INPUTS.dockerRegistry)?.type).toBe('connectedService:dockerregistry');
    // Not required: sweep, enforce and audit take a policy file or repositories instead.
    expect(inputs.get('image')).toMatchObject({ type: 'multiLine', required: false });
    expect(inputs.get('lockManifest')).toMatchObject({ type: 'boolean', defaultValue: true });
    // A filePath input left empty arrives as the sources directory: the CA path is a plain string.
    expect(inputs.get('caCert')?.type).toBe('string');
  });

  test.each([
    ['lockMode', MODES, 'full-lock'],
    ['action', [...ACTIONS, ...POLICY_ACTIONS], 'apply'],
    ['scope', SCOPES, 'image'],
    ['cloud', CLOUDS, ''],
    ['writeEnabled', ['true', 'false'], ''],
    ['deleteEnabled', ['true', 'false'], ''],
    ['readEnabled', ['true', 'false'], ''],
    ['listEnabled', ['true', 'false'], ''],
  ])('%s offers exactly the choices the core accepts', (name, choices, defaultValue) => {
    const input = inputs.get(name);
    expect(input?.type).toBe('pickList');
    expect(Object.keys(input?.options ?? {})).toEqual([...choices]);
    expect(input?.defaultValue).toBe(defaultValue);
  });

  test('inputs are grouped (target, lock, policy, advanced), and every group and visible rule refers to something real', () => {
    const groups = (task.groups as Array<{ name: string }>).map((g) => g.name);
    expect(groups).toEqual(['target', 'lock', 'policy', 'advanced']);
    for (const input of task.inputs) expect(groups).toContain(input.groupName);
    for (const group of groups) expect(task.inputs.some((i) => i.groupName === group)).toBe(true);
    const rules = task.inputs.filter((i) => i.visibleRule !== undefined);
    expect(rules.length).toBeGreaterThan(0);
    for (const { visibleRule } of rules) {
      for (const clause of String(visibleRule).split(/&&|\|\|/)) {
        const match = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(=|!=)\s*(\S*)\s*$/.exec(clause);
        expect(match).not.toBeNull();
        const target = inputs.get(match?.[1] ?? '');
        expect(target).toBeDefined();
        if (target?.type === 'pickList') expect(Object.keys(target.options ?? {})).toContain(match?.[3]);
      }
    }
  });

  test('instanceNameFormat names only inputs', () => {
    const names = [...String(task.instanceNameFormat).matchAll(/\$\(([^)]+)\)/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(inputs.has(name ?? '')).toBe(true);
  });

  test('outputVariables mirror the outputs, and are the only variables the task may set', () => {
    expect(task.outputVariables.map((v) => v.name)).toEqual(OUTPUT_NAMES.map(taskOutputName));
    for (const variable of task.outputVariables) expect(variable.description).toBeTruthy();
    expect(task.restrictions).toEqual({ settableVariables: { allowed: OUTPUT_NAMES.map(taskOutputName) } });
  });

  test('task, extension and package share one version', () => {
    const { Major, Minor, Patch } = task.version;
    expect(`${Major}.${Minor}.${Patch}`).toBe(pkg.version);
    expect(extension.version).toBe(pkg.version);
  });
});

describe('the .vsix', () => {
  let vsix: PackagedTask;
  beforeAll(async () => {
    vsix = await packagedTask();
  });

  test('holds the extension manifest, overview, icon, licence and the task folder the contribution names', () => {
    const contribution = extension.contributions.find((c) => c.type === 'ms.vss-distributed-task.task');
    expect(contribution).toMatchObject({
      targets: ['ms.vss-distributed-task.tasks'],
      properties: { name: 'AcrLock' },
    });
    expect([...vsix.files].sort()).toEqual(
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension.vsomanifest',
        'LICENSE',
        'overview.md',
        'images/icon.png',
        'AcrLock/task.json',
        'AcrLock/icon.png',
        'AcrLock/index.js',
        'AcrLock/THIRD_PARTY_NOTICES.txt',
        'AcrLock/package.json',
      ].sort(),
    );
  });

  test('its task folder is task.json and the committed bundle, byte for byte', async () => {
    for (const [packaged, source] of [
      ['task.json', 'task.json'],
      ['index.js', 'dist/task/index.js'],
      ['package.json', 'dist/task/package.json'],
    ] as const) {
      expect((await readFile(join(vsix.taskDir, packaged))).equals(await readFile(source))).toBe(true);
    }
    expect(readJson<{ type: string }>(join(vsix.taskDir, 'package.json')).type).toBe('commonjs');
  });

  test('the vsixmanifest carries the publisher, id and version', async () => {
    const manifest = await readFile(join(vsix.taskDir, '..', 'extension.vsixmanifest'), 'utf8');
    expect(manifest).toContain(`Id="${extension.id}"`);
    expect(manifest).toContain(`Publisher="${extension.publisher}"`);
    expect(manifest).toContain(`Version="${extension.version}"`);
  });

  test('the bundle needs nothing but Node itself, and carries the task library strings', async () => {
    const bundle = await readFile(join(vsix.taskDir, 'index.js'), 'utf8');
    // A require inside a string literal is code text, not a call: Ajv keeps `'require("ajv/dist/runtime/…")'`
    // strings for its standalone code generator, which acr-lock never runs.
    const required = new Set([...bundle.matchAll(/(?<!['`])require\("([^"]+)"\)/g)].map((m) => m[1] ?? ''));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect([...required].filter((name) => !builtins.has(name))).toEqual([]);
    // azure-pipelines-task-lib's messages (lib.json) travel inside the bundle (lib-resource.js).
    expect(bundle).toContain('Endpoint auth data not present: %s');
  });
});
