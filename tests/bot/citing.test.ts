import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Corpus, loadCorpus } from "../../src/corpus/load.js";
import { packId } from "../../src/discord/custom-id.js";
import { askCitations, dealCitations, fingerprint } from "../../src/engine/citations.js";
import { findSources as findSourcesFor, parseClaimKey } from "../../src/engine/claims.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";
import { DiscordDouble, type Json, type MessageBody } from "../support/discord-double.js";
import { type BotProcess, messageText, quotesIn, ROOT, startBot } from "./harness.js";

// Child processes and real sockets: generous limits so a loaded CI machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

/**
 * "Citing sources in discussions" over the wire: the real bot process against the Discord
 * double. Find sources on a message, `mention` on /deal and /ask, and the buttons (Cite, More
 * sources, Previous/Next, Post to channel), including buttons made by an earlier process.
 */

const EPHEMERAL = 64;
const GUILD = "123456789012345678";
const ASKER = "210987654321098765";
const FRIEND = "345678901234567890";
const STRANGER = "456789012345678901";

let double: DiscordDouble;
let bot: BotProcess;
let corpus: Corpus;
let engine: Engine;

beforeAll(async () => {
  double = await DiscordDouble.start();
  corpus = await loadCorpus(path.join(ROOT, "corpus"));
  engine = createEngine(corpus);
  bot = await startBot(double);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.close();
});

type Button = { label: string; custom_id: string; style: number };

function buttons(body: MessageBody): Button[] {
  return ((body.components ?? []) as Array<{ components: Button[] }>).flatMap((r) => r.components);
}

function footerOf(body: MessageBody): string {
  return String((body.embeds?.[0]?.footer as { text?: string } | undefined)?.text);
}

function buttonId(body: MessageBody, label: string): string {
  const found = buttons(body).find((b) => b.label === label);
  if (!found) throw new Error(`no "${label}" button in ${JSON.stringify(body.components)}`);
  return found.custom_id;
}

async function answer(id: string) {
  const body = await double.waitForResponse(id, 5_000);
  return { body, callback: double.interactions.get(id)?.callback, text: messageText(body) };
}

async function findSources(content: string, user = ASKER) {
  const { id } = double.messageContextMenu(
    "Find sources",
    { content },
    { guildId: GUILD, user: { id: user, username: "asker" } },
  );
  return answer(id);
}

async function command(name: string, options: Record<string, unknown>, user = ASKER) {
  const { id } = double.chatInput(name, options as never, {
    guildId: GUILD,
    user: { id: user, username: "someone" },
  });
  return answer(id);
}

/** A click on `customId`, on a message that is private (ephemeral) or public. */
async function click(customId: string, user: string, privateMessage = false) {
  const message: Json = privateMessage ? { flags: EPHEMERAL } : {};
  const { id } = double.component(customId, message, {
    guildId: GUILD,
    user: { id: user, username: "clicker" },
  });
  return answer(id);
}

/** Each quotation shown stands word for word in the article its source line names. */
function expectVerbatim(text: string) {
  const quotes = quotesIn(text, corpus);
  expect(quotes.length).toBeGreaterThan(0);
  for (const q of quotes) {
    const article = corpus.articles.find((a) => a.id === q.articleId);
    expect(article, `source of “${q.text.slice(0, 40)}…”`).toBeDefined();
    const flat = (s: string) => s.replace(/\s+/g, " ");
    for (const piece of q.text
      .split("…")
      .map((p) => p.trim())
      .filter(Boolean)) {
      expect(flat(article?.text ?? "")).toContain(flat(piece));
    }
  }
}

function expectRefused(reply: Awaited<ReturnType<typeof answer>>, pattern: RegExp) {
  expect(reply.callback?.type).toBe(4);
  expect(reply.body.flags).toBe(EPHEMERAL);
  expect(String(reply.body.content)).toMatch(/^❌ /);
  expect(String(reply.body.content)).toMatch(pattern);
  expect(reply.body.allowed_mentions).toEqual({ parse: [] });
  expect(reply.body.components ?? []).toEqual([]);
}

describe("Find sources on a message", () => {
  it("a casual claim: a private answer with verbatim quotes marked as supporting it", async () => {
    const { body, text } = await findSources("pretty sure huawei charges like 2.50 a phone lol");
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(text).toContain("Read as: Huawei · 2.50 per phone");
    expect(text).toMatch(/\[1\] ✅ supports: source \$2\.50 per device, message 2\.50 per phone/);
    expect(text).toContain("$2.50 per device to license its technologies");
    expectVerbatim(text);
    expect(buttons(body).map((b) => b.label)).toEqual(["Next", "Cite", "Post to channel"]);
  });

  it("a claim with another figure: the source that states a different one differs", async () => {
    const { text } = await findSources("nah huwaei wants $3 per device from everyone");
    expect(text).toMatch(/⚠️ differs: source \$2\.50 per device, message \$3 per device/);
    expectVerbatim(text);
  });

  it("Post to channel posts the same sources publicly, pinging nobody", async () => {
    const mine = await findSources("pretty sure huawei charges like 2.50 a phone lol");
    const posted = await click(buttonId(mine.body, "Post to channel"), ASKER, true);
    expect(posted.callback?.type).toBe(4);
    expect(posted.body.flags ?? 0).toBe(0);
    expect(posted.body.allowed_mentions).toEqual({ parse: [] });
    expect(posted.text).toContain(`Shared by <@${ASKER}>.`);
    expect(posted.text).toContain("supports: source $2.50 per device");
    expectVerbatim(posted.text);
    // The public copy can be paged and cited by anyone, and not posted again.
    expect(buttons(posted.body).map((b) => b.label)).toEqual(["Next", "Cite"]);
  });

  it("a message about nothing the corpus covers says so and quotes nothing", async () => {
    const { body, text } = await findSources(
      "anyone want to grab lunch later? the new pizza place downtown is great",
    );
    expect(body.flags).toBe(EPHEMERAL);
    expect(text).toMatch(/nothing to look up and nothing to quote/);
    expect(text).not.toContain("“");
    expect(body.embeds ?? []).toEqual([]);
    expect(body.components ?? []).toEqual([]);
  });
});

describe("mention on /deal and /ask", () => {
  it("addresses the answer to one user and lets only that user be pinged", async () => {
    const { body, text } = await command("deal", {
      company: "Huawei",
      with: "Nokia",
      mention: { id: FRIEND, username: "friend" },
    });
    expect(body.flags ?? 0).toBe(0);
    expect(String(body.content)).toMatch(new RegExp(`^For <@${FRIEND}>:\\n`));
    expect(body.allowed_mentions).toEqual({ parse: [], users: [FRIEND] });
    expectVerbatim(text);
  });

  it("user text with @everyone or another <@id> stays neutral beside the mention", async () => {
    const { body } = await command("deal", {
      company: `@everyone <@${STRANGER}> @here`,
      mention: { id: FRIEND, username: "friend" },
    });
    const content = String(body.content);
    expect(content).toMatch(new RegExp(`^For <@${FRIEND}>:`));
    expect(body.allowed_mentions).toEqual({ parse: [], users: [FRIEND] });
    expect(content).toContain("@\u200beveryone");
    expect(content).not.toMatch(/@everyone|@here/);
    expect(content).toContain(`\\<@${STRANGER}\\>`);
    expect(content).not.toMatch(new RegExp(`(^|[^\\\\])<@${STRANGER}>`));
  });

  it("works on /ask too, and is refused together with private", async () => {
    const asked = await command("ask", {
      question: "What royalty per device did Huawei say it would charge?",
      mention: { id: FRIEND, username: "friend" },
    });
    expect(String(asked.body.content)).toBe(`For <@${FRIEND}>:`);
    expect(asked.body.allowed_mentions).toEqual({ parse: [], users: [FRIEND] });
    expect(asked.text).toContain("$2.50 per device");
    const both = await command("ask", {
      question: "Who licenses patents to Nokia?",
      private: true,
      mention: { id: FRIEND, username: "friend" },
    });
    expect(both.body.flags).toBe(EPHEMERAL);
    expect(String(both.body.content)).toMatch(/^❌ `mention` and `private:True`/);
    expect(both.body.allowed_mentions).toEqual({ parse: [] });
  });
});

describe("Cite and More sources", () => {
  it("Cite answers the clicker privately with a citation ready to paste", async () => {
    const reply = await command("deal", { company: "Huawei", with: "Nokia" });
    const cited = await click(buttonId(reply.body, "Cite"), STRANGER);
    expect(cited.callback?.type).toBe(4);
    expect(cited.body.flags).toBe(EPHEMERAL);
    expect(cited.body.allowed_mentions).toEqual({ parse: [] });
    const content = String(cited.body.content);
    const block = /```\n([\s\S]*)\n```/.exec(content)?.[1] ?? "";
    const lines = block.split("\n\n");
    expect(lines).toHaveLength(2);
    const article = corpus.articles.find((a) => a.id === "001_095b81ffdf6e0750");
    for (const [i, line] of lines.entries()) {
      const m = /^\[(\d+)\] “(.+)” — (.+)$/.exec(line);
      expect(m?.[1]).toBe(String(i + 1));
      expect(article?.text).toContain(m?.[2]);
      expect(m?.[3]).toBe(article?.meta.title);
    }
  });

  it("More sources pages through the rest; Next updates the private page in place", async () => {
    const reply = await command("ask", {
      // Four quotes shown, more sources behind "More sources".
      question: "nokia xiaomi deal details",
    });
    const more = await click(buttonId(reply.body, "More sources"), STRANGER);
    expect(more.callback?.type).toBe(4);
    expect(more.body.flags).toBe(EPHEMERAL);
    const footer = footerOf(more.body);
    const total = askCitations(engine.answer("nokia xiaomi deal details")).length;
    expect(total).toBeGreaterThan(4);
    expect(footer).toBe(`Page 2 of 2 · ${total} sources`);
    // Numbered across pages: page 2 starts at [5], after the four the reply showed.
    expect(more.text).toMatch(/^\[5\] /m);
    expectVerbatim(more.text);
    const back = await click(buttonId(more.body, "Previous"), STRANGER, true);
    expect(back.callback?.type).toBe(7);
    expect(back.text).toMatch(/^\[1\] /m);
    expect(footerOf(back.body)).toMatch(/^Page 1 of 2/);
  });

  it("a page beyond the end is refused", async () => {
    const question = "What does the Nokia Xiaomi agreement include besides patents?";
    const hash = fingerprint(askCitations(engine.answer(question)));
    expectRefused(await click(`v1:p:a:-:2:${hash}:${question}`, STRANGER), /no page 3/);
  });

  it("another user cannot page or cite a private answer", async () => {
    const mine = await findSources("pretty sure huawei charges like 2.50 a phone lol");
    const next = buttonId(mine.body, "Next");
    expectRefused(await click(next, STRANGER, true), /Only the person who asked/);
    expectRefused(
      await click(buttonId(mine.body, "Cite"), STRANGER, true),
      /Only the person who asked/,
    );
    // Its asker can.
    const paged = await click(next, ASKER, true);
    expect(paged.callback?.type).toBe(7);
    expect(paged.text).toMatch(/^\[5\] /m);
  });

  it("foreign, damaged and outdated buttons are refused privately", async () => {
    expectRefused(await click("next-page", ASKER), /not one this bot can read/);
    expectRefused(await click("v1:p:d:-:zzz:0000000:Huawei|Nokia", ASKER), /damaged/);
    expectRefused(await click("v9:p:d:-:0:0000000:Huawei|Nokia", ASKER), /older version/);
    expectRefused(await click("v1:p:f:-:0:0000000:huawei~~~x", ASKER), /damaged/);
    // Well formed, but made for other sources than the corpus gives now.
    expectRefused(await click("v1:c:d:-:0:0000000:Huawei|Nokia", ASKER), /have changed/);
  });
});

describe("buttons from an earlier process", () => {
  it("still work after the bot restarts: the state is all in the custom_id", async () => {
    // Written by hand, as an earlier process would have made them: a Cite under a public
    // /deal Huawei × Nokia, and page 2 of a private Find sources answer.
    const cite = `v1:c:d:-:0:${fingerprint(dealCitations(engine.findDeals("Huawei", "Nokia")))}:Huawei|Nokia`;
    const claim = parseClaimKey(engine, "huawei~2.50/phone~li~charges+phone");
    if (!claim.ok) throw new Error("the claim key should parse");
    const found = findSourcesFor(engine, claim.claim);
    const citations = found.kind === "sources" ? found.citations : [];
    const page = `v1:p:f:${packId(ASKER)}:1:${fingerprint(citations)}:huawei~2.50/phone~li~charges+phone`;

    await bot.stop();
    bot = await startBot(double);

    const cited = await click(cite, STRANGER);
    expect(cited.body.flags).toBe(EPHEMERAL);
    expect(String(cited.body.content)).toContain(
      "[1] “JAKARTA - Huawei has reportedly extended a patent license agreement with Nokia.”",
    );
    const paged = await click(page, ASKER, true);
    expect(paged.callback?.type).toBe(7);
    expect(footerOf(paged.body)).toBe(`Page 2 of 2 · ${citations.length} sources`);
    expectVerbatim(paged.text);
  });

  it("are refused once the corpus no longer gives the same sources; new ones cite in full", async () => {
    const cite = `v1:c:d:-:0:${fingerprint(dealCitations(engine.findDeals("Huawei", "Nokia")))}:Huawei|Nokia`;
    const fixtures = path.join(ROOT, "tests", "fixtures", "corpus");
    await bot.stop();
    bot = await startBot(double, { CORPUS_DIR: fixtures });
    expectRefused(await click(cite, STRANGER), /have changed since it was given/);

    // A button made on this corpus cites with everything the article's front matter knows.
    const other = createEngine(await loadCorpus(fixtures));
    const question = "What royalty per handset did Quillon and Marrowfield agree?";
    const sources = askCitations(other.answer(question));
    expect(sources.length).toBeGreaterThan(0);
    const cited = await click(`v1:c:a:-:0:${fingerprint(sources)}:${question}`, STRANGER);
    expect(String(cited.body.content)).toContain(
      "— Quillon Semiconductors and Marrowfield Mobile sign 5G patent cross-licence, Harbourline Tech Wire (test data — fictional companies), 2024-03-12, https://harbourline.example.com/2024/03/12/quillon-marrowfield-cross-licence",
    );
  });
});

describe("every reply and every log line", () => {
  it("pings nobody, except the one user a reply was addressed to", () => {
    const bodies = double.requests
      .filter(
        (r) =>
          (r.method === "POST" && r.path.endsWith("/callback")) ||
          (r.method === "PATCH" && r.path.includes("/webhooks/")) ||
          (r.method === "POST" && /\/webhooks\/\d+\/[^/]+$/.test(r.path)),
      )
      .map(
        (r) => (r.path.endsWith("/callback") ? (r.body as { data?: Json }).data : r.body) as Json,
      )
      .filter((data) => data && ("content" in data || "embeds" in data));
    expect(bodies.length).toBeGreaterThan(20);
    for (const data of bodies) {
      const addressed = /^For <@(\d+)>:/.exec(String(data.content))?.[1];
      expect(data.allowed_mentions).toEqual(
        addressed ? { parse: [], users: [addressed] } : { parse: [] },
      );
    }
  });

  it("logs each click with the command it belongs to and why it was refused", () => {
    const clicks = bot.logs().filter((l) => l.msg === "interaction" && l.kind === "component");
    expect(clicks.length).toBeGreaterThan(0);
    for (const l of clicks) {
      expect(typeof l.command).toBe("string");
      expect(typeof l.latencyMs).toBe("number");
    }
    expect(clicks.map((l) => l.outcome)).toContain("refused: stale");
  });
});
