import type { Article } from "../corpus/article.js";
import type { Engine } from "../engine/engine.js";
import { ArticleTitles } from "../engine/titles.js";
import type { ArticleView } from "../render/embeds.js";
import type { Choice } from "./command.js";

/**
 * Look-ups the commands need in the shape they need: autocomplete choices for companies and
 * articles, and finding an article by id or (mistyped) title. Plain data in and out, no
 * Discord types; the matching itself is the engine's.
 */

/** Companies for an option being typed, `other` being the command's other company option. */
export function companyChoices(engine: Engine, input: string, other?: string): Choice[] {
  return engine.suggestCompanies(input, 25, other).map((r) => ({ name: r.name, value: r.name }));
}

export function articleChoices(engine: Engine, input: string): Choice[] {
  return ArticleTitles.of(engine.data)
    .search(input)
    .top(25)
    .map(({ article }) => ({
      name: article.meta.title,
      // The id is short and exact; a title would be cut at 100 characters and might not resolve.
      value: article.id.length <= 100 ? article.id : article.meta.title.slice(0, 100),
    }));
}

export type ArticleLookup =
  | { kind: "found"; article: Article }
  | { kind: "ambiguous" | "none"; suggestions: Article[] };

/** By id (what autocomplete sends), by exact title, or by a title typed from memory. */
export function findArticle(engine: Engine, input: string): ArticleLookup {
  const titles = ArticleTitles.of(engine.data);
  const exact = titles.exact(input);
  if (exact) return { kind: "found", article: exact };
  const matches = titles.search(input);
  const [best, second] = matches.top(2);
  if (best?.complete && (!second || second.score < best.score))
    return { kind: "found", article: best.article };
  // When several match every word typed, those are the ones to choose between.
  const suggestions = matches.top(5, best?.complete).map((s) => s.article);
  return { kind: best?.complete ? "ambiguous" : "none", suggestions };
}

/** The article with every deal record that cites it, and the sentence each one cites. */
export function articleView(engine: Engine, article: Article): ArticleView {
  const name = (id: string) => engine.data.directory.get(id)?.name ?? id;
  return {
    id: article.id,
    title: article.meta.title,
    ...(article.meta.publisher ? { publisher: article.meta.publisher } : {}),
    ...(article.meta.author ? { author: article.meta.author } : {}),
    ...(article.meta.published ? { published: article.meta.published } : {}),
    ...(article.meta.url ? { url: article.meta.url } : {}),
    deals: engine.data.corpus.deals.flatMap((deal) => {
      const source = deal.sources.find((s) => s.article === article.id);
      if (!source) return [];
      return [
        {
          id: deal.id,
          kinds: deal.kinds,
          parties: [...new Set(deal.parties.map((p) => name(p.company)))],
          dates: deal.dates,
          summary: deal.summary,
          quote: source.quote,
        },
      ];
    }),
  };
}
