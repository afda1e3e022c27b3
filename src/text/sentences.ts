/**
 * Sentence boundaries with offsets. Intl.Segmenter splits after "U.S.", "Mr." or an initial
 * when a capital follows; those pieces are glued back so a snippet never starts mid-sentence.
 */

export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

// Words after which a full stop rarely ends a sentence.
const ABBREVIATION =
  /(?:^|[\s(])(?:[A-Z]|U\.S|U\.K|E\.U|Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Inc|Corp|Ltd|Co|No|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.\s*$/;

/** Sentence spans of `text[from, to)`, trimmed of surrounding whitespace. */
export function sentenceSpans(text: string, from = 0, to = text.length): Span[] {
  const slice = text.slice(from, to);
  const raw: Span[] = [];
  for (const seg of segmenter.segment(slice)) {
    const start = from + seg.index;
    raw.push({ start, end: start + seg.segment.length });
  }

  const glued: Span[] = [];
  for (const span of raw) {
    const prev = glued.at(-1);
    if (prev && endsWithStop(text, prev) && ABBREVIATION.test(text.slice(prev.start, prev.end)))
      prev.end = span.end;
    else glued.push({ ...span });
  }
  return glued.map((s) => trimSpan(text, s)).filter((s) => s.end > s.start);
}

/**
 * Whether the span ends in a full stop (whitespace aside): only then can ABBREVIATION match,
 * and checking the last characters first spares running it over every sentence of the corpus.
 */
function endsWithStop(text: string, span: Span): boolean {
  let end = span.end;
  while (end > span.start && isSpace(text.charCodeAt(end - 1))) end--;
  return end > span.start && text.charCodeAt(end - 1) === 0x2e;
}

/** Exactly the characters `/\s/` matches, by code. */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}
