import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadCorpus } from "../corpus/load.js";
import { createEngine } from "../engine/engine.js";
import { dealNetwork } from "../engine/network.js";
import { renderNetworkSvg } from "../render/graph-svg.js";
import { svgToPng } from "../render/png.js";
import { renderTimelineSvg } from "../render/timeline-svg.js";

/**
 * `npm run images [-- <out dir>]`: for each seed company, its deal network (direct deals, and
 * with its counterparts' deals too) and its timeline as PNGs, for the docs and for looking at
 * what the bot will attach. Reads CORPUS_DIR like the other commands.
 */

const SEED = ["huawei", "nokia", "xiaomi", "microsoft"];

async function main(argv: string[]) {
  const outDir = argv[0] ?? "docs/images";

  const engine = createEngine(await loadCorpus(process.env.CORPUS_DIR || undefined));
  await mkdir(outDir, { recursive: true });
  for (const id of SEED) {
    const company = engine.resolveCompany(id);
    if (!company) {
      process.stderr.write(`${id}: not in the corpus, skipped\n`);
      continue;
    }
    const files: Array<[string, string]> = [
      [`${company.id}-network.png`, renderNetworkSvg(dealNetwork(engine, company.id, 1))],
      [`${company.id}-network-depth2.png`, renderNetworkSvg(dealNetwork(engine, company.id, 2))],
      [`${company.id}-timeline.png`, renderTimelineSvg(company, engine.companyDeals(company.id))],
    ];
    for (const [name, svg] of files) {
      const file = path.join(outDir, name);
      await writeFile(file, svgToPng(svg));
      process.stdout.write(`${file}\n`);
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
