import { config } from "dotenv";
import { corpusNotices, formatProblem } from "../corpus/check.js";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../corpus/load.js";

/**
 * `npm run corpus:check [-- DIR]`: validates a whole corpus and exits non-zero naming every
 * problem with its file. Notices (uncited articles) are printed but do not fail the check.
 */
config({ quiet: true });
const dir = process.argv[2] ?? (process.env.CORPUS_DIR || DEFAULT_CORPUS_DIR);
const corpus = await loadCorpus(dir);

for (const p of corpus.problems) process.stdout.write(`${formatProblem(p)}\n`);
for (const n of corpusNotices(corpus)) process.stdout.write(`notice: ${n.file}: ${n.message}\n`);

const { articles, deals, companies, problems } = corpus;
const summary = `${articles.length} articles, ${deals.length} deals, ${companies.length} companies`;
if (articles.length === 0) {
  process.stdout.write(
    `corpus:check: no articles found in ${dir}/articles; is CORPUS_DIR right?\n`,
  );
  process.exitCode = 1;
} else if (problems.length > 0) {
  process.stdout.write(`corpus:check: ${problems.length} problem(s) in ${dir} (${summary})\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`corpus:check: ok (${summary})\n`);
}
