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
    if (prev && ABBREVIATION.test(text.slice(prev.start, prev.end))) prev.end = span.end;
    else glued.push({ ...span });
  }
  return glued.map((s) => trimSpan(text, s)).filter((s) => s.end > s.start);
}

export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start] ?? "")) start++;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  return { start, end };
}
