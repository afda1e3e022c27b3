import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { LatencyGauge } from "../../src/discord/latency.js";
import { loadCommands } from "../../src/discord/loader.js";
import { type Bot, createBot } from "../../src/discord/main.js";
import { Pacer, WorkQueue } from "../../src/discord/pacing.js";
import { createEngine } from "../../src/engine/engine.js";
import { DiscordDouble, type Json, type MessageBody } from "../support/discord-double.js";
import { messageText, ROOT, spawnScript } from "./harness.js";

// Real sockets and a burst of synchronous work: generous limits so a loaded CI machine does not
// flake. The one deadline asserted is Discord's own 3 s for a first response.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

/**
 * Pacing: deferring before engine work when an answer cannot be ready in time, and running
 * that work one answer per turn of the event loop. First the parts on their own, then a bot
 * process with a command that holds the thread like a slow engine, then button clicks whose
 * re-run is known to be slow (the bot in-process: the real client and router, with a gauge the
 * test sets).
 */

const EPHEMERAL = 64;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("the work queue", () => {
  it("runs unacknowledged work first, one piece per turn of the event loop", async () => {
    const queue = new WorkQueue();
    const order: string[] = [];
    const done = Promise.all([
      queue.run(false, 5, () => order.push("deferred")),
      queue.run(true, 5, () => {
        order.push("urgent 1");
        // Scheduled during the first piece: it must run before the next piece does.
        setImmediate(() => order.push("between"));
      }),
      queue.run(true, 5, () => order.push("urgent 2")),
    ]);
    expect(order).toEqual([]);
    await done;
    expect(order).toEqual(["urgent 1", "between", "urgent 2", "deferred"]);
  });

  it("counts what urgent work waits, and passes on what the work returns or throws", async () => {
    const queue = new WorkQueue();
    const a = queue.run(true, 30, () => "a");
    const b = queue.run(true, 50, () => Promise.resolve("b"));
    const c = queue.run(false, 400, () => {
      throw new Error("c failed");
    });
    expect(queue.backlogMs).toBe(80);
    expect(queue.depth).toBe(3);
    await expect(a).resolves.toBe("a");
    expect(queue.backlogMs).toBe(50);
    await expect(b).resolves.toBe("b");
    await expect(c).rejects.toThrow("c failed");
    expect(queue.backlogMs).toBe(0);
    expect(queue.depth).toBe(0);
  });
});

describe("the pacer", () => {
  const ack = () => {
    const events: string[] = [];
    let acknowledged = false;
    return {
      events,
      get acknowledged() {
        return acknowledged;
      },
      async defer() {
        events.push("defer");
        acknowledged = true;
      },
    };
  };

  it("guesses a command by its slowest recent answers, and an untimed one by a default", () => {
    const gauge = new LatencyGauge(700, 3, 20);
    expect(gauge.estimate("ask")).toBe(20);
    for (const ms of [5, 40, 10]) gauge.recordBusy("ask", ms);
    expect(gauge.estimate("ask")).toBe(40);
    for (const ms of [6, 7, 8]) gauge.recordBusy("ask", ms);
    expect(gauge.estimate("ask")).toBe(8);
  });

  it("defers an interaction that is old, queued behind too much, or of a command known slow", () => {
    const now = 1_000_000;
    const gauge = new LatencyGauge();
    gauge.recordBusy("ask", 10);
    const pacer = new Pacer(gauge, undefined, 1_500, () => now);
    expect(pacer.shouldDefer("ask", 0)).toBe(false);
    expect(pacer.shouldDefer("ask", 1_495)).toBe(true);
    for (let i = 0; i < 15; i++) void pacer.run("other", true, () => undefined);
    // 15 untimed answers ahead (20 ms each) and this one: 310 ms.
    expect(pacer.expectedReadyAt("ask", 0)).toBe(310);
    expect(pacer.shouldDefer("ask", 1_200)).toBe(true);
    expect(pacer.shouldDefer("ask", 1_100)).toBe(false);
    gauge.record("graph", 900);
    expect(pacer.shouldDefer("graph", 0, true)).toBe(true);
    expect(pacer.shouldDefer("graph", 0, false)).toBe(false);
  });

  it("answers directly when in time, without deferring", async () => {
    const pacer = new Pacer(new LatencyGauge(), undefined, 1_500, () => 5_000);
    const responder = ack();
    const answer = await pacer.answer("ask", 5_000, responder, () => {
      responder.events.push("work");
      return 42;
    });
    expect(answer).toBe(42);
    expect(responder.events).toEqual(["work"]);
  });

  it("defers before the work when the answer could not be ready in time", async () => {
    const pacer = new Pacer(new LatencyGauge(), undefined, 1_500, () => 5_000);
    const responder = ack();
    await pacer.answer("ask", 5_000 - 1_490, responder, () => responder.events.push("work"));
    expect(responder.events).toEqual(["defer", "work"]);
  });

  it("gives its turn up and defers when it comes too late for a direct answer", async () => {
    let now = 10_000;
    const pacer = new Pacer(new LatencyGauge(), undefined, 1_500, () => now);
    const responder = ack();
    const events = responder.events;
    // Work ahead that takes far longer than guessed: when this answer's turn comes it is late.
    const ahead = pacer.run("graph", true, () => {
      now += 2_000;
      events.push("slow work ahead");
    });
    const later = pacer.run("deal", true, () => events.push("work queued next"));
    const answer = pacer.answer("ask", 10_000, responder, () => {
      events.push("work");
      return "answer";
    });
    await Promise.all([ahead, later]);
    await expect(answer).resolves.toBe("answer");
    expect(events).toEqual(["slow work ahead", "work queued next", "defer", "work"]);
  });
});

// ---- over the wire -------------------------------------------------------------------------

const SPIN_MS = 40;
const BURST = 100;

let double: DiscordDouble;
let bot: Bot;
let gauge: LatencyGauge;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  double = await DiscordDouble.start();
  gauge = new LatencyGauge();
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  bot = createBot({
    config: { token: double.token, apiUrl: double.apiUrl },
    engine: createEngine(await loadCorpus(`${ROOT}corpus`)),
    commands: await loadCommands(),
    log: pino({ level: "info" }, sink),
    gauge,
    pacer: new Pacer(gauge),
  });
  await bot.start();
}, 30_000);

afterAll(async () => {
  await bot?.client.destroy();
  await double?.close();
});

describe("a burst of slow answers, over the wire", () => {
  it(`acknowledges each of ${BURST} interactions sent at once within 3 s when answering all takes longer`, async () => {
    // Its own process, like the bot in production (./spin-bot.ts), and its own Discord.
    const discord = await DiscordDouble.start();
    const spinner = spawnScript("tests/bot/spin-bot.ts", {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      SPIN_MS: String(SPIN_MS),
    });
    try {
      await spinner.waitForLog((l) => l.msg === "ready", 20_000, "the spinning bot to be ready");
      const ids = Array.from({ length: BURST }, () => discord.chatInput("spin").id);
      const bodies = await Promise.all(ids.map((id) => discord.waitForResponse(id, 20_000)));
      let deferred = 0;
      for (const [i, id] of ids.entries()) {
        const state = discord.interactions.get(id);
        const callback = discord.requests.find(
          (r) => r.path.startsWith(`/api/v10/interactions/${id}/`) && r.status === 204,
        );
        expect(callback, `interaction ${i} acknowledged`).toBeDefined();
        expect(Number(callback?.at) - Number(state?.createdAt), `interaction ${i}`).toBeLessThan(
          3_000,
        );
        if (state?.callback?.type === 5) deferred++;
        expect(bodies[i]?.content).toBe("spun");
      }
      // Answering all of them directly would take 4 s: the later ones had to be deferred; the
      // first ones need not be.
      expect(deferred).toBeGreaterThan(0);
      expect(deferred).toBeLessThan(BURST);
      expect(discord.requests.filter((r) => (r.status ?? 0) >= 400)).toEqual([]);
    } finally {
      await spinner.stop("SIGKILL");
      await discord.close();
    }
  });
});

describe("button clicks whose answer is slow", () => {
  type Button = { label: string; custom_id: string };
  const buttonId = (body: MessageBody, label: string) => {
    const rows = (body.components ?? []) as Array<{ components: Button[] }>;
    const found = rows.flatMap((r) => r.components).find((b) => b.label === label);
    if (!found) throw new Error(`no "${label}" button`);
    return found.custom_id;
  };
  const USER = "456789012345678901";
  const click = (customId: string, privateMessage = false) => {
    const message: Json = privateMessage ? { flags: EPHEMERAL } : {};
    return double.component(customId, message, { user: { id: USER, username: "clicker" } }).id;
  };

  let more: string;

  beforeAll(async () => {
    const { id } = double.chatInput("ask", {
      // Four quotes shown, more sources behind "More sources".
      question: "nokia xiaomi deal details",
    });
    more = buttonId(await double.waitForResponse(id), "More sources");
    // As if re-running /ask had just been slow on a big corpus.
    gauge.record("ask", 5_000);
    await nextTurn();
  });

  it("defers a public answer's page privately, then edits the page in", async () => {
    const id = click(more);
    expect(await double.waitForCallback(id)).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const page = await double.waitForResponse(id);
    expect(String((page.embeds?.[0]?.footer as { text?: string })?.text)).toMatch(/^Page 2 of 2/);
    expect(double.interactions.get(id)?.original?.flags).toBe(EPHEMERAL);
  });

  it("defers paging a private answer as an update of that message", async () => {
    const first = click(more);
    const previous = buttonId(await double.waitForResponse(first), "Previous");
    const id = click(previous, true);
    expect((await double.waitForCallback(id)).type).toBe(6);
    const page = await double.waitForResponse(id);
    expect(messageText(page)).toMatch(/^\[1\] /m);
  });

  it("turns a refusal after a deferral into a private message", async () => {
    const stale = more.replace(/:(\w{7}):/, ":zzzzzzz:");
    const id = click(stale);
    expect((await double.waitForCallback(id)).type).toBe(5);
    const refusal = await double.waitForResponse(id);
    expect(refusal.content).toMatch(/^❌ The sources behind that answer have changed/);
    expect(double.interactions.get(id)?.original?.flags).toBe(EPHEMERAL);
    await double.waitFor(
      () => logLines.find((l) => l.kind === "component" && l.outcome === "refused: stale"),
      3_000,
      "the click's log line",
    );
    expect(logLines.find((l) => l.outcome === "refused: stale")).toMatchObject({ deferred: true });
  });
});
