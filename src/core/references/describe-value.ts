const MAX_SHOWN = 200;

/** A user's value quoted for an error message, cut short when very long. */
export function quote(value: string): string {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return `'${shown}'`;
}
