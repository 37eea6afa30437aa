/** Every output, declared once (GitHub step outputs, Azure DevOps output variables). */
export const OUTPUT_NAMES = ['digest', 'digests', 'changed', 'result', 'locked'] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];
