import { config } from "dotenv";
import { DEFAULT_CORPUS_DIR } from "../corpus/load.js";
import { corpusHash, loadSavedEngine, openEngine } from "../engine/persist.js";

/**
 * `npm run index`: builds the persisted index for CORPUS_DIR (or says it is up to date), so the
 * bot's next start loads it instead of analysing every article.
 */
config({ quiet: true });
const dir = process.env.CORPUS_DIR || DEFAULT_CORPUS_DIR;
const cacheDir = process.env.INDEX_DIR || ".cache/index";

const hash = await corpusHash([dir]);
if (await loadSavedEngine(cacheDir, hash)) {
  process.stdout.write(`index: up to date for ${dir} (${hash.slice(0, 16)})\n`);
} else {
  const opened = await openEngine([dir], cacheDir, (error) => {
    process.stderr.write(`index: could not save to ${cacheDir}: ${String(error)}\n`);
    process.exitCode = 1;
  });
  const { articles, deals } = opened.engine.data.corpus;
  process.stdout.write(
    `index: built for ${dir} (${articles.length} articles, ${deals.length} deals) in ${(opened.ms / 1000).toFixed(1)} s → ${cacheDir}\n`,
  );
}
