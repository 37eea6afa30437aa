const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `30m`, `2h`, `30d`, `4w`: one whole number and one unit. */
const DURATION = /^([0-9]{1,6})([mhdw])$/;
export const DURATION_RULE =
  'an age is a whole number followed by m, h, d or w (minutes, hours, days, weeks), e.g. 2h or 30d';

/** Milliseconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** A listing's timestamp (`2024-06-20T22:44:25.6284321Z`, seven fractional digits) in ms, or undefined. */
export function parseListingTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
