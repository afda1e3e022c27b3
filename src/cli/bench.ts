import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeCorpus } from "../bench/generate-corpus.js";
import { type Latency, REPORT_PREFIX } from "../bench/measure.js";
import { benchQueries } from "../bench/queries.js";
import { SERVING_NODE_FLAGS } from "../node-flags.js";

/**
 * `npm run bench [-- --sizes 1000,20000]`: the bot's engine against a straightforward baseline
 * (src/bench/baseline-bot.ts) on generated corpora of each size: index build time, loading the
 * saved index, time from process start to the first correct answer, the whole process's memory,
 * and /deal, /ask and autocomplete latency. Every figure comes from a child process of its own
 * (src/bench/engine-child.ts, baseline-bot.ts), so start-up and memory are per size and per
 * subject. Corpora are generated once into --dir and reused. Needles (facts stated in one
 * article) must all be answered: a wrong answer fails the run.
 */

const USAGE = `usage: npm run bench -- [--sizes 1000,20000,100000] [--dir .cache/bench]
       [--queries 1000] [--repeat 3] [--baseline-seconds 60] [--baseline-heap 8192 (MiB)]
       [--no-baseline]`;

const SEED = "1";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ENGINE_CHILD = path.join(ROOT, "src/bench/engine-child.ts");
const BASELINE_CHILD = path.join(ROOT, "src/bench/baseline-bot.ts");
/** Room for the build and the baseline at 100,000 articles; the serving child runs as the bot. */
const BIG_HEAP = "--max-old-space-size=16384";

/** The targets of the "Scale and speed" issue, per size (whole process, this 2-core machine). */
const TARGETS: Record<
  number,
  { firstS: number; p99Ms: number; suggestP99Ms: number; rssMiB: number }
> = {
  20000: { firstS: 5, p99Ms: 25, suggestP99Ms: 10, rssMiB: 450 },
  100000: { firstS: 15, p99Ms: 50, suggestP99Ms: 10, rssMiB: 1536 },
};

type Report = Record<string, unknown> & { event: string };

interface ChildRun {
  reports: Map<string, Report>;
  /** V8 said the heap was exhausted. */
  outOfMemory: boolean;
  /** Wall time from spawning the process to each report's arrival. */
  at: Map<string, number>;
  code: number | null;
  wallMs: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function runChild(script: string, args: string[], nodeFlags: string[] = []): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Run as the bot runs (`node --import tsx`), from the project so `tsx` resolves.
    const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", script, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const reports = new Map<string, Report>();
    const at = new Map<string, number>();
    let buffered = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith(REPORT_PREFIX)) {
          const r = JSON.parse(line.slice(REPORT_PREFIX.length)) as Report;
          reports.set(r.event, r);
          at.set(r.event, performance.now() - started);
        }
        newline = buffered.indexOf("\n");
      }
    });
    child.stderr.setEncoding("utf8");
    let outOfMemory = false;
    child.stderr.on("data", (chunk: string) => {
      if (/heap out of memory|Allocation failed/i.test(chunk)) outOfMemory = true;
      process.stderr.write(chunk.replace(/^/gm, "    "));
    });
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ reports, at, code, outOfMemory, wallMs: performance.now() - started }),
    );
  });
}

/** The generated corpus of `size` articles in `dir`, written only if not there already. */
function ensureCorpus(dir: string, size: number): string {
  const out = path.join(dir, `corpus-${size}`);
  const marker = path.join(out, ".bench-corpus.json");
  const ready =
    existsSync(path.join(out, "needles.json")) &&
    existsSync(marker) &&
    (() => {
      const m = JSON.parse(readFileSync(marker, "utf8")) as { articles: number; seed: string };
      return m.articles === size && m.seed === SEED;
    })();
  if (ready) {
    log(`[${size}] corpus: reusing ${out}`);
    return out;
  }
  log(`[${size}] corpus: generating ${size} articles into ${out}`);
  const step = Math.max(1, Math.floor(size / 10));
  writeCorpus(out, { articles: size, seed: SEED }, (n) => {
    if (n % step === 0) log(`[${size}]   ${n}/${size} articles`);
  });
  return out;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

interface SizeResult {
  size: number;
  corpus: { articles: number; deals: number; companies: number; passages: number; terms: number };
  indexMiB: number;
  engine: Subject;
  baseline?: Subject;
  /** Why there are no baseline figures, when it was run and failed. */
  baselineFailed?: string;
  failures: string[];
}

interface Subject {
  buildS: number;
  buildPeakMiB?: number;
  loadS?: number;
  firstS: number;
  firstOk: boolean;
  /** The individual runs behind the medians. */
  firstRuns: number[];
  peakRssMiB: number;
  rssMiB: number;
  needles: number;
  needlesAsked: number;
  needlesDealt: number;
  ask: Latency;
  deal: Latency;
  suggest: Latency;
  /** Company autocomplete with the other party chosen and nothing typed; /source autocomplete. */
  partners?: Latency;
  source?: Latency;
  titleIndexMs?: number;
  /** The warm-up queries, timed as they ran on a freshly started process. */
  cold?: { ask: Latency; deal: Latency; suggest: Latency };
}

function need(run: ChildRun, event: string, what: string): Report {
  const r = run.reports.get(event);
  if (!r) throw new Error(`${what}: the child process exited (code ${run.code}) without reporting`);
  return r;
}

async function measureEngine(dir: string, size: number, queriesFile: string, repeat: number) {
  const cacheDir = path.join(path.dirname(dir), `index-${size}`);
  log(`[${size}] engine: building and saving the index…`);
  const built = need(
    await runChild(ENGINE_CHILD, ["build", dir, cacheDir], [BIG_HEAP]),
    "built",
    "build",
  );
  log(`[${size}] engine: built in ${((built.ms as number) / 1000).toFixed(1)} s`);

  const starts: Array<{ firstS: number; loadS: number; ok: boolean }> = [];
  let latency: Report | undefined;
  let peak = 0;
  let rss = 0;
  for (let i = 0; i < repeat; i++) {
    const last = i === repeat - 1;
    log(`[${size}] engine: start ${i + 1}/${repeat}${last ? " and latency" : ""}…`);
    const args = ["serve", dir, cacheDir, queriesFile, ...(last ? ["--latency"] : [])];
    const run = await runChild(ENGINE_CHILD, args, [...SERVING_NODE_FLAGS]);
    const first = need(run, "first", "serve");
    if (first.source !== "saved")
      throw new Error("the serving process did not use the saved index");
    starts.push({
      firstS: (run.at.get("first") as number) / 1000,
      loadS: (first.loadMs as number) / 1000,
      ok: first.ok === true,
    });
    if (last) {
      latency = need(run, "latency", "latency");
      peak = latency.peakRssMiB as number;
      rss = latency.rssMiB as number;
    }
  }
  const l = latency as Report;
  const engine: Subject = {
    buildS: (built.ms as number) / 1000,
    buildPeakMiB: built.peakRssMiB as number,
    loadS: median(starts.map((s) => s.loadS)),
    firstS: median(starts.map((s) => s.firstS)),
    firstOk: starts.every((s) => s.ok),
    firstRuns: starts.map((s) => s.firstS),
    peakRssMiB: peak,
    rssMiB: rss,
    needles: l.needles as number,
    needlesAsked: l.needlesAsked as number,
    needlesDealt: l.needlesDealt as number,
    ask: l.ask as Latency,
    deal: l.deal as Latency,
    suggest: l.suggest as Latency,
    partners: l.partners as Latency,
    source: l.source as Latency,
    titleIndexMs: l.titleIndexMs as number,
    ...(l.cold ? { cold: l.cold as Subject["cold"] } : {}),
  };
  return { engine, built };
}

async function measureBaseline(
  dir: string,
  size: number,
  queriesFile: string,
  budget: number,
  heapMiB: number,
): Promise<Subject | { failed: string }> {
  log(
    `[${size}] baseline: loading, indexing every paragraph, answering (up to ${budget} s a kind, ${heapMiB} MiB heap)…`,
  );
  const run = await runChild(
    BASELINE_CHILD,
    [dir, queriesFile, String(budget)],
    [`--max-old-space-size=${heapMiB}`],
  );
  const first = run.reports.get("first");
  const l = run.reports.get("latency");
  if (!first || !l) {
    // At 100,000 articles the baseline's index needs more memory than this machine can spare.
    const failed = `did not finish: exited with code ${run.code} after ${(run.wallMs / 1000).toFixed(0)} s${run.outOfMemory ? `, out of its ${heapMiB} MiB heap` : ""}`;
    log(`[${size}] baseline: ${failed}`);
    return { failed };
  }
  const baseline: Subject = {
    buildS: (first.buildMs as number) / 1000,
    firstS: (run.at.get("first") as number) / 1000,
    firstOk: first.ok === true,
    firstRuns: [(run.at.get("first") as number) / 1000],
    peakRssMiB: l.peakRssMiB as number,
    rssMiB: l.rssMiB as number,
    needles: l.needles as number,
    needlesAsked: l.needlesAsked as number,
    needlesDealt: l.needlesDealt as number,
    ask: l.ask as Latency,
    deal: l.deal as Latency,
    suggest: l.suggest as Latency,
  };
  log(`[${size}] baseline: done in ${(run.wallMs / 1000).toFixed(0)} s`);
  return baseline;
}

const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? "—" : n.toFixed(digits);
const ratio = (engine: number | undefined, baseline: number | undefined) =>
  engine && baseline ? `${(baseline / engine).toFixed(baseline / engine >= 10 ? 0 : 1)}×` : "";
const lat = (l: Latency) => `${fmt(l.p50, 2)} / ${fmt(l.p99, 1)}`;

function table(r: SizeResult): string {
  const e = r.engine;
  const b = r.baseline;
  const t = TARGETS[r.size];
  const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
  const latencyRow = (
    label: string,
    kind: "deal" | "ask" | "suggest",
    limit: number | undefined,
  ): [string, string, string, string, string] => [
    `${label} p50 / p99 (ms)`,
    lat(e[kind]),
    b ? `${lat(b[kind])} (n=${b[kind].n})` : "",
    ratio(e[kind].p99, b?.[kind].p99),
    limit !== undefined ? `p99 ≤ ${limit} ${mark(e[kind].p99 <= limit)}` : "",
  ];
  const rows: Array<[string, string, string, string, string]> = [
    ["", "engine", "baseline", "baseline ÷ engine", "target"],
    [
      "index build, incl. saving (s)",
      fmt(e.buildS),
      b ? `${fmt(b.buildS)} (every start)` : "",
      ratio(e.buildS, b?.buildS),
      "",
    ],
    ["saved index load (s)", fmt(e.loadS, 2), b ? "— (rebuilds)" : "", "", ""],
    [
      "start → first correct answer (s)",
      `${fmt(e.firstS, 2)}${e.firstOk ? "" : " WRONG"}`,
      b ? `${fmt(b.firstS, 1)}${b.firstOk ? "" : " (wrong answer)"}` : "",
      ratio(e.firstS, b?.firstS),
      t ? `≤ ${t.firstS} ${mark(e.firstS <= t.firstS && e.firstOk)}` : "",
    ],
    [
      "RSS, whole process: peak (MiB)",
      fmt(e.peakRssMiB, 0),
      b ? fmt(b.peakRssMiB, 0) : "",
      ratio(e.peakRssMiB, b?.peakRssMiB),
      t ? `≤ ${t.rssMiB} ${mark(e.peakRssMiB <= t.rssMiB)}` : "",
    ],
    [
      "RSS after the queries (MiB)",
      fmt(e.rssMiB, 0),
      b ? fmt(b.rssMiB, 0) : "",
      ratio(e.rssMiB, b?.rssMiB),
      "",
    ],
    latencyRow("/deal", "deal", t?.p99Ms),
    latencyRow("/ask", "ask", t?.p99Ms),
    latencyRow("autocomplete", "suggest", t?.suggestP99Ms),
    [
      "needles: /ask answered, /deal found",
      `${e.needlesAsked}/${e.needles}, ${e.needlesDealt}/${e.needles}`,
      b ? `${b.needlesAsked}/${b.needles}, ${b.needlesDealt}/${b.needles}` : "",
      "",
      "all",
    ],
  ];
  if (r.baselineFailed) rows.push(["baseline", "", r.baselineFailed, "", ""]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  const c = r.corpus;
  const lines = [
    `${r.size.toLocaleString("en")} articles: ${c.deals.toLocaleString("en")} deals, ${c.companies.toLocaleString("en")} companies, ${c.passages.toLocaleString("en")} passages, ${c.terms.toLocaleString("en")} terms; saved index ${fmt(r.indexMiB, 0)} MiB`,
    ...rows.map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    ),
    `  latency over ${e.ask.n} /ask, ${e.deal.n} /deal and ${e.suggest.n} autocomplete queries after a warm-up; start-up: median of ${e.firstRuns.length} (${e.firstRuns.map((s) => s.toFixed(2)).join(", ")} s)`,
    ...(e.cold
      ? [
          `  warm-up, the first queries after start (p50 / p99 ms): /deal ${lat(e.cold.deal)}, /ask ${lat(e.cold.ask)}, autocomplete ${lat(e.cold.suggest)} (n=${e.cold.ask.n} each)`,
        ]
      : []),
    ...(e.partners && e.source
      ? [
          `  autocomplete with the other party chosen, nothing typed (p50 / p99 ms): ${lat(e.partners)} (n=${e.partners.n}); /source autocomplete ${lat(e.source)} (n=${e.source.n}), its title index built on first use in ${fmt(e.titleIndexMs, 0)} ms`,
        ]
      : []),
  ];
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  let values: {
    sizes?: string;
    dir?: string;
    queries?: string;
    repeat?: string;
    "baseline-seconds"?: string;
    "no-baseline"?: boolean;
    "baseline-heap"?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sizes: { type: "string", default: "1000,20000,100000" },
        dir: { type: "string", default: path.join(ROOT, ".cache/bench") },
        queries: { type: "string", default: "1000" },
        repeat: { type: "string", default: "3" },
        "baseline-seconds": { type: "string", default: "60" },
        "no-baseline": { type: "boolean" },
        "baseline-heap": { type: "string", default: "8192" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const sizes = (values.sizes ?? "").split(",").map((s) => Number(s.trim().replace(/_/g, "")));
  const count = Number(values.queries);
  const repeat = Number(values.repeat);
  const budget = Number(values["baseline-seconds"]);
  const baselineHeap = Number(values["baseline-heap"]);
  if (
    sizes.some((n) => !Number.isInteger(n) || n < 10) ||
    !(count >= 1) ||
    !(repeat >= 1) ||
    !(budget > 0) ||
    !(baselineHeap >= 256)
  ) {
    log(
      `sizes must be whole numbers of at least 10; --queries, --repeat, --baseline-seconds positive\n${USAGE}`,
    );
    return 2;
  }
  const dir = path.resolve(values.dir ?? ".cache/bench");
  mkdirSync(dir, { recursive: true });

  const started = performance.now();
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const corpusDir = ensureCorpus(dir, size);
    const queriesFile = path.join(dir, `queries-${size}.json`);
    // The warm-up queries are drawn apart from the timed ones (another seed).
    const queries = {
      ...benchQueries(corpusDir, count),
      warmup: benchQueries(corpusDir, 200, "warm-up"),
    };
    writeFileSync(queriesFile, JSON.stringify(queries));
    const { engine, built } = await measureEngine(corpusDir, size, queriesFile, repeat);
    const measured = values["no-baseline"]
      ? undefined
      : await measureBaseline(corpusDir, size, queriesFile, budget, baselineHeap);
    const baseline = measured && !("failed" in measured) ? measured : undefined;
    const failures: string[] = [];
    if (!engine.firstOk) failures.push("the first needle was answered wrongly");
    if (engine.needlesAsked !== engine.needles)
      failures.push(`/ask answered ${engine.needlesAsked} of ${engine.needles} needles`);
    if (engine.needlesDealt !== engine.needles)
      failures.push(`/deal found ${engine.needlesDealt} of ${engine.needles} needles`);
    const result: SizeResult = {
      size,
      corpus: {
        articles: built.articles as number,
        deals: built.deals as number,
        companies: built.companies as number,
        passages: built.passages as number,
        terms: built.terms as number,
      },
      indexMiB: (built.indexBytes as number) / 2 ** 20,
      engine,
      ...(baseline ? { baseline } : {}),
      ...(measured && "failed" in measured ? { baselineFailed: measured.failed } : {}),
      failures,
    };
    results.push(result);
    process.stdout.write(`\n${table(result)}\n`);
    for (const f of failures) process.stdout.write(`\n!!! NEEDLE FAILURE at ${size}: ${f} !!!\n`);
    process.stdout.write("\n");
  }
  writeFileSync(path.join(dir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  log(
    `bench: ${results.length} sizes in ${((performance.now() - started) / 1000).toFixed(0)} s; figures also in ${path.join(dir, "results.json")}`,
  );
  return results.some((r) => r.failures.length > 0) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
