import { dealCitations } from "../engine/citations.js";
import type { Engine } from "../engine/engine.js";
import type { Needle } from "./generate-corpus.js";

/** What answering a needle correctly means, for the benchmark and its tests. */

/** `/ask`: the first quote is from the needle's article and states its royalty. */
export function answersNeedle(engine: Engine, needle: Needle): boolean {
  const result = engine.answer(needle.question);
  if (result.kind !== "answer") return false;
  const first = result.quotes[0];
  return first?.source.articleId === needle.articleId && first.text.includes(needle.royalty);
}

/**
 * `/deal` for the needle's pair quotes the one article where the pair meets. (When a deal
 * record covers the pair, its quotes are the record's, which need not state the royalty.)
 */
export function dealFindsNeedle(engine: Engine, needle: Needle): boolean {
  const result = engine.findDeals(needle.companyA, needle.companyB);
  return dealCitations(result).some((c) => c.quote.source.articleId === needle.articleId);
}
