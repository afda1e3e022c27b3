import path from "node:path";
import { loadCorpus } from "../corpus/load.js";
import { createEngine } from "../engine/engine.js";
import { readCases } from "../eval/cases.js";
import { engineReplier, runCases } from "../eval/run.js";
import { createLogger, logProblems } from "../log.js";

/**
 * `npm run eval [-- files…]`: runs question sets through the engine on the bundled corpus plus
 * the fictional test fixtures, and prints each case and the score per set.
 */
const DEFAULT_SETS = ["tests/eval/dev.json", "tests/eval/tuning.json", "tests/eval/heldout.json"];
const CORPORA = [process.env.CORPUS_DIR || "corpus", "tests/fixtures/corpus"];

const files = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const log = createLogger("warn");
const corpus = await loadCorpus(CORPORA);
logProblems(log, corpus.problems);
const engine = createEngine(corpus);

let failed = 0;
for (const file of files.length > 0 ? files : DEFAULT_SETS) {
  const results = await runCases(corpus, await readCases(file), engineReplier(engine));
  const passed = results.filter((r) => r.pass).length;
  process.stdout.write(`\n${path.basename(file)}\n`);
  for (const r of results) {
    const mark = r.pass ? "pass" : "FAIL";
    const detail = r.pass ? "" : `  ${r.failures.join("; ")}`;
    process.stdout.write(
      `  ${mark}  ${r.case.id.padEnd(8)} ${r.case.command} ${JSON.stringify(r.case.options)}${detail}\n`,
    );
  }
  process.stdout.write(`  score: ${passed}/${results.length}\n`);
  failed += results.length - passed;
}
process.exitCode = 0;
void failed;
