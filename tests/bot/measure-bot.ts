import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchQueries } from "../../src/bench/queries.js";
import { DiscordDouble } from "../support/discord-double.js";
import { runDeploy, startBot } from "./harness.js";

/**
 * The whole bot process (src/bot.ts, against the Discord double) on a bench corpus, for
 * docs/performance.md: RSS after start; autocomplete round trips (sent, answered by the bot,
 * its callback seen by the double) for /deal and /source; the same during one reload through
 * the worker, which shows the bot's stalls; RSS after the reload, and once the worker has
 * retired (after 5 minutes idle). One JSON line on stdout.
 *
 *   node --import tsx tests/bot/measure-bot.ts CORPUS INDEX QUERIES
 *
 * CORPUS gets an article added (and removed at the end): give it a copy of a bench corpus that
 * nothing else uses. INDEX (its saved index, as `npm run bench` leaves it) is copied first.
 */

const [corpusDir, indexSource, queriesFile] = process.argv.slice(2);
if (!corpusDir || !indexSource || !queriesFile) {
  process.stderr.write("usage: measure-bot.ts CORPUS INDEX QUERIES\n");
  process.exit(2);
}
const queries = JSON.parse(readFileSync(queriesFile, "utf8")) as BenchQueries & {
  warmup: BenchQueries;
};
const indexDir = mkdtempSync(path.join(tmpdir(), "measure-bot-"));
cpSync(indexSource, indexDir, { recursive: true });
const probe = path.join(corpusDir, "articles", "zz-measure-bot-probe.md");
rmSync(probe, { force: true });

/** Resident set now and at its peak, in MiB. */
function memory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const mib = (key: string) =>
    Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1]) / 1024);
  return { rssMiB: mib("VmRSS"), peakMiB: mib("VmHWM") };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const ms = (n: number) => Math.round(n * 100) / 100;
  return { n: sorted.length, p50: ms(at(0.5)), p99: ms(at(0.99)), max: ms(sorted.at(-1) ?? 0) };
}

const double = await DiscordDouble.start();
await runDeploy(double);
const started = performance.now();
const bot = await startBot(double, {
  CORPUS_DIR: corpusDir,
  INDEX_DIR: indexDir,
  LOG_LEVEL: "debug",
});
const pid = bot.proc.pid as number;

/** One autocomplete, timed from sending it to the double seeing the bot's callback. */
async function roundTrip(command: string, option: string, typed: string): Promise<number> {
  const at = performance.now();
  const { id } = double.autocomplete(command, { [option]: typed });
  await double.waitForCallback(id, 10_000);
  return performance.now() - at;
}
async function roundTrips(command: string, option: string, typed: string[]) {
  const times: number[] = [];
  for (const t of typed) times.push(await roundTrip(command, option, t));
  return summary(times);
}
// Starts of titles, as someone picking an article would type them (1 to 30 characters).
const titles = readdirSync(path.join(corpusDir, "articles"))
  .filter((_, i) => i % 50 === 0)
  .slice(0, 200)
  .map((file, i) => {
    const text = readFileSync(path.join(corpusDir, "articles", file), "utf8");
    const title = /^title:\s*["']?(.*?)["']?$/m.exec(text)?.[1] ?? "";
    return title.slice(0, 1 + (i % 30));
  });

const out: Record<string, unknown> = { readyS: (performance.now() - started) / 1000 };
await sleep(3_000);
out.afterStart = memory(pid);
await roundTrips("deal", "company", queries.warmup.suggest.slice(0, 100));
out.dealAutocomplete = await roundTrips("deal", "company", queries.suggest.slice(0, 500));
out.sourceAutocomplete = await roundTrips("source", "article", titles.slice(0, 200));
out.afterQueries = memory(pid);

const since = bot.logs().length;
let reloaded = false;
const done = bot
  .waitForLog(
    (l) => String(l.msg).startsWith("corpus reloaded") && l.swapped === true,
    300_000,
    "the reload",
    since,
  )
  .then((line) => {
    reloaded = true;
    return line;
  });
writeFileSync(
  probe,
  "---\ntitle: Zorblat licenses its radio patents to Quuxcom\n---\nZorblat licenses its radio patents to Quuxcom\n\nZorblat Technologies said that Quuxcom will pay a royalty of $3.75 per unit.\n",
);
// Typed while the worker reads, builds and saves, and the bot takes the new engine in.
const during: number[] = [];
for (let i = 0; !reloaded; i++) {
  during.push(await roundTrip("deal", "company", queries.suggest[i % 500] ?? ""));
  await sleep(20);
}
out.reloadMs = (await done).ms;
out.dealAutocompleteDuringReload = summary(during);
out.afterReload = memory(pid);
out.dealAutocompleteAfterReload = await roundTrips(
  "deal",
  "company",
  queries.suggest.slice(0, 500),
);
await bot.waitForLog(
  (l) => l.msg === "reload worker stopped after being idle",
  400_000,
  "the reload worker to retire",
  since,
);
await sleep(5_000);
out.afterWorkerRetired = memory(pid);
out.errors = bot
  .logs()
  .filter((l) => l.level >= 50)
  .map((l) => l.msg);

rmSync(probe, { force: true });
await bot.stop();
await double.close();
rmSync(indexDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
