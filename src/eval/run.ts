import type { Corpus } from "../corpus/load.js";
import type { Engine } from "../engine/engine.js";
import type { Quote } from "../engine/types.js";
import { renderAskText, renderDealText } from "../render/text.js";
import type { EvalCase } from "./cases.js";
import { type CaseScore, Shingles, scoreReply } from "./score.js";

/** A reply as the evaluation sees it: its text, and its quotes in the order shown. */
export interface Reply {
  text: string;
  quotes: Array<{ articleId: string; text: string }>;
}

export type Replier = (c: EvalCase) => Promise<Reply> | Reply;

export interface CaseResult extends CaseScore {
  case: EvalCase;
  reply: Reply;
}

function quotesOf(quotes: Quote[]) {
  return quotes.map((q) => ({ articleId: q.source.articleId, text: q.text }));
}

/** Answers a case through the engine and the terminal renderer, as `npm run ask` would. */
export function engineReplier(engine: Engine): Replier {
  const style = { color: false };
  return (c) => {
    if (c.command === "deal") {
      const result = engine.findDeals(c.options.company ?? "", c.options.with);
      const quotes =
        result.kind === "deals"
          ? result.deals.flatMap((d) => d.quotes)
          : result.kind === "mentions"
            ? result.quotes
            : result.kind === "none"
              ? result.coMentions
              : [];
      return { text: renderDealText(result, style), quotes: quotesOf(quotes) };
    }
    const result = engine.answer(c.options.question ?? "");
    return {
      text: renderAskText(result, style),
      quotes: result.kind === "answer" ? quotesOf(result.quotes) : [],
    };
  };
}

export async function runCases(
  corpus: Corpus,
  cases: EvalCase[],
  reply: Replier,
): Promise<CaseResult[]> {
  const shingles = new Shingles(new Map(corpus.articles.map((a) => [a.id, a.text])));
  const results: CaseResult[] = [];
  for (const c of cases) {
    const r = await reply(c);
    results.push({ case: c, reply: r, ...scoreReply(c, r.text, shingles) });
  }
  return results;
}
