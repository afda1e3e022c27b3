import { distance } from "fastest-levenshtein";
import { beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../src/bench/random.js";
import type { Article } from "../../src/corpus/article.js";
import type { Engine } from "../../src/engine/engine.js";
import { ArticleTitles } from "../../src/engine/titles.js";
import { bundledEngine } from "./helpers.js";

/**
 * Finding articles by title through the index of title words, held to the plain way it is
 * defined: every typed word compared with every word of every article's title, publisher and id.
 */

let engine: Engine;
let titles: ArticleTitles;

beforeAll(async () => {
  ({ engine } = await bundledEngine());
  titles = ArticleTitles.of(engine.data);
});

const fold = (text: string) => text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'");
const wordsOf = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}$]+/u)
    .filter(Boolean);

function wordScore(typed: string, word: string, isLast: boolean): number {
  if (typed === word) return 3;
  if (word.startsWith(typed) && (isLast || typed.length >= 3)) return 2;
  if (typed.length >= 4 && distance(typed, word) <= (typed.length >= 5 ? 2 : 1)) return 1;
  return 0;
}

function plainSearch(input: string) {
  const typed = wordsOf(input);
  const { articles, deals } = engine.data.corpus;
  if (typed.length === 0) {
    const citing = (a: Article) =>
      deals.filter((d) => d.sources.some((s) => s.article === a.id)).length;
    return [...articles]
      .sort((a, b) => citing(b) - citing(a) || a.meta.title.localeCompare(b.meta.title))
      .map((article) => ({ id: article.id, score: 0, complete: false }));
  }
  const scored = articles.flatMap((article) => {
    const words = wordsOf(`${article.meta.title} ${article.meta.publisher ?? ""} ${article.id}`);
    const best = typed.map((t, i) =>
      Math.max(0, ...words.map((w) => wordScore(t, w, i === typed.length - 1))),
    );
    const score = best.reduce((sum, b) => sum + b, 0);
    return score > 0 ? [{ id: article.id, score, complete: best.every((b) => b > 0) }] : [];
  });
  return scored.sort((a, b) => b.score - a.score || Number(b.complete) - Number(a.complete));
}

function plainExact(input: string): Article | undefined {
  const articles = engine.data.corpus.articles;
  const key = fold(input.trim());
  return (
    articles.find((a) => fold(a.id) === key) ??
    articles.find((a) => fold(a.meta.title) === key) ??
    articles.find((a) => key.length >= 8 && fold(a.meta.title).startsWith(key.replace(/…$/, "")))
  );
}

/** What people type: starts of titles, words from the middle, typos, other cases and widths. */
function typedInputs(): string[] {
  const rng = new Random(11);
  const inputs = ["", "  ", "x", "$", "pizza recipes", "Ｈｕａｗｅｉ ＯＰＰＯ", "oppo’s", "𝔸 é-ß"];
  for (const article of engine.data.corpus.articles) {
    const title = article.meta.title;
    const words = title.split(" ");
    const cut = rng.int(1, title.length - 1);
    inputs.push(
      title.slice(0, rng.int(1, title.length)),
      title.toLowerCase().slice(0, rng.int(1, title.length)),
      words.slice(rng.int(0, words.length - 1), rng.int(1, words.length)).join(" "),
      title.slice(0, cut) + title.slice(cut + 1),
      words.map((w) => w.slice(0, 5)).join(" "),
      `${words[0]} ${article.meta.publisher ?? ""}`,
      article.id,
      `${title.slice(0, 20)}…`,
    );
  }
  return inputs;
}

describe("ArticleTitles", () => {
  it("ranks as comparing every word does", () => {
    for (const input of typedInputs()) {
      const expected = plainSearch(input);
      const matches = titles.search(input);
      const slim = (list: Array<{ article: Article; score: number; complete: boolean }>) =>
        list.map((s) => ({ id: s.article.id, score: s.score, complete: s.complete }));
      expect(slim(matches.top(25)), input).toEqual(expected.slice(0, 25));
      // With nothing typed, no article matches every word typed.
      const complete = wordsOf(input).length > 0 ? expected.filter((s) => s.complete) : [];
      expect(slim(matches.top(5, true)), input).toEqual(complete.slice(0, 5));
    }
  });

  it("finds an article by id, by title, and by the start of a title", () => {
    for (const input of typedInputs()) expect(titles.exact(input), input).toBe(plainExact(input));
  });
});
