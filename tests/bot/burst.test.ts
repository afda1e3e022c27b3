import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { writeCorpus } from "../../src/bench/generate-corpus.js";
import { corpusHash, indexFile } from "../../src/engine/persist.js";
import { ADDED_ARTICLE, ADDED_QUESTION } from "../support/added-article.js";
import { DiscordDouble } from "../support/discord-double.js";
import { type BotProcess, type LogLine, messageText, startBot } from "./harness.js";

// A 1,000-article corpus, two bot starts and 300 interactions: minutes, not seconds, on a
// loaded 2-core machine. The only deadline asserted is Discord's own 3 s for a first response.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/**
 * The real bot process on a generated corpus of 1,000 articles: start-up from the persisted
 * index, and a burst of 300 interactions sent at once, as a popular server can.
 */

const ARTICLES = 1_000;
const BURST = 300;
const DISCORD_DEADLINE_MS = 3_000;

interface Needle {
  companyA: string;
  companyB: string;
  royalty: string;
  question: string;
}

let double: DiscordDouble;
let home: string;
let corpusDir: string;
let indexDir: string;
let bot: BotProcess | undefined;
let needles: Needle[];

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), "bot-burst-"));
  corpusDir = path.join(home, "corpus");
  indexDir = path.join(home, "index");
  writeCorpus(corpusDir, { articles: ARTICLES, seed: "1" });
  needles = (
    JSON.parse(readFileSync(path.join(corpusDir, "needles.json"), "utf8")) as {
      needles: Needle[];
    }
  ).needles;
  double = await DiscordDouble.start();
});

afterAll(async () => {
  await bot?.stop("SIGKILL");
  await double?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const loadedLine = (b: BotProcess) =>
  b.waitForLog((l) => l.msg === "corpus loaded", 5_000, "the start-up line");

/** CPU time the process has used so far, in ms (Linux: /proc/PID/stat, in clock ticks). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

describe("start-up with the persisted index", () => {
  it("builds and saves the index on the first start, loads it on the next, and connects only once it can answer", async () => {
    const env = { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, LOG_LEVEL: "debug" };
    const spawnedFirst = Date.now();
    const first = await startBot(double, env);
    const firstReady = Date.now() - spawnedFirst;
    const built = await loadedLine(first);
    expect(built).toMatchObject({ source: "built", articles: ARTICLES });
    expect(built.ms).toEqual(expect.any(Number));
    // The gateway is asked for only after the engine is ready.
    const gateway = double.requests.filter((r) => r.path.endsWith("/gateway/bot"));
    expect(gateway).toHaveLength(1);
    expect(gateway[0]?.at).toBeGreaterThanOrEqual(Number(built.time));
    expect((await first.stop()).code).toBe(0);
    expect(readdirSync(indexDir).filter((f) => f.startsWith("engine-"))).toHaveLength(1);

    const spawnedSecond = Date.now();
    bot = await startBot(double, env);
    const secondReady = Date.now() - spawnedSecond;
    const saved = await loadedLine(bot);
    expect(saved).toMatchObject({ source: "saved", articles: ARTICLES });
    const gateways = double.requests.filter((r) => r.path.endsWith("/gateway/bot"));
    expect(gateways[1]?.at).toBeGreaterThanOrEqual(Number(saved.time));
    console.log(
      `start-up on ${ARTICLES} articles: index built in ${built.ms} ms (process start to ready ${firstReady} ms); ` +
        `loaded in ${saved.ms} ms (process start to ready ${secondReady} ms)`,
    );
  });
});

describe("a burst of interactions", () => {
  it(`acknowledges all of ${BURST} /ask and /deal sent at once, each within Discord's 3 s, and answers each`, async () => {
    const running = bot as BotProcess;
    const since = running.logs().length;
    const pid = running.proc.pid as number;
    const cpuBefore = cpuMs(pid);

    const sent: Array<{ id: string; kind: "ask" | "deal"; needle: Needle }> = [];
    for (let i = 0; i < BURST; i++) {
      const needle = needles[i % needles.length] as Needle;
      if (i % 2 === 0) {
        const { id } = double.chatInput("ask", { question: needle.question });
        sent.push({ id, kind: "ask", needle });
      } else {
        const { id } = double.chatInput(
          "deal",
          { company: needle.companyA, with: needle.companyB },
          i % 4 === 1 ? { guildId: "123456789012345678" } : {},
        );
        sent.push({ id, kind: "deal", needle });
      }
    }
    const bodies = await Promise.all(sent.map((s) => double.waitForResponse(s.id, 60_000)));
    // Each interaction's log line follows its last reply step.
    await running.waitForLog(
      () =>
        running
          .logs()
          .slice(since)
          .filter((l) => l.msg === "interaction").length >= BURST,
      10_000,
      "a log line for every interaction",
    );
    const cpu = cpuMs(pid) - cpuBefore;

    const firstResponse: number[] = [];
    let deferred = 0;
    for (const [i, s] of sent.entries()) {
      const state = double.interactions.get(s.id);
      const callback = double.requests.find(
        (r) => r.path.startsWith(`/api/v10/interactions/${s.id}/`) && r.status === 204,
      );
      expect(callback, `interaction ${i} acknowledged`).toBeDefined();
      const ms = Number(callback?.at) - Number(state?.createdAt);
      firstResponse.push(ms);
      expect(ms, `interaction ${i} (${s.kind}) first response`).toBeLessThan(DISCORD_DEADLINE_MS);
      if (state?.callback?.type === 5) deferred++;
      else expect(state?.callback?.type).toBe(4);
      const text = messageText(bodies[i] ?? {});
      expect(text).not.toContain("❌");
      if (s.kind === "ask") expect(text, s.needle.question).toContain(s.needle.royalty);
      else expect(text).toContain(`${s.needle.companyA} × ${s.needle.companyB}`);
    }
    // Nothing Discord would have refused, nothing the bot logged as an error.
    expect(double.requests.filter((r) => (r.status ?? 0) >= 400)).toEqual([]);
    const lines = running.logs().slice(since);
    expect(lines.filter((l: LogLine) => l.level >= 50)).toEqual([]);
    expect(lines.filter((l) => l.msg === "interaction")).toHaveLength(BURST);

    const sorted = [...firstResponse].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    console.log(
      `burst of ${BURST} on ${ARTICLES} articles: first response p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, ` +
        `max ${sorted.at(-1)} ms; ${deferred} deferred, ${BURST - deferred} answered directly; ` +
        `CPU ${(cpu / BURST).toFixed(1)} ms per interaction (${cpu} ms in all)`,
    );
  });
});

describe("a change while queries come in", () => {
  it("keeps answering within 3 s while the change is rebuilt, then answers from it and saves the new index", async () => {
    const running = bot as BotProcess;
    const since = running.logs().length;
    await writeFile(path.join(corpusDir, "articles", "zorblat-quuxcom.md"), ADDED_ARTICLE);
    const sent: string[] = [];
    let live: LogLine | undefined;
    void running
      .waitForLog(
        (l) => String(l.msg).startsWith("corpus reloaded") && l.swapped === true,
        60_000,
        "the new engine to go live",
        since,
      )
      .then((l) => {
        live = l;
      });
    // A question every 25 ms, from before the reload starts until the new engine is live (it
    // reaches this thread as the saved index, so the index is saved by then).
    while (!live && sent.length < 2_000) {
      sent.push(double.chatInput("deal", { company: "Huawei", with: "Nokia" }).id);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(live, "the new engine went live").toBeDefined();
    expect(
      running
        .logs()
        .slice(since)
        .some((l) => l.msg === "index saved"),
    ).toBe(true);
    await Promise.all(sent.map((id) => double.waitForResponse(id, 30_000)));
    const latencies = sent.map((id) => {
      const callback = double.requests.find(
        (r) => r.path.startsWith(`/api/v10/interactions/${id}/`) && r.status === 204,
      );
      return Number(callback?.at) - Number(double.interactions.get(id)?.createdAt);
    });
    for (const ms of latencies) expect(ms).toBeLessThan(DISCORD_DEADLINE_MS);
    const reload = running
      .logs()
      .slice(since)
      .find((l) => String(l.msg).startsWith("corpus reloaded"));
    expect(reload).toMatchObject({ swapped: true, articles: { added: 1 } });
    expect(readdirSync(indexDir)).toEqual([
      path.basename(indexFile(indexDir, await corpusHash([corpusDir]))),
    ]);

    const { id } = double.chatInput("ask", {
      question: ADDED_QUESTION,
    });
    expect(messageText(await double.waitForResponse(id, 10_000))).toContain("$3.75 per unit");
    console.log(
      `a change to ${ARTICLES} articles went live in ${reload?.ms} ms; ${sent.length} /deal meanwhile, ` +
        `first response max ${Math.max(...latencies)} ms`,
    );
  });
});
