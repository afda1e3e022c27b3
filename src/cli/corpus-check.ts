import { config } from "dotenv";
import { checkReport } from "../corpus/check.js";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../corpus/load.js";

/**
 * `npm run corpus:check [-- DIR]`: validates a whole corpus and exits non-zero naming every
 * problem with its file. Deals naming companies missing from companies.json are listed in a
 * section of their own (and fail the check, like every warning); articles no deal cites are
 * listed too, but only as notices: an uncited article still answers /ask.
 */
config({ quiet: true });
const dir = process.argv[2] ?? (process.env.CORPUS_DIR || DEFAULT_CORPUS_DIR);
const { lines, ok } = checkReport(await loadCorpus(dir), dir);
process.stdout.write(`${lines.join("\n").replace(/^\n+/, "")}\n`);
if (!ok) process.exitCode = 1;
