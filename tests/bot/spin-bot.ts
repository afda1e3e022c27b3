import pino from "pino";
import { loadCorpus } from "../../src/corpus/load.js";
import type { Command } from "../../src/discord/command.js";
import { LatencyGauge } from "../../src/discord/latency.js";
import { loadCommands } from "../../src/discord/loader.js";
import { createBot } from "../../src/discord/main.js";
import { LoopLag, Pacer } from "../../src/discord/pacing.js";
import { createEngine } from "../../src/engine/engine.js";

/**
 * A bot process for tests/bot/pacing.test.ts: the real client, router and pacer, with one more
 * command, /spin, that holds the thread for SPIN_MS like a slow synchronous engine answer. A
 * process of its own, as in production: sharing the test's thread with the Discord double
 * would slow the double's side of every request by the same held thread.
 */

const SPIN_MS = Number(process.env.SPIN_MS ?? 40);

const spin = {
  data: { name: "spin", description: "holds the thread for a while, then answers" },
  execute: () => {
    const until = performance.now() + SPIN_MS;
    while (performance.now() < until) {
      // busy: nothing else runs meanwhile, as with the engine
    }
    return { content: "spun", embeds: [], outcome: "answered" as const };
  },
} satisfies Command;

const log = pino({ level: "info" });
const gauge = new LatencyGauge();
const bot = createBot({
  config: { token: process.env.DISCORD_TOKEN ?? "", apiUrl: process.env.DISCORD_API_URL ?? "" },
  engine: createEngine(await loadCorpus(new URL("../../corpus", import.meta.url).pathname)),
  commands: [...(await loadCommands()), spin],
  log,
  gauge,
  pacer: new Pacer(gauge, new LoopLag()),
});
process.on("SIGTERM", () => {
  void bot.stop(2_000).then(() => process.exit(0));
});
await bot.start();
