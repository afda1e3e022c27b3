import MiniSearch from "minisearch";
import type { Corpus } from "../corpus/load.js";
import type { Replier } from "./run.js";

/**
 * The plain baseline the engine is measured against: MiniSearch with its defaults, one document
 * per paragraph, the top three paragraphs quoted whole, abstaining only when nothing matches.
 */
export function baselineReplier(corpus: Corpus): Replier {
  const paragraphs = corpus.articles.flatMap((a) =>
    a.paragraphs.map((p) => ({ articleId: a.id, text: a.text.slice(p.start, p.end) })),
  );
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ["text"] });
  index.addAll(paragraphs.map((p, id) => ({ id, text: p.text })));

  return (c) => {
    const query =
      c.command === "deal"
        ? [c.options.company, c.options.with].filter(Boolean).join(" ")
        : (c.options.question ?? "");
    const hits = index.search(query).slice(0, 3);
    if (hits.length === 0) return { text: "Nothing relevant found.", quotes: [] };
    const quotes = hits.flatMap((h) => {
      const p = paragraphs[h.id as number];
      return p ? [{ articleId: p.articleId, text: p.text }] : [];
    });
    return {
      text: quotes.map((q, i) => `[${i + 1}] “${q.text}” — ${q.articleId}`).join("\n"),
      quotes,
    };
  };
}
