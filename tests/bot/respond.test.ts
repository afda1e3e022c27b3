import { MessageFlags } from "discord.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fitChoices, type ReplyTarget, Responder, toMessage } from "../../src/discord/respond.js";
import type { ReplyPayload } from "../../src/render/embeds.js";

/** Records calls in order; refuses a second acknowledgement as Discord does. */
function fakeTarget() {
  const calls: Array<[string, unknown]> = [];
  let acknowledged = false;
  const ack = (kind: string) => async (options?: unknown) => {
    if (acknowledged) throw new Error(`${kind}: already acknowledged (40060)`);
    acknowledged = true;
    calls.push([kind, options]);
  };
  const later = (kind: string) => async (options?: unknown) => {
    if (!acknowledged) throw new Error(`${kind}: not acknowledged yet`);
    calls.push([kind, options]);
  };
  const target: ReplyTarget = {
    reply: ack("reply"),
    deferReply: ack("deferReply"),
    editReply: later("editReply"),
    followUp: later("followUp"),
    deleteReply: later("deleteReply"),
  };
  return { target, calls };
}

const answer: ReplyPayload = {
  content: "hi @everyone",
  embeds: [{ title: "t" }],
  outcome: "answered",
};
const NO_PINGS = { parse: [] };

afterEach(() => {
  vi.useRealTimers();
});

describe("Responder", () => {
  it("replies directly, with no pings, public by default", async () => {
    const { target, calls } = fakeTarget();
    await new Responder(target, false).send(answer);
    expect(calls).toEqual([
      ["reply", { content: "hi @everyone", embeds: [{ title: "t" }], allowedMentions: NO_PINGS }],
    ]);
  });

  it("sets the ephemeral flag on replies, deferrals and follow-ups when private", async () => {
    const { target, calls } = fakeTarget();
    const r = new Responder(target, true);
    await r.defer();
    await r.send(answer);
    await r.send(answer);
    expect(calls.map(([kind, o]) => [kind, (o as { flags?: number } | undefined)?.flags])).toEqual([
      ["deferReply", MessageFlags.Ephemeral],
      ["editReply", undefined],
      ["followUp", MessageFlags.Ephemeral],
    ]);
    for (const [, o] of calls.slice(1)) expect(o).toMatchObject({ allowedMentions: NO_PINGS });
  });

  it("never acknowledges twice, even when a deferral and the answer race", async () => {
    const { target, calls } = fakeTarget();
    const r = new Responder(target, false);
    await Promise.all([r.defer(), r.defer(), r.send(answer)]);
    expect(calls.map(([kind]) => kind)).toEqual(["deferReply", "editReply"]);
  });

  it("defers when the work is still running after the delay, then edits the reply", async () => {
    vi.useFakeTimers();
    const { target, calls } = fakeTarget();
    const r = new Responder(target, false);
    let finish: (p: ReplyPayload) => void = () => {};
    const work = r.withDeferral(
      () =>
        new Promise<ReplyPayload>((resolve) => {
          finish = resolve;
        }),
      1_000,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.map(([kind]) => kind)).toEqual(["deferReply"]);
    finish(answer);
    await r.send(await work);
    expect(calls.map(([kind]) => kind)).toEqual(["deferReply", "editReply"]);
    expect(r.deferred).toBe(true);
  });

  it("does not defer work that finishes in time", async () => {
    vi.useFakeTimers();
    const { target, calls } = fakeTarget();
    const r = new Responder(target, false);
    const payload = await r.withDeferral(() => answer, 1_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await r.send(payload);
    expect(calls.map(([kind]) => kind)).toEqual(["reply"]);
  });

  it("shows errors to the asker only, even after a public deferral", async () => {
    const fresh = fakeTarget();
    await new Responder(fresh.target, false).fail("bad input");
    expect(fresh.calls).toEqual([
      [
        "reply",
        {
          content: "❌ bad input",
          embeds: [],
          allowedMentions: NO_PINGS,
          flags: MessageFlags.Ephemeral,
        },
      ],
    ]);

    const pub = fakeTarget();
    const r = new Responder(pub.target, false);
    await r.defer();
    await r.fail("broke");
    expect(
      pub.calls.map(([kind, o]) => [kind, (o as { flags?: number } | undefined)?.flags]),
    ).toEqual([
      ["deferReply", undefined],
      ["followUp", MessageFlags.Ephemeral],
      ["deleteReply", undefined],
    ]);

    const priv = fakeTarget();
    const p = new Responder(priv.target, true);
    await p.defer();
    await p.fail("broke");
    expect(priv.calls.map(([kind]) => kind)).toEqual(["deferReply", "editReply"]);
  });
});

describe("toMessage and fitChoices", () => {
  it("never sends an empty message and drops the log-only outcome", () => {
    expect(toMessage({ embeds: [], outcome: "not-found" })).toEqual({
      content: "…",
      embeds: [],
      allowedMentions: NO_PINGS,
    });
    expect(toMessage(answer)).not.toHaveProperty("outcome");
  });

  it("keeps at most 25 choices with names and values of at most 100 characters", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      name: `${"long name ".repeat(15)}${i}`,
      value: `v${i}`,
    }));
    const fitted = fitChoices([...many, { name: "too long value", value: "x".repeat(101) }]);
    expect(fitted).toHaveLength(25);
    for (const c of fitted) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    expect(
      fitChoices([
        { name: "a", value: "x".repeat(101) },
        { name: "b", value: "b" },
        { name: "b2", value: "b" },
      ]),
    ).toEqual([{ name: "b", value: "b" }]);
  });
});
