import { itemsOfBody, ListingFormatError, type ListingKind } from './listing-wire.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * A listing body's items (`{"tags": [ … ]}`) parsed `batch` at a time. A page of 1,000 items parsed
 * whole makes 1,000 items at once, which all outlive the young generation while the page is worked
 * through and fill the old one with garbage; parsed a batch at a time, a batch's items die young.
 *
 * JSON.parse does all the parsing: the text is only cut where the list's items end (at a comma or
 * the closing bracket outside any string or nesting), and the body around the list is parsed too,
 * with the list emptied, before any item is handed out. A body whose list is not found that way (no
 * list, or its key written with escapes) is parsed whole.
 */
export function* listingBatches<T>(body: string, kind: ListingKind<T>, batch: number): Generator<T[]> {
  const listStart = listOpening(body, kind.key);
  if (listStart === undefined) {
    const items = itemsOfBody(parseJson(body, kind), kind);
    if (items.length > 0) yield items;
    return;
  }
  const { bounds, listEnd } = itemBounds(body, listStart, kind);
  itemsOfBody(parseJson(body.slice(0, listStart) + body.slice(listEnd), kind), kind);
  const count = bounds.length / 2;
  // `[ ]`: one stretch of white space, no item.
  if (count === 1 && body.slice(bounds[0], bounds[1]).trim() === '') return;
  for (let first = 0; first < count; first += batch) {
    const last = Math.min(first + batch, count) - 1;
    // The items and the commas between them, as the body has them: JSON.parse checks those too.
    const raw = parseJson(`[${body.slice(bounds[2 * first], bounds[2 * last + 1])}]`, kind) as unknown[];
    yield raw.map((item, i) => kind.toItem(item, first + i));
  }
}

function parseJson<T>(text: string, kind: ListingKind<T>): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ListingFormatError(`${kind.what}: not JSON: ${(error as Error).message}`);
  }
}

/**
 * Where the body's own list begins (just after its `[`): the value of `key` in the top-level object,
 * when it is written as a plain string followed by a list. Undefined otherwise.
 */
function listOpening(body: string, key: string): number | undefined {
  const wanted = JSON.stringify(key);
  let depth = 0;
  // The last character outside strings and white space at depth 1, to tell a key (after `{` or `,`).
  let before = 0;
  for (let i = 0; i < body.length; i += 1) {
    const c = body.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(body, i);
      if (depth === 1 && (before === OPEN_BRACE || before === COMMA)) {
        const next = skipSpace(body, end + 1);
        if (body.charCodeAt(next) === COLON && body.slice(i, end + 1) === wanted) {
          const value = skipSpace(body, next + 1);
          return body.charCodeAt(value) === OPEN_BRACKET ? value + 1 : undefined;
        }
      }
      if (depth === 1) before = QUOTE;
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth === 1) before = c;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
    } else if (depth === 1 && !isSpace(c)) {
      before = c;
    }
  }
  return undefined;
}

/**
 * Each item's first and end offsets, end to end, from `from` (just after the list's `[`) to the
 * list's `]` (`listEnd`): an item ends at a comma or at that bracket, outside strings and nesting.
 */
function itemBounds<T>(
  body: string,
  from: number,
  kind: ListingKind<T>,
): { bounds: number[]; listEnd: number } {
  const bounds: number[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < body.length; i += 1) {
    const c = body.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(body, i);
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) {
        if (c !== CLOSE_BRACKET) break;
        bounds.push(start, i);
        return { bounds, listEnd: i };
      }
      depth -= 1;
    } else if (c === COMMA && depth === 0) {
      bounds.push(start, i);
      start = i + 1;
    }
  }
  throw new ListingFormatError(`${kind.what}: not JSON: its '${kind.key}' list does not end`);
}

/** The offset of the quote that closes the string opened at `open` (the body's length if none does). */
function stringEnd(body: string, open: number): number {
  for (let i = open + 1; i < body.length; i += 1) {
    const c = body.charCodeAt(i);
    if (c === BACKSLASH) i += 1;
    else if (c === QUOTE) return i;
  }
  return body.length;
}

function skipSpace(body: string, from: number): number {
  let i = from;
  while (i < body.length && isSpace(body.charCodeAt(i))) i += 1;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
