import { distance } from "fastest-levenshtein";
import type { Article } from "../corpus/article.js";
import type { Engine, EngineData } from "../engine/engine.js";
import type { CompanyRef } from "../engine/types.js";
import type { ArticleView } from "../render/embeds.js";
import type { Choice } from "./command.js";

/**
 * Look-ups the commands need beyond what the engine offers: autocomplete choices for companies
 * and articles, and finding an article by id or (mistyped) title. Plain data in and out, no
 * Discord types. Article search would sit better in the engine; it lives here until it does.
 */

/** Companies for an option being typed: curated (canonical) names first, then text-only ones. */
export function companyChoices(engine: Engine, input: string, other?: string): Choice[] {
  const otherId = other ? engine.resolveCompany(other)?.id : undefined;
  let refs = engine.suggestCompanies(input, 25);
  if (!input.trim() && otherId) {
    // With one party chosen and nothing typed yet, its deal partners are the likely answer.
    const partners = engine
      .companyDeals(otherId)
      .flatMap((d) => d.parties.map((p) => p.company))
      .filter((c) => c.id !== otherId);
    refs = [...partners, ...refs];
  }
  // The engine matches whole words with typos, or exact prefixes; while a name is being typed
  // ("h", "huw", "huwa") neither holds, so prefixes with a typo are matched here as well.
  if (refs.length < 25 && input.trim()) refs = [...refs, ...typedPrefixMatches(engine, input)];
  const seen = new Set<string>();
  const unique = refs.filter((r) => r.id !== otherId && !seen.has(r.id) && seen.add(r.id));
  // A stable sort: the engine's order (best match first) holds within each group.
  return unique
    .sort((a, b) => Number(b.curated) - Number(a.curated))
    .slice(0, 25)
    .map((r) => ({ name: r.name, value: r.name }));
}

/** How far `typed` is from the start of `word`: the best of the prefixes one shorter to one longer. */
function prefixDistance(typed: string, word: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = typed.length - 1; k <= typed.length + 1; k++) {
    if (k < 1 || k > word.length) continue;
    best = Math.min(best, distance(typed, word.slice(0, k)));
  }
  return best;
}

function typedPrefixMatches(engine: Engine, input: string): CompanyRef[] {
  const typed = fold(input.trim());
  // One typo in three or four letters, two from five on; none in one or two letters.
  const tolerance = typed.length <= 2 ? 0 : typed.length <= 4 ? 1 : 2;
  const curated = new Set(engine.data.corpus.companies.map((c) => c.id));
  const deals = (id: string) => engine.data.dealsByCompany.get(id)?.length ?? 0;
  const scored: Array<{ ref: CompanyRef; d: number }> = [];
  for (const company of engine.data.directory.companies) {
    const names = [company.name, ...company.aliases].map(fold);
    // Whole names, and each word in them: "benz" should find "Mercedes-Benz".
    const candidates = names.flatMap((n) => [n, ...n.split(/[^\p{L}\p{N}]+/u).filter(Boolean)]);
    const d = Math.min(...candidates.map((c) => prefixDistance(typed, c)));
    if (d <= tolerance)
      scored.push({
        ref: { id: company.id, name: company.name, curated: curated.has(company.id) },
        d,
      });
  }
  return scored
    .sort(
      (a, b) =>
        a.d - b.d || deals(b.ref.id) - deals(a.ref.id) || a.ref.name.localeCompare(b.ref.name),
    )
    .map((s) => s.ref);
}

function fold(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'");
}

function wordsOf(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}$]+/u)
    .filter(Boolean);
}

function citingDeals(data: EngineData, articleId: string): number {
  return data.corpus.deals.filter((d) => d.sources.some((s) => s.article === articleId)).length;
}

interface Scored {
  article: Article;
  score: number;
  /** Every word typed matched something in the title. */
  complete: boolean;
}

/** How well one typed word matches a title word: exact, prefix, or a typo away. */
function wordScore(typed: string, word: string, isLast: boolean): number {
  if (typed === word) return 3;
  if (word.startsWith(typed) && (isLast || typed.length >= 3)) return 2;
  if (typed.length >= 4 && distance(typed, word) <= (typed.length >= 5 ? 2 : 1)) return 1;
  return 0;
}

function scoreArticles(data: EngineData, input: string): Scored[] {
  const typed = wordsOf(input);
  const articles = data.corpus.articles;
  if (typed.length === 0) {
    return [...articles]
      .sort(
        (a, b) =>
          citingDeals(data, b.id) - citingDeals(data, a.id) ||
          a.meta.title.localeCompare(b.meta.title),
      )
      .map((article) => ({ article, score: 0, complete: false }));
  }
  const scored: Scored[] = [];
  for (const article of articles) {
    const words = wordsOf(`${article.meta.title} ${article.meta.publisher ?? ""} ${article.id}`);
    let score = 0;
    let complete = true;
    typed.forEach((t, i) => {
      const best = Math.max(0, ...words.map((w) => wordScore(t, w, i === typed.length - 1)));
      score += best;
      if (best === 0) complete = false;
    });
    if (score > 0) scored.push({ article, score, complete });
  }
  return scored.sort((a, b) => b.score - a.score || Number(b.complete) - Number(a.complete));
}

export function articleChoices(engine: Engine, input: string): Choice[] {
  return scoreArticles(engine.data, input)
    .slice(0, 25)
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
  const articles = engine.data.corpus.articles;
  const key = fold(input.trim());
  const exact =
    articles.find((a) => fold(a.id) === key) ??
    articles.find((a) => fold(a.meta.title) === key) ??
    articles.find((a) => key.length >= 8 && fold(a.meta.title).startsWith(key.replace(/…$/, "")));
  if (exact) return { kind: "found", article: exact };
  const scored = scoreArticles(engine.data, input);
  const [best, second] = scored;
  if (best?.complete && (!second || second.score < best.score))
    return { kind: "found", article: best.article };
  // When several match every word typed, those are the ones to choose between.
  const candidates = best?.complete ? scored.filter((s) => s.complete) : scored;
  const suggestions = candidates.slice(0, 5).map((s) => s.article);
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
