import { readFileSync, rmSync, statSync } from "node:fs";
import type { Engine } from "../engine/engine.js";
import { indexFile, openEngine } from "../engine/persist.js";
import { ArticleTitles } from "../engine/titles.js";
import type { Needle } from "./generate-corpus.js";
import { memory, report, timeQueries } from "./measure.js";
import { answersNeedle, dealFindsNeedle } from "./needles.js";
import type { BenchQueries } from "./queries.js";

/**
 * The engine's side of `npm run bench`, one process per measurement so that start-up time and
 * memory are those of a whole process, as the bot's would be:
 *
 *   build DIR CACHE            builds the index from scratch and saves it (openEngine)
 *   serve DIR CACHE QUERIES    starts as the bot does, from the saved index, answers the first
 *                              needle (the parent times this from spawning the process), then
 *                              with --latency checks every needle and times every query
 */

async function build(dir: string, cacheDir: string) {
  rmSync(cacheDir, { recursive: true, force: true });
  const started = performance.now();
  let saveError: unknown;
  const opened = await openEngine([dir], cacheDir, (error) => {
    saveError = error;
  });
  const ms = performance.now() - started;
  if (saveError) throw saveError;
  const data = opened.engine.data;
  report("built", {
    ms,
    source: opened.source,
    articles: data.corpus.articles.length,
    deals: data.corpus.deals.length,
    companies: data.corpus.companies.length,
    passages: data.passages.length,
    terms: data.passageIndex.terms.length,
    indexBytes: statSync(indexFile(cacheDir, opened.hash)).size,
    ...memory(),
  });
}

async function serve(dir: string, cacheDir: string, queriesFile: string, latency: boolean) {
  const queries = JSON.parse(readFileSync(queriesFile, "utf8")) as BenchQueries & {
    warmup?: BenchQueries;
  };
  const started = performance.now();
  const opened = await openEngine([dir], cacheDir);
  const loadMs = performance.now() - started;
  const engine = opened.engine;
  const needle = queries.needles[0] as Needle;
  const ok = answersNeedle(engine, needle);
  report("first", { ok, source: opened.source, loadMs, ...memory() });
  if (!latency) return;

  const asked = queries.needles.filter((n) => answersNeedle(engine, n)).length;
  const dealt = queries.needles.filter((n) => dealFindsNeedle(engine, n)).length;
  // Other queries first, until the code is compiled: the figures are of a bot that has been
  // up a while. The cold ones are reported too.
  const warm = queries.warmup;
  // The whole of the bot's company autocomplete: `companyChoices` (src/discord/lookup.ts) only
  // renames the fields of what this returns.
  const suggestChoices = (q: string) => engine.suggestCompanies(q, 25);
  const cold = warm && {
    ask: timeQueries(warm.ask, (q) => engine.answer(q)),
    deal: timeQueries(warm.deal, (q) => engine.findDeals(q.company, q.with)),
    suggest: timeQueries(warm.suggest, suggestChoices),
  };
  const ask = timeQueries(queries.ask, (q) => engine.answer(q));
  const deal = timeQueries(queries.deal, (q) => engine.findDeals(q.company, q.with));
  const suggest = timeQueries(queries.suggest, suggestChoices);
  // With the other party of /deal chosen and nothing typed: its partners first.
  const partners = timeQueries(
    queries.deal.flatMap((q) => (q.with ? [q.company] : [])),
    (other) => engine.suggestCompanies("", 25, other),
  );
  // /source autocomplete (`articleChoices`): the title index is built on first use, timed apart.
  const indexStarted = performance.now();
  const titles = ArticleTitles.of(engine.data);
  const titleIndexMs = performance.now() - indexStarted;
  timeQueries(titleStarts(engine, 200, 104_729), (q) => titles.search(q).top(25));
  const source = timeQueries(titleStarts(engine, 1_000, 7_919), (q) => titles.search(q).top(25));
  report("latency", {
    needles: queries.needles.length,
    needlesAsked: asked,
    needlesDealt: dealt,
    ask,
    deal,
    suggest,
    partners,
    source,
    titleIndexMs,
    cold,
    ...memory(),
  });
}

/** Starts of titles (1 to 40 characters, most lower-cased), every `stride`-th article round. */
function titleStarts(engine: Engine, count: number, stride: number): string[] {
  const articles = engine.data.corpus.articles;
  return Array.from({ length: count }, (_, i) => {
    const title = articles[(i * stride) % articles.length]?.meta.title ?? "";
    const typed = title.slice(0, 1 + (i % 40));
    return i % 3 === 0 ? typed : typed.toLowerCase();
  });
}

const [mode, dir, cacheDir, queriesFile] = process.argv.slice(2);
if (mode === "build" && dir && cacheDir) await build(dir, cacheDir);
else if (mode === "serve" && dir && cacheDir && queriesFile)
  await serve(dir, cacheDir, queriesFile, process.argv.includes("--latency"));
else {
  process.stderr.write(
    "usage: engine-child.ts build DIR CACHE | serve DIR CACHE QUERIES [--latency]\n",
  );
  process.exitCode = 2;
}
