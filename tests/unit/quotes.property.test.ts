import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/corpus/load.js";
import type { Engine } from "../../src/engine/engine.js";
import type { Quote } from "../../src/engine/types.js";
import { wordSpans } from "../../src/text/analyze.js";
import {
  bundledEngine,
  quotesOfAskResult,
  quotesOfDealResult,
  quoteViolations,
  verbatimPart,
} from "./helpers.js";

/**
 * Whatever is asked, every quote shown is a verbatim slice of story text, its offsets slice
 * back to it, and its highlights sit on whole words inside it.
 */

let engine: Engine;
let corpus: Corpus;
let words: string[];
let names: string[];
let capitalised: string[];

beforeAll(async () => {
  ({ engine, corpus } = await bundledEngine());
  const all = new Set<string>();
  for (const article of corpus.articles) {
    for (const w of wordSpans(article.text)) all.add(w.text);
  }
  words = [...all].sort();
  names = corpus.companies.flatMap((c) => [c.name, ...c.aliases, ...c.tickers]);
  // Capitalised words of the text stand in for companies known only from articles.
  capitalised = words.filter((w) => /^\p{Lu}\p{Ll}{2,}$/u.test(w));
});

function check(quotes: Quote[], context: string) {
  const articles = engine.data.articles;
  const violations = quotes.flatMap((q) => quoteViolations(q, articles));
  expect(violations, context).toEqual([]);
}

describe("quote invariants (property)", () => {
  it("holds on the bundled corpus (sanity: enough words to draw from)", () => {
    expect(words.length).toBeGreaterThan(500);
    expect(names).toContain("NYSE:NOK");
    expect(capitalised).toContain("Bloomberg");
  });

  it("answer(): every quote is verbatim story text with sound highlights", () => {
    const separator = fc.constantFrom(" ", " ", ", ", "  ", "\u00a0");
    const question = fc
      .tuple(
        fc.array(fc.tuple(fc.constantFrom(...words), separator), { minLength: 1, maxLength: 9 }),
        fc.constantFrom("", "?", ".", " ?"),
      )
      .map(
        ([parts, end]) =>
          parts
            .map(([w, s]) => w + s)
            .join("")
            .trim() + end,
      );
    let answered = 0;
    fc.assert(
      fc.property(question, (q) => {
        const result = engine.answer(q);
        if (result.kind === "answer") {
          answered++;
          expect(result.quotes.length).toBeGreaterThan(0);
        }
        check(quotesOfAskResult(result), `question: ${JSON.stringify(q)}`);
      }),
      { numRuns: 200 },
    );
    // The property is not vacuous: many random questions do get quotes.
    expect(answered).toBeGreaterThan(20);
  });

  it("answer(): questions built around curated company names", () => {
    const question = fc
      .tuple(
        fc.constantFrom(...names),
        fc.constantFrom(...names),
        fc.array(fc.constantFrom(...words), { maxLength: 4 }),
      )
      .map(([a, b, rest]) => `What did ${a} and ${b} ${rest.join(" ")}?`);
    fc.assert(
      fc.property(question, (q) => {
        check(quotesOfAskResult(engine.answer(q)), `question: ${JSON.stringify(q)}`);
      }),
      { numRuns: 100 },
    );
  });

  it("findDeals(): deal, mention and co-mention quotes for random company pairs", () => {
    const company = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...names) },
      { weight: 1, arbitrary: fc.constantFrom(...capitalised) },
    );
    let quoted = 0;
    fc.assert(
      fc.property(company, fc.option(company, { nil: undefined }), (a, b) => {
        const result = engine.findDeals(a, b);
        const quotes = quotesOfDealResult(result);
        quoted += quotes.length;
        check(quotes, `findDeals(${JSON.stringify(a)}, ${JSON.stringify(b)}) → ${result.kind}`);
      }),
      { numRuns: 200 },
    );
    expect(quoted).toBeGreaterThan(100);
  });

  it("every curated deal's quotes hold the invariants", () => {
    for (const company of corpus.companies) {
      const quotes = engine.companyDeals(company.id).flatMap((d) => d.quotes);
      check(quotes, company.id);
      for (const q of quotes) expect(verbatimPart(q).text.length).toBeGreaterThan(11);
    }
  });

  it("the checker itself catches broken quotes", () => {
    const result = engine.findDeals("Huawei", "OPPO");
    const [good] = quotesOfDealResult(result);
    if (!good) throw new Error("no quote to corrupt");
    expect(quoteViolations(good, engine.data.articles)).toEqual([]);
    const article = engine.data.articles.get(good.source.articleId);
    if (!article) throw new Error("no article");
    const title = article.text.indexOf(article.meta.title);
    const broken = [
      { ...good, text: good.text.replace("Huawei", "Huawai") },
      { ...good, articleStart: good.articleStart + 1 },
      { ...good, highlights: [{ start: 1, end: 4 }] },
      { ...good, highlights: [{ start: 0, end: good.text.length + 5 }] },
      {
        ...good,
        text: article.meta.title,
        highlights: [],
        articleStart: title,
        articleEnd: title + article.meta.title.length,
      },
    ];
    for (const quote of broken) {
      expect(quoteViolations(quote, engine.data.articles).length, quote.text).toBeGreaterThan(0);
    }
  });
});
