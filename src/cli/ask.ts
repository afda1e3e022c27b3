import { config } from "dotenv";
import { loadCorpus } from "../corpus/load.js";
import { createEngine } from "../engine/engine.js";
import { createLogger, logProblems } from "../log.js";
import { renderAskText, renderDealText } from "../render/text.js";

/** The bot's main job without Discord: `deal <company> [<other>]` or `ask "<question>"`. */

const USAGE = `usage:
  npm run ask -- deal <company> [<other company>]
  npm run ask -- ask "<question>"`;

function usage(problem: string): never {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}

async function main(argv: string[]) {
  config({ quiet: true });
  const [command, ...rest] = argv;
  if (command === "deal") {
    if (rest.length < 1 || rest.length > 2 || !rest[0]?.trim()) {
      usage("deal takes one or two company names (quote names with spaces).");
    }
  } else if (command === "ask") {
    if (rest.join(" ").trim() === "") usage("ask takes a question.");
  } else {
    usage(command ? `unknown command "${command}".` : "no command given.");
  }

  const log = createLogger(process.env.LOG_LEVEL ?? "warn");
  const corpus = await loadCorpus(process.env.CORPUS_DIR || undefined);
  logProblems(log, corpus.problems);
  const engine = createEngine(corpus);
  const style = { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR };

  const text =
    command === "deal"
      ? renderDealText(engine.findDeals(rest[0] ?? "", rest[1]), style)
      : renderAskText(engine.answer(rest.join(" ")), style);
  process.stdout.write(`${text}\n`);
}

await main(process.argv.slice(2));
