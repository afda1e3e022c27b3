import type { Article } from "../corpus/article.js";
import type { Paragraph } from "../corpus/chrome.js";
import { termsOf } from "../text/analyze.js";
import { type Span, sentenceSpans } from "../text/sentences.js";
import { nameWords } from "./companies.js";
import { cutSnippet } from "./snippets.js";
import type { Quote, SourceRef } from "./types.js";

export function sourceRef(article: Article): SourceRef {
  const { title, publisher, author, published, url } = article.meta;
  return {
    articleId: article.id,
    title,
    ...(publisher ? { publisher } : {}),
    ...(author ? { author } : {}),
    ...(published ? { published } : {}),
    ...(url ? { url } : {}),
  };
}

/** A word test that marks the names of the given companies. */
export function nameMatcher(names: string[]): (terms: string[]) => boolean {
  // A company's deals are listed with its name marked in every quote: the same few names
  // again and again, so their terms are worked out once.
  const key = names.join("\0");
  let wanted = NAME_TERMS.get(key);
  if (!wanted) {
    wanted = new Set(names.flatMap((n) => nameWords(n).flatMap((w) => termsOf(w))));
    if (NAME_TERMS.size >= 1000) NAME_TERMS.clear();
    NAME_TERMS.set(key, wanted);
  }
  const terms = wanted;
  return (words) => words.some((t) => terms.has(t));
}

const NAME_TERMS = new Map<string, Set<string>>();

/**
 * A quote of `span` in the article. A span that starts or ends inside a sentence is marked with
 * "…" on that side, so a reader can tell it was taken from a longer sentence.
 */
export function quoteOf(
  article: Article,
  span: Span,
  isHit: (terms: string[]) => boolean,
  // The engine knows each paragraph's sentences already; segmenting again costs more than the
  // rest of the quote.
  sentencesOf: (article: Article, paragraph: Paragraph) => Span[] = (a, p) =>
    sentenceSpans(a.text, p.start, p.end),
): Quote {
  const cut = cutSnippet(article.text, span, isHit);
  const paragraph = article.paragraphs.find((p) => p.start <= span.start && span.end <= p.end);
  let { text, highlights } = cut;
  if (paragraph) {
    const sentences = sentencesOf(article, paragraph);
    const startsSentence = sentences.some((s) => s.start === cut.start);
    const endsSentence = sentences.some((s) => s.end === cut.end);
    if (!startsSentence && !text.startsWith("…")) {
      text = `…${text}`;
      highlights = highlights.map((h) => ({ start: h.start + 1, end: h.end + 1 }));
    }
    if (!endsSentence && !text.endsWith("…")) text = `${text}…`;
  }
  return {
    source: sourceRef(article),
    text,
    highlights,
    articleStart: cut.start,
    articleEnd: cut.end,
  };
}

/** A sentence opening by referring back to a company named before it. */
const REFERS_BACK =
  /^["\u201C]?(?:It|Its|They|Their|The (?:[\w-]+ ){0,3}(?:company|maker|firm|group|licensee|customer|buyer|seller|bidder))\b/;

/**
 * `span` with the sentence before it when it opens by referring back ("The Jakarta-based phone
 * maker … stopped paying", "It…"): asked "which customer quit paying?", the name is there.
 */
export function withReferent(
  article: Article,
  span: Span,
  sentencesOf: (article: Article, paragraph: Paragraph) => Span[],
): Span {
  if (!REFERS_BACK.test(article.text.slice(span.start, span.start + 80))) return span;
  const previous = sentencesAround(article, span, sentencesOf)
    .filter((s) => s.end <= span.start)
    .at(-1);
  return previous ? { start: previous.start, end: span.end } : span;
}

/**
 * `span` with the sentence after it when only that one names the person asked for: "Hokuzan
 * denied the story within hours." is followed by who denied it ("…," said Aya Morikawa-Lund).
 */
export function withNext(
  article: Article,
  span: Span,
  sentencesOf: (article: Article, paragraph: Paragraph) => Span[],
  answers: (text: string) => boolean,
): Span {
  if (answers(article.text.slice(span.start, span.end))) return span;
  const next = sentencesAround(article, span, sentencesOf).find((s) => s.start >= span.end);
  return next && answers(article.text.slice(next.start, next.end))
    ? { start: span.start, end: next.end }
    : span;
}

/** The sentences of the paragraph `span` starts in. */
function sentencesAround(
  article: Article,
  span: Span,
  sentencesOf: (article: Article, paragraph: Paragraph) => Span[],
): Span[] {
  const paragraph = article.paragraphs.find((p) => p.start <= span.start && span.start < p.end);
  return paragraph ? sentencesOf(article, paragraph) : [];
}

/** Whether two quotes share part of one article. */
export function overlaps(a: Quote, b: Quote): boolean {
  return (
    a.source.articleId === b.source.articleId &&
    a.articleStart < b.articleEnd &&
    b.articleStart < a.articleEnd
  );
}
