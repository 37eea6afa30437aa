/** A Markdown table cell: `|` escaped and line breaks made spaces, so the text stays in its cell. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * A terminal table, the header first: each column as wide as its widest cell, two spaces between
 * columns, no trailing blanks.
 */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((cells) => alignedLine(cells, widths));
}

/** One line of a terminal table whose columns are `widths` wide: two spaces between, no trailing blanks. */
export function alignedLine(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}
