import type { Article } from "../corpus/article.js";
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
  const wanted = new Set(names.flatMap((n) => nameWords(n).flatMap((w) => termsOf(w))));
  return (terms) => terms.some((t) => wanted.has(t));
}

/**
 * A quote of `span` in the article. A span that starts or ends inside a sentence is marked with
 * "…" on that side, so a reader can tell it was taken from a longer sentence.
 */
export function quoteOf(article: Article, span: Span, isHit: (terms: string[]) => boolean): Quote {
  const cut = cutSnippet(article.text, span, isHit);
  const paragraph = article.paragraphs.find((p) => p.start <= span.start && span.end <= p.end);
  let { text, highlights } = cut;
  if (paragraph) {
    const sentences = sentenceSpans(article.text, paragraph.start, paragraph.end);
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
