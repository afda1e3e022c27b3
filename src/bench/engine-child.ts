import { readFileSync, rmSync, statSync } from "node:fs";
import { indexFile, openEngine } from "../engine/persist.js";
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
  const cold = warm && {
    ask: timeQueries(warm.ask, (q) => engine.answer(q)),
    deal: timeQueries(warm.deal, (q) => engine.findDeals(q.company, q.with)),
    suggest: timeQueries(warm.suggest, (q) => engine.suggestCompanies(q)),
  };
  const ask = timeQueries(queries.ask, (q) => engine.answer(q));
  const deal = timeQueries(queries.deal, (q) => engine.findDeals(q.company, q.with));
  const suggest = timeQueries(queries.suggest, (q) => engine.suggestCompanies(q));
  report("latency", {
    needles: queries.needles.length,
    needlesAsked: asked,
    needlesDealt: dealt,
    ask,
    deal,
    suggest,
    cold,
    ...memory(),
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
