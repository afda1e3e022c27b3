import path from "node:path";
import { loadCorpus } from "../corpus/load.js";
import { createEngine } from "../engine/engine.js";
import { baselineReplier } from "../eval/baseline.js";
import { readCases } from "../eval/cases.js";
import { metricsOf, reportTable } from "../eval/report.js";
import { engineReplier, runCases } from "../eval/run.js";
import { createLogger, logProblems } from "../log.js";

/**
 * `npm run eval [-- files…] [--report]`: runs question sets through the engine on the bundled
 * corpus plus the fictional test fixtures and prints each case and the score per set. With
 * `--report`, also a table of figures beside a plain BM25 baseline measured in the same run.
 */
const DEFAULT_SETS = [
  "tests/eval/dev.json",
  "tests/eval/tuning.json",
  "tests/eval/tuning-2.json",
  "tests/eval/tuning-3.json",
  "tests/eval/tuning-4.json",
  "tests/eval/tuning-5.json",
  "tests/eval/tuning-6.json",
  "tests/eval/tuning-7.json",
  "tests/eval/tuning-8.json",
  "tests/eval/tuning-9.json",
  "tests/eval/tuning-10.json",
  "tests/eval/tuning-11.json",
  "tests/eval/tuning-12.json",
  "tests/eval/tuning-13.json",
  "tests/eval/tuning-14.json",
  "tests/eval/heldout.json",
  "tests/eval/heldout-2.json",
  "tests/eval/heldout-3.json",
  "tests/eval/heldout-6.json",
  "tests/eval/heldout-7.json",
  "tests/eval/heldout-8.json",
  "tests/eval/heldout-9.json",
  "tests/eval/heldout-10.json",
];
const CORPORA = [process.env.CORPUS_DIR || "corpus", "tests/fixtures/corpus"];

const args = process.argv.slice(2);
const report = args.includes("--report");
// The held-out set is never tuned on, so by default only its score is shown, not its cases.
const showHeldOut = args.includes("--show-heldout");
const files = args.filter((a) => !a.startsWith("--"));

const log = createLogger("warn");
const corpus = await loadCorpus(CORPORA);
logProblems(log, corpus.problems);
const engine = createEngine(corpus);
const baseline = baselineReplier(corpus);

const tables: string[] = [];
for (const file of files.length > 0 ? files : DEFAULT_SETS) {
  const cases = await readCases(file);
  const results = await runCases(corpus, cases, engineReplier(engine));
  const passed = results.filter((r) => r.pass).length;
  process.stdout.write(`\n${path.basename(file)}\n`);
  const hidden = path.basename(file).startsWith("heldout") && !showHeldOut;
  for (const r of hidden ? [] : results) {
    const mark = r.pass ? "pass" : "FAIL";
    const detail = r.pass ? "" : `  ${r.failures.join("; ")}`;
    const options = JSON.stringify(r.case.options);
    process.stdout.write(
      `  ${mark}  ${r.case.id.padEnd(8)} ${r.case.command} ${options}${detail}\n`,
    );
  }
  process.stdout.write(`  score: ${passed}/${results.length}\n`);
  if (report) {
    const base = await runCases(corpus, cases, baseline);
    tables.push(reportTable(path.basename(file), metricsOf(results), metricsOf(base)));
  }
}
if (report) process.stdout.write(`\n${tables.join("\n\n")}\n`);
