import type { Article } from "../corpus/article.js";
import { type Span, sentenceSpans } from "../text/sentences.js";

/**
 * The unit of search: a few consecutive sentences of one paragraph. Small enough that a match
 * means the sentences are about the query, large enough to keep a sentence's context.
 */
export interface Passage {
  /** Position in the engine's passage list; also the MiniSearch id. */
  id: number;
  articleId: string;
  /** Offsets into the article text. */
  start: number;
  end: number;
  sentences: Span[];
  /** The section heading above it, if any: context for search, never quoted. */
  section?: string;
  companies: string[];
}

const MAX_SENTENCES = 3;

export function splitPassages(
  article: Article,
  firstId: number,
  companiesIn: (text: string) => string[],
): Passage[] {
  const passages: Passage[] = [];
  let section: string | undefined;
  for (const paragraph of article.paragraphs) {
    if (paragraph.kind === "heading") {
      section = article.text.slice(paragraph.start, paragraph.end);
      continue;
    }
    const sentences = sentenceSpans(article.text, paragraph.start, paragraph.end);
    // Even chunks: seven sentences become 3 + 2 + 2, not 3 + 3 + 1.
    const chunks = Math.ceil(sentences.length / MAX_SENTENCES);
    const size = Math.ceil(sentences.length / chunks);
    for (let i = 0; i < sentences.length; i += size) {
      const group = sentences.slice(i, i + size);
      const first = group[0];
      const last = group.at(-1);
      if (!first || !last) continue;
      const text = article.text.slice(first.start, last.end);
      passages.push({
        id: firstId + passages.length,
        articleId: article.id,
        start: first.start,
        end: last.end,
        sentences: group,
        ...(section ? { section } : {}),
        companies: companiesIn(text),
      });
    }
  }
  return passages;
}
