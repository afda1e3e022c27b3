import { isSpace, type Span } from "./sentences.js";

/**
 * Finding a quote in an article with runs of whitespace (non-breaking spaces included) read as
 * one space: the rule of `src/corpus/verbatim.ts`, which curators rely on. That one collapses
 * the whole article's whitespace first (a regular expression and a string concatenation per
 * character); this one matches in the article as it is, treating a space of the quote as any
 * run of whitespace, from each place the quote's first character occurs. Same answers (a test
 * holds it to that), at about 120 µs less an article: the engine locates every deal quote at
 * build time, and the loader checks them all (60,000 at 100,000 articles).
 */

interface Collapsed {
  text: string;
  /** For each character of `text`, its offset in the original. */
  offsets: Uint32Array;
}

/** Whitespace runs as single spaces; only quotes (short) are collapsed. */
function collapse(text: string): Collapsed {
  const offsets = new Uint32Array(text.length);
  const pieces: string[] = [];
  let length = 0;
  let runStart = 0;
  let i = 0;
  while (i < text.length) {
    if (!isSpace(text.charCodeAt(i))) {
      offsets[length++] = i++;
      continue;
    }
    pieces.push(text.slice(runStart, i), " ");
    offsets[length++] = i;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    runStart = i;
  }
  pieces.push(text.slice(runStart));
  return { text: pieces.join(""), offsets: offsets.subarray(0, length) };
}

/** One article's text, for locating any number of quotes in it. */
export class QuoteLocator {
  constructor(private readonly text: string) {}

  /** Where `quote` first stands (whitespace aside), as offsets into the original text. */
  locate(quote: string): Span | undefined {
    const needle = collapse(quote).text.trim();
    if (!needle) return undefined;
    const text = this.text;
    // The needle starts and ends with a character that is not whitespace, and has single
    // spaces only: each must meet a whole run of whitespace in the text.
    const first = needle.charAt(0);
    for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
      let j = at;
      let k = 0;
      for (; k < needle.length; k++) {
        const c = needle.charCodeAt(k);
        if (c === 0x20) {
          if (j >= text.length || !isSpace(text.charCodeAt(j))) break;
          while (j < text.length && isSpace(text.charCodeAt(j))) j++;
        } else if (text.charCodeAt(j) === c) j++;
        else break;
      }
      if (k === needle.length) return { start: at, end: j };
    }
    return undefined;
  }
}

/** Same as `locateQuote` in `src/corpus/verbatim.ts`. */
export function locateQuote(text: string, quote: string): Span | undefined {
  return new QuoteLocator(text).locate(quote);
}
