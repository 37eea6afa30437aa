/** Every output, declared once (GitHub step outputs, Azure DevOps output variables). */
export const OUTPUT_NAMES = [
  'digest',
  'digests',
  'changed',
  'result',
  'locked',
  'report-file',
  // sweep, enforce and audit
  'selected',
  'unchanged',
  'kept',
  'failed',
  'findings',
  // verify over a selection
  'mismatched',
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** `report-file` → `reportFile`: Azure Pipelines output variables are letters and digits only. */
export function taskOutputName(name: OutputName): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}
