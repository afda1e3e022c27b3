import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import MiniSearch from "minisearch";
import { type Corpus, loadCorpus } from "../corpus/load.js";
import type { Needle } from "./generate-corpus.js";
import { memory, report, timeQueries } from "./measure.js";
import type { BenchQueries } from "./queries.js";

/**
 * The straightforward bot `npm run bench` measures the engine against, as search-notes.md
 * describes it: the corpus loaded and the index rebuilt at every start, one MiniSearch document
 * per paragraph, fuzzy and prefix matching on every term, the top three paragraphs quoted whole;
 * autocomplete from the same index (`autoSuggest`). Same corpus, same queries, same process
 * measurements as the engine.
 */

export interface BaselineBot {
  ask(question: string): Array<{ articleId: string; text: string }>;
  deal(company: string, other?: string): Array<{ articleId: string; text: string }>;
  suggest(prefix: string): string[];
}

export function createBaselineBot(corpus: Corpus): BaselineBot {
  const paragraphs = corpus.articles.flatMap((a) =>
    a.paragraphs.map((p) => ({ articleId: a.id, text: a.text.slice(p.start, p.end) })),
  );
  const index = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    searchOptions: { fuzzy: 0.2, prefix: true },
  });
  index.addAll(paragraphs.map((p, id) => ({ id, text: p.text })));
  const top = (query: string) =>
    index
      .search(query)
      .slice(0, 3)
      .flatMap((hit) => {
        const p = paragraphs[hit.id as number];
        return p ? [p] : [];
      });
  return {
    ask: (question) => top(question),
    deal: (company, other) => top([company, other ?? ""].join(" ")),
    suggest: (prefix) =>
      index
        .autoSuggest(prefix)
        .slice(0, 25)
        .map((s) => s.suggestion),
  };
}

/** The needle answered: the first paragraph quoted is the needle's and states the royalty. */
export function baselineAnswers(bot: BaselineBot, needle: Needle): boolean {
  const first = bot.ask(needle.question)[0];
  return first?.articleId === needle.articleId && first.text.includes(needle.royalty);
}

/** `baseline-bot.ts DIR QUERIES BUDGET_SECONDS`: one baseline process, reported as JSON lines. */
async function main(dir: string, queriesFile: string, budgetSeconds: number) {
  const queries = JSON.parse(readFileSync(queriesFile, "utf8")) as BenchQueries & {
    warmup?: BenchQueries;
  };
  const started = performance.now();
  const bot = createBaselineBot(await loadCorpus(dir));
  const buildMs = performance.now() - started;
  const ok = baselineAnswers(bot, queries.needles[0] as Needle);
  report("first", { ok, buildMs, ...memory() });

  const budget = budgetSeconds * 1000;
  // Checking every needle takes minutes at 100,000 articles: as many as the budget allows.
  let checked = 0;
  let asked = 0;
  let dealt = 0;
  const checkStarted = performance.now();
  for (const n of queries.needles) {
    if (baselineAnswers(bot, n)) asked++;
    if (bot.deal(n.companyA, n.companyB).some((p) => p.articleId === n.articleId)) dealt++;
    checked++;
    if (performance.now() - checkStarted > budget) break;
  }
  // The same warm-up as the engine's, kept short: the baseline is slow either way.
  const warm = queries.warmup;
  if (warm) {
    const few = Math.min(budget, 10_000);
    timeQueries(warm.ask, (q) => bot.ask(q), few);
    timeQueries(warm.deal, (q) => bot.deal(q.company, q.with), few);
    timeQueries(warm.suggest, (q) => bot.suggest(q), few);
  }
  const ask = timeQueries(queries.ask, (q) => bot.ask(q), budget);
  const deal = timeQueries(queries.deal, (q) => bot.deal(q.company, q.with), budget);
  const suggest = timeQueries(queries.suggest, (q) => bot.suggest(q), budget);
  report("latency", {
    needles: checked,
    needlesAsked: asked,
    needlesDealt: dealt,
    ask,
    deal,
    suggest,
    ...memory(),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dir, queriesFile, budget] = process.argv.slice(2);
  if (!dir || !queriesFile) {
    process.stderr.write("usage: baseline-bot.ts DIR QUERIES [BUDGET_SECONDS]\n");
    process.exitCode = 2;
  } else await main(dir, queriesFile, Number(budget ?? 60));
}
