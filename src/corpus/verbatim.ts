import type { Span } from "../text/sentences.js";

/**
 * Where a quote stands in an article, comparing with runs of whitespace (non-breaking spaces
 * included) treated as one space: curators copy quotes from rendered pages, where the two look
 * the same. Returns offsets into the original text.
 */
export function locateQuote(text: string, quote: string): Span | undefined {
  const needle = collapse(quote).text.trim();
  if (!needle) return undefined;
  const hay = collapse(text);
  const at = hay.text.indexOf(needle);
  if (at < 0) return undefined;
  const start = hay.offsets[at];
  const lastOffset = hay.offsets[at + needle.length - 1];
  if (start === undefined || lastOffset === undefined) return undefined;
  return { start, end: lastOffset + 1 };
}

function collapse(text: string): { text: string; offsets: number[] } {
  let out = "";
  const offsets: number[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (/\s/.test(ch)) {
      if (!inSpace) {
        out += " ";
        offsets.push(i);
      }
      inSpace = true;
    } else {
      out += ch;
      offsets.push(i);
      inSpace = false;
    }
  }
  return { text: out, offsets };
}
