import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import type { Command } from "../../src/discord/command.js";
import { LatencyGauge } from "../../src/discord/latency.js";
import { loadCommands } from "../../src/discord/loader.js";
import { type Bot, createBot } from "../../src/discord/main.js";
import { createEngine } from "../../src/engine/engine.js";
import { DiscordDouble, type Json } from "../support/discord-double.js";
import { ROOT } from "./harness.js";

// Child processes and real sockets: generous limits so a loaded CI machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

/**
 * Deferral needs answers slower than the bundled corpus gives, so the bot runs in-process here
 * (the real client and router against the double) with test-only slow commands and a latency
 * gauge that remembers slow /ask answers.
 */

const EPHEMERAL = 64;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deferral ("thinking…") callback that everyone in the channel sees. */
async function expectPublicDeferral(id: string, timeoutMs = 3_000) {
  const callback = await double.waitForCallback(id, timeoutMs);
  expect(callback.type).toBe(5);
  expect((callback.data?.flags ?? 0) & EPHEMERAL).toBe(0);
}

let double: DiscordDouble;
let bot: Bot;
const logLines: Array<Record<string, unknown>> = [];

const slow = {
  data: { name: "slow", description: "answers after 1.3 s" },
  execute: async () => {
    await sleep(1_300);
    return { content: "late but here @everyone", embeds: [], outcome: "answered" as const };
  },
} satisfies Command;

const broken = {
  data: { name: "broken", description: "fails after 1.2 s" },
  execute: async (): Promise<never> => {
    await sleep(1_200);
    throw new Error("the engine fell over");
  },
} satisfies Command;

beforeAll(async () => {
  double = await DiscordDouble.start();
  const engine = createEngine(await loadCorpus(`${ROOT}corpus`));
  const gauge = new LatencyGauge();
  // As if the warm-up had found /ask slow on a big corpus.
  gauge.record("ask", 5_000);
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  bot = createBot({
    config: { token: double.token, apiUrl: double.apiUrl },
    engine,
    commands: [...(await loadCommands()), slow, broken],
    log: pino({ level: "debug" }, sink),
    gauge,
  });
  await bot.start();
}, 20_000);

afterAll(async () => {
  await bot?.client.destroy();
  await double?.close();
});

describe("deferring slow answers", () => {
  it("defers /ask up front when recent answers were slow, then edits in the answer", async () => {
    const { id } = double.chatInput("ask", { question: "Who is the CEO of Nokia?" });
    await expectPublicDeferral(id);
    const body = await double.waitForResponse(id);
    expect(body.embeds?.length).toBe(1);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(double.interactions.get(id)?.original?.flags).toBe(0);
  });

  it("keeps a private deferral private", async () => {
    const { id } = double.chatInput("ask", { question: "Who is the CEO of Nokia?", private: true });
    expect(await double.waitForCallback(id)).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    await double.waitForResponse(id);
    expect(double.interactions.get(id)?.original?.flags).toBe(EPHEMERAL);
  });

  it("defers work still running after a second, and acknowledges only once", async () => {
    const { id } = double.chatInput("slow");
    await expectPublicDeferral(id);
    const body = await double.waitForResponse(id, 5_000);
    expect(body.content).toBe("late but here @everyone");
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const callbacks = double.requests.filter((r) => r.path.includes(`/interactions/${id}/`));
    expect(callbacks).toHaveLength(1);
  });

  it("turns a failure after a public deferral into an ephemeral error and removes the placeholder", async () => {
    const { id } = double.chatInput("broken");
    await expectPublicDeferral(id);
    const state = await double.waitFor(
      () => {
        const s = double.interactions.get(id);
        return s?.followUps.length && s.original === undefined ? s : undefined;
      },
      5_000,
      "the follow-up and the deletion",
    );
    expect(state.followUps[0]).toMatchObject({ flags: EPHEMERAL });
    expect(String(state.followUps[0]?.content)).toMatch(/^❌ Something went wrong/);
    const failure = logLines.find((l) => l.msg === "command failed");
    expect((failure?.err as { stack?: string } | undefined)?.stack).toMatch(
      /the engine fell over\n\s+at /,
    );
    // The interaction's log line follows the last reply step, so it may trail the double's view.
    await double.waitFor(
      () =>
        logLines.find(
          (l) => l.msg === "interaction" && l.command === "broken" && l.outcome === "failed",
        ),
      3_000,
      "the interaction's log line",
    );
  });

  it("finishes an answer in progress before closing the gateway", async () => {
    const { id } = double.chatInput("slow");
    await double.waitForCallback(id, 3_000);
    await bot.stop(5_000);
    expect(double.interactions.get(id)?.edits).toHaveLength(1);
    expect(bot.client.isReady()).toBe(false);
  });

  it("sets no-pings on the client and on every reply, edit and follow-up it sent", () => {
    expect(bot.client.options.allowedMentions).toEqual({ parse: [] });
    const bodies = double.requests.filter(
      (r) =>
        (r.method === "POST" &&
          r.path.endsWith("/callback") &&
          (r.body as { type?: number }).type === 4) ||
        (r.method === "PATCH" && r.path.includes("/webhooks/")) ||
        (r.method === "POST" && /\/webhooks\/\d+\/[^/]+$/.test(r.path)),
    );
    expect(bodies.filter((r) => r.method === "PATCH").length).toBeGreaterThanOrEqual(3);
    expect(
      bodies.filter((r) => r.method === "POST" && r.path.includes("/webhooks/")).length,
    ).toBeGreaterThanOrEqual(1);
    for (const r of bodies) {
      const data = (
        r.path.endsWith("/callback") ? (r.body as { data?: Json }).data : r.body
      ) as Json;
      expect(data.allowed_mentions, `${r.method} ${r.path}`).toEqual({ parse: [] });
    }
  });
});
