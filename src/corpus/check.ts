import type { Problem } from "./article.js";
import type { Corpus } from "./load.js";

/**
 * What `npm run corpus:check` adds to loading: facts about the corpus as a whole that are worth
 * knowing but do not make a file wrong.
 */
export interface CorpusNotice {
  file: string;
  message: string;
}

export function corpusNotices(corpus: Corpus): CorpusNotice[] {
  const cited = new Set(corpus.deals.flatMap((d) => d.sources.map((s) => s.article)));
  return corpus.articles
    .filter((a) => !cited.has(a.id))
    .map((a) => ({ file: a.file, message: "no deal record cites this article" }));
}

export function formatProblem(p: Problem): string {
  return `${p.severity === "error" ? "error" : "warning"}: ${p.file}${p.field ? ` (${p.field})` : ""}: ${p.message}`;
}
