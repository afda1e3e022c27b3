import { beforeAll, describe, expect, it } from "vitest";
import { answerClick, askArgs, dealButtons, quotesShown } from "../../src/discord/components.js";
import {
  CUSTOM_ID_MAX,
  decodeButton,
  encodeButton,
  packId,
  unpackId,
} from "../../src/discord/custom-id.js";
import { askCitations, dealCitations, fingerprint } from "../../src/engine/citations.js";
import type { Engine } from "../../src/engine/engine.js";
import { renderDealReply } from "../../src/render/embeds.js";
import { renderCitations } from "../../src/render/sources.js";
import { bundledEngine } from "./helpers.js";

const ASKER = "123456789012345678";
const OTHER = "876543210987654321";

let engine: Engine;
beforeAll(async () => {
  ({ engine } = await bundledEngine());
});

function dealHash(a: string, b?: string): string {
  return fingerprint(dealCitations(engine.findDeals(a, b)));
}

describe("custom_id", () => {
  it("round-trips every field, within 100 characters", () => {
    const state = {
      action: "page" as const,
      answer: "find" as const,
      owner: "99999999999999999999",
      page: 999,
      hash: "zzzzzzz",
      args: "x".repeat(100),
    };
    expect(encodeButton(state)).toBeUndefined();
    const fitting = { ...state, args: "a:b|c~d" };
    const id = encodeButton(fitting) ?? "";
    expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(decodeButton(id)).toEqual({ ok: true, state: fitting });
    expect(encodeButton({ ...fitting, page: 1000 })).toBeUndefined();
    expect(encodeButton({ ...fitting, owner: "not-an-id" })).toBeUndefined();
    expect(unpackId(packId("1"))).toBe("1");
    expect(unpackId(packId(ASKER))).toBe(ASKER);
  });

  it("tells foreign, old and broken ids apart", () => {
    expect(decodeButton("next-page")).toEqual({ ok: false, reason: "foreign" });
    expect(decodeButton("v2:p:d:-:0:0000000:Huawei|")).toEqual({ ok: false, reason: "version" });
    for (const broken of [
      "v1:p:d:-:0:0000000:",
      "v1:x:d:-:0:0000000:Huawei|",
      "v1:p:q:-:0:0000000:Huawei|",
      "v1:p:d:!!:0:0000000:Huawei|",
      "v1:p:d:-:-1:0000000:Huawei|",
      "v1:p:d:-:0:short:Huawei|",
      "v1:p:d:-:0",
      `v1:p:d:-:0:0000000:${"x".repeat(100)}`,
    ]) {
      expect(decodeButton(broken), broken).toEqual({ ok: false, reason: "malformed" });
    }
  });
});

describe("a click", () => {
  it("cites the page's sources as plain text with title, ready to paste", () => {
    const id = `v1:c:d:-:0:${dealHash("Huawei", "Nokia")}:Huawei|Nokia`;
    const click = answerClick(engine, id, OTHER);
    expect(click).toMatchObject({ kind: "reply", ephemeral: true });
    const content = click.kind === "reply" ? (click.payload.content ?? "") : "";
    expect(content).toContain(
      "[1] “JAKARTA - Huawei has reportedly extended a patent license agreement with Nokia.” — US Sanctions Do Not Frighten Huawei, Now Continue Collaboration with Nokia",
    );
    expect(content).not.toMatch(/\*\*|\\/);
  });

  it("a private answer pages in place for its asker, and refuses anyone else", () => {
    const hash = dealHash("Huawei");
    const id = `v1:p:d:${packId(ASKER)}:1:${hash}:Huawei|`;
    const mine = answerClick(engine, id, ASKER);
    expect(mine.kind).toBe("update");
    expect(mine.kind === "update" && mine.payload.embeds[0]?.footer?.text).toBe(
      "Page 2 of 2 · 6 sources",
    );
    expect(answerClick(engine, id, OTHER)).toMatchObject({ kind: "refuse", reason: "owner" });
  });

  it("a public answer gives each clicker a private page whose buttons are theirs", () => {
    const click = answerClick(engine, `v1:p:d:-:0:${dealHash("Huawei")}:Huawei|`, OTHER);
    expect(click).toMatchObject({ kind: "reply", ephemeral: true });
    const next = click.kind === "reply" ? click.payload.components?.[0]?.components[0] : undefined;
    expect(next?.label).toBe("Next");
    expect(decodeButton(next?.custom_id ?? "")).toMatchObject({
      ok: true,
      state: { owner: OTHER, page: 1 },
    });
  });

  it("refuses a page past the end, a changed corpus and a post of a public answer", () => {
    const hash = dealHash("Huawei");
    expect(answerClick(engine, `v1:p:d:-:2:${hash}:Huawei|`, ASKER)).toMatchObject({
      kind: "refuse",
      reason: "page",
      text: "That answer has 2 pages of sources; there is no page 3.",
    });
    expect(answerClick(engine, "v1:p:d:-:0:0000000:Huawei|", ASKER)).toMatchObject({
      reason: "stale",
    });
    expect(answerClick(engine, "v1:p:f:-:0:0000000:ericsson~~~", ASKER)).toMatchObject({
      reason: "stale",
    });
    expect(answerClick(engine, `v1:s:d:-:0:${hash}:Huawei|`, ASKER)).toMatchObject({
      reason: "malformed",
    });
  });
});

describe("buttons under a fresh reply", () => {
  it("offer Cite, and More sources only when the reply had no room for every source", () => {
    const result = engine.findDeals("Huawei", "Nokia");
    const reply = renderDealReply(result);
    expect(quotesShown(reply)).toBe(2);
    const labels = (shown: typeof reply) =>
      dealButtons(result, shown, { id: ASKER, private: false })[0]?.components.map((b) => b.label);
    expect(labels(reply)).toEqual(["Cite"]);
    const cramped = { ...reply, embeds: reply.embeds.slice(0, 0) };
    expect(labels(cramped)).toEqual(["Cite", "More sources"]);
  });
});

describe("citations to paste", () => {
  it("name title, publisher, author, date and link when known, and break code fences", () => {
    const payload = renderCitations(
      [
        {
          quote: {
            text: "It said ```run``` twice.",
            highlights: [],
            articleStart: 0,
            articleEnd: 10,
            source: {
              articleId: "x",
              title: "A title",
              publisher: "Wire",
              author: "Jo",
              published: "2024-03-12",
              url: "https://example.com/a",
            },
          },
        },
      ],
      5,
    );
    const content = payload.content ?? "";
    expect(content).toContain(
      "[5] “It said `\u200b`\u200b`run`\u200b`\u200b` twice.” — A title, Wire (by Jo), 2024-03-12, https://example.com/a",
    );
    expect(content.match(/```/g)).toHaveLength(2);
  });
});

describe("a question too long for a button", () => {
  it("is carried as its meaningful words when they give the very same sources", () => {
    const question =
      "So, thinking about all of the news coverage out there, what royalty per device did Huawei say that it would charge?";
    const hash = fingerprint(askCitations(engine.answer(question)));
    const args = askArgs(engine, question, hash, 60);
    expect(args).toBeDefined();
    expect(args?.length).toBeLessThanOrEqual(60);
    expect(fingerprint(askCitations(engine.answer(args ?? "")))).toBe(hash);
    // Made for other sources than these words give: no buttons rather than wrong ones.
    expect(askArgs(engine, question, "0000000", 60)).toBeUndefined();
  });
});
