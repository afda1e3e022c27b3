import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Corpus, loadCorpus } from "../../src/corpus/load.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";
import { readCases } from "../../src/eval/cases.js";
import { engineReplier, runCases } from "../../src/eval/run.js";
import { DiscordDouble, type Json, type MessageBody } from "../support/discord-double.js";
import {
  type BotProcess,
  messageText,
  quotesIn,
  ROOT,
  runDeploy,
  startBot,
  wireReplier,
} from "./harness.js";

// Child processes and real sockets: generous limits so a loaded CI machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

/**
 * The real bot process against the Discord double: one process for the whole file, tests in
 * order (the gateway drop and the 429 come after the plain answers, the every-reply-body check
 * comes last).
 */

const EPHEMERAL = 64;
const GUILD = "123456789012345678";

let double: DiscordDouble;
let bot: BotProcess;
let corpus: Corpus;
let engine: Engine;
let deploy: Awaited<ReturnType<typeof runDeploy>>;

beforeAll(async () => {
  double = await DiscordDouble.start();
  corpus = await loadCorpus(`${ROOT}corpus`);
  engine = createEngine(corpus);
  // Deploying and starting are independent; doing both at once keeps the suite quick.
  [deploy, bot] = await Promise.all([runDeploy(double), startBot(double)]);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.close();
});

async function ask(name: string, options: Record<string, unknown> = {}, ctx: Json = {}) {
  const { id } = double.chatInput(name, options as never, ctx);
  const body = await double.waitForResponse(id, 5_000);
  return { id, body, callback: double.interactions.get(id)?.callback, text: messageText(body) };
}

async function suggest(name: string, options: Record<string, string>, focused?: string) {
  const { id } = double.autocomplete(name, options, focused ? { focused } : {});
  const callback = await double.waitForCallback(id, 3_000);
  expect(callback.type).toBe(8);
  return (callback.data?.choices ?? []) as Array<{ name: string; value: string }>;
}

function expectNoPings(body: MessageBody) {
  expect(body.allowed_mentions).toEqual({ parse: [] });
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

describe("deploying commands", () => {
  it("registers all commands with one bulk PUT, valid by Discord's rules", () => {
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/^Registered 8 commands globally: /);
    // The bot was already running: a second PUT here would mean it registered commands itself.
    const puts = double.requests.filter((r) => r.method === "PUT");
    expect(puts.map((r) => r.path)).toEqual([
      `/api/v10/applications/${double.applicationId}/commands`,
    ]);
    const body = puts[0]?.body as Array<Record<string, unknown>>;
    expect(body.map((c) => c.name).sort()).toEqual([
      "Find sources",
      "ask",
      "company",
      "deal",
      "graph",
      "help",
      "reload",
      "source",
    ]);
    // The message command: Discord wants type 3, a 1–32 character name (capitals and spaces
    // allowed), and no description or options.
    const menu = body.find((c) => c.type === 3);
    expect(menu).toEqual({
      type: 3,
      name: "Find sources",
      contexts: [0, 1, 2],
      integration_types: [0],
    });
    const nameRule = /^[-_\p{L}\p{N}]{1,32}$/u;
    for (const command of body.filter((c) => c.type !== 3)) {
      const name = String(command.name);
      expect(name).toMatch(nameRule);
      expect(name).toBe(name.toLowerCase());
      expect(String(command.description).length).toBeGreaterThanOrEqual(1);
      expect(String(command.description).length).toBeLessThanOrEqual(100);
      // Commands for server managers (/reload) are for servers only and always answer privately.
      const forManagers = command.default_member_permissions !== undefined;
      expect(command.contexts).toEqual(forManagers ? [0] : [0, 1, 2]);
      expect(command.integration_types).toEqual([0]);
      const options = (command.options ?? []) as Array<Record<string, unknown>>;
      expect(options.length).toBeLessThanOrEqual(25);
      const firstOptional = options.findIndex((o) => !o.required);
      if (firstOptional >= 0)
        expect(options.slice(firstOptional).every((o) => !o.required)).toBe(true);
      for (const o of options) {
        expect(String(o.name)).toMatch(nameRule);
        expect(String(o.name)).toBe(String(o.name).toLowerCase());
        expect(String(o.description).length).toBeGreaterThanOrEqual(1);
        expect(String(o.description).length).toBeLessThanOrEqual(100);
        expect(((o.choices ?? []) as unknown[]).length).toBeLessThanOrEqual(25);
        if (o.autocomplete) {
          expect(o.type).toBe(3);
          expect(o.choices).toBeUndefined();
        }
        if (o.type === 3) expect(o.max_length).toBeGreaterThan(0);
      }
      if (forManagers) continue;
      expect(options.find((o) => o.name === "private")).toMatchObject({ type: 5 });
      expect(options.find((o) => o.name === "private")?.required).toBeFalsy();
    }
    const deal = body.find((c) => c.name === "deal");
    expect(
      ((deal?.options ?? []) as Array<Record<string, unknown>>).map((o) => [
        o.name,
        o.required ?? false,
        o.autocomplete ?? false,
      ]),
    ).toEqual([
      ["company", true, true],
      ["with", false, true],
      ["private", false, false],
      ["mention", false, false],
    ]);
    // A user option: Discord sends the chosen user's id.
    expect(((deal?.options ?? []) as Array<Record<string, unknown>>).at(-1)?.type).toBe(6);
    const askCommand = body.find((c) => c.name === "ask");
    expect(((askCommand?.options ?? []) as Array<Record<string, unknown>>)[0]).toMatchObject({
      name: "question",
      required: true,
      max_length: 300,
    });
  });

  it("registers in one guild when DISCORD_GUILD_ID is set", async () => {
    const guildDeploy = await runDeploy(double, { DISCORD_GUILD_ID: GUILD });
    expect(guildDeploy.code, guildDeploy.stderr).toBe(0);
    expect(guildDeploy.stdout).toMatch(new RegExp(`^Registered 8 commands in guild ${GUILD}`));
    expect(
      double.commands
        .get(GUILD)
        ?.map((c) => c.name)
        .sort(),
    ).toEqual(["Find sources", "ask", "company", "deal", "graph", "help", "reload", "source"]);
  }, 20_000);

  it("fails with one line naming the variable when Discord refuses the application id", async () => {
    const wrong = await runDeploy(double, { DISCORD_CLIENT_ID: "99999999999999999" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
    expect(wrong.stderr).toContain("DISCORD_CLIENT_ID");
    expect(wrong.stderr + wrong.stdout).not.toContain(double.token);
  }, 20_000);
});

describe("answers", () => {
  it("/deal: a direct public reply with titled embeds, bold hits and verbatim cited quotes", async () => {
    const { body, callback, text } = await ask("deal", { company: "Huawei", with: "Nokia" });
    expect(callback?.type).toBe(4);
    expect(body.flags ?? 0).toBe(0);
    expectNoPings(body);
    const embeds = body.embeds as Array<{
      title: string;
      description: string;
      footer: { text: string };
    }>;
    expect(embeds[0]?.title).toBe("Huawei × Nokia");
    expect(embeds[0]?.description).toMatch(/\*\*\[1\]\*\* “[^”]*\*\*Huawei\*\*/);
    expect(embeds[0]?.footer.text).toMatch(/^\d+ sources? · /);
    expect(text).toMatch(/Terms\nnot disclosed/);
    expectVerbatim(text);
  });

  it("/deal in a guild with a typo and full-width letters still resolves", async () => {
    const typo = await ask("deal", { company: "huwaei", with: "opo" }, { guildId: GUILD });
    expect(typo.text).toContain("Huawei × OPPO");
    expectVerbatim(typo.text);
    const wide = await ask("deal", { company: "Ｈｕａｗｅｉ" });
    expect(wide.text).toContain("Huawei");
  });

  it("/deal with no deal between two companies says so plainly, publicly, with suggestions", async () => {
    const { body, text } = await ask("deal", { company: "Huawei", with: "Xiaomi" });
    expect(body.flags ?? 0).toBe(0);
    expect(text).toMatch(/^No deal between Huawei and Xiaomi in the corpus\./);
    expect(text).toMatch(/Huawei's recorded deals: .*OPPO/);
    expect(text).toMatch(/Xiaomi's recorded deals: /);
    const unknown = await ask("deal", { company: "Ericsson", with: "Apple" });
    expect(unknown.text).toMatch(/^No company called "Ericsson" in the corpus\./);
    expect(unknown.body.flags ?? 0).toBe(0);
  });

  it("/ask answers with verbatim quotes first, and abstains plainly", async () => {
    const { body, text } = await ask("ask", {
      question: "What royalty per device did Huawei say it would charge?",
    });
    expectNoPings(body);
    expect(text).toContain("$2.50 per device");
    expect((body.embeds as Array<{ description: string }>)[0]?.description).toMatch(
      /^\*\*\[1\]\*\* “/,
    );
    expectVerbatim(text);
    const pizza = await ask("ask", { question: "What is the best pizza topping?" });
    expect(pizza.text).toBe(
      "The corpus has nothing relevant to that question, so there is nothing to quote.",
    );
  });

  it("/company, /source and /help answer", async () => {
    const company = await ask("company", { name: "Nokia" });
    expect(company.text).toMatch(/^Nokia: \d+ deals/);
    expectVerbatim(company.text);
    const source = await ask("source", { article: "000_121a5d68fb5167c5" });
    expect(source.text).toContain("Huawei & OPPO sign a patent cross-licensing agreement");
    expect(source.text).toContain("Cross-licence · Huawei × OPPO");
    const help = await ask("help");
    expect(help.text).toContain("/deal company:… [with:…]");
  });

  it("private:true answers ephemerally", async () => {
    const { body } = await ask("deal", { company: "Huawei", with: "Nokia", private: true });
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.embeds?.length).toBeGreaterThan(0);
  });

  it("echoes user text neutralised: no live mention, no masked link, no @everyone", async () => {
    const { body } = await ask("deal", {
      company: "@everyone <@123> [click](https://evil.example)",
    });
    expectNoPings(body);
    const content = String(body.content);
    expect(content).toContain("@\u200beveryone");
    expect(content).not.toMatch(/@everyone/);
    expect(content).toContain("\\<@123\\>");
    expect(content).not.toMatch(/(^|[^\\])<@123>/);
    expect(content).toContain("\\[click\\](https://evil.example)");
    expect(content).not.toMatch(/(^|[^\\])\[click\]\(/);
  });
});

describe("autocomplete", () => {
  it("suggests the companies with most deals for empty input", async () => {
    const choices = await suggest("deal", { company: "" });
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.name)).toEqual(engine.suggestCompanies("", 25).map((c) => c.name));
  });

  it("is typo tolerant, canonical names first, within Discord's limits", async () => {
    for (const typed of ["huwaei", "huw", "HUAWEI"]) {
      const choices = await suggest("deal", { company: typed });
      expect(choices[0]).toEqual({ name: "Huawei", value: "Huawei" });
    }
    const alias = await suggest("company", { name: "Nokia Oyj" });
    expect(alias[0]?.name).toBe("Nokia");
    const other = await suggest("deal", { company: "Huawei", with: "" }, "with");
    expect(other.map((c) => c.name)).not.toContain("Huawei");
    expect(other.slice(0, 3).map((c) => c.name)).toContain("OPPO");
    for (const c of [...alias, ...other]) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });

  it("offers article titles for /source, and a pick resolves", async () => {
    const choices = await suggest("source", { article: "oppo" });
    expect(choices[0]?.name).toBe("Huawei & OPPO sign a patent cross-licensing agreement");
    const picked = await ask("source", { article: choices[0]?.value ?? "" });
    expect(picked.text).toContain("Huawei & OPPO sign a patent cross-licensing agreement");
  });

  it("answers odd and huge input in time", async () => {
    for (const typed of ["a".repeat(6000), "\u202e\u200b🦄\ud800", "*_`|<@1>"]) {
      const choices = await suggest("deal", { company: typed });
      expect(choices.length).toBeLessThanOrEqual(25);
    }
  });
});

describe("errors", () => {
  async function expectEphemeralError(
    name: string,
    options: Record<string, unknown> | Json[],
    pattern: RegExp,
  ) {
    const { body, callback } = await ask(name, options as Record<string, unknown>);
    expect(callback?.type).toBe(4);
    expect(body.flags).toBe(EPHEMERAL);
    expect(String(body.content)).toMatch(/^❌ /);
    expect(String(body.content)).toMatch(pattern);
    expectNoPings(body);
  }

  it("a blank option gets an ephemeral error with an example", async () => {
    await expectEphemeralError("deal", { company: "   " }, /`company` is empty: for example/);
    await expectEphemeralError("ask", { question: "\u200b \u200d" }, /`question` is empty/);
    await expectEphemeralError("deal", {}, /`company` is required/);
  });

  it("an over-long option gets an ephemeral error, whatever Discord enforced", async () => {
    await expectEphemeralError(
      "ask",
      { question: "why ".repeat(1500) },
      /`question` is 6,000 characters long; the limit is 300/,
    );
    await expectEphemeralError("deal", { company: "x".repeat(6000) }, /the limit is 100/);
  });

  it("an unknown command and a wrongly typed option get ephemeral errors", async () => {
    await expectEphemeralError("frobnicate", {}, /`\/frobnicate` is not a command of this bot/);
    await expectEphemeralError(
      "deal",
      [{ name: "company", type: 4, value: 42 }],
      /`company` should be text/,
    );
  });

  it("odd Unicode gets a public answer, not a crash", async () => {
    for (const company of ["\u202eiewauH", "🦄🦄", "x\ud800y", "Nokia\u0000"]) {
      const { body, callback } = await ask("deal", { company });
      expect(callback?.type).toBe(4);
      expect(String(body.content ?? "") + JSON.stringify(body.embeds)).not.toContain("\u202e");
    }
  });

  it("interactions that are not slash commands get an ephemeral pointer", async () => {
    const menu = double.messageContextMenu("Quote this", { content: "hello" });
    const menuBody = await double.waitForResponse(menu.id);
    expect(menuBody.flags).toBe(EPHEMERAL);
    expect(String(menuBody.content)).toMatch(/^❌ .*slash commands/);
    const button = double.component("next-page");
    const buttonBody = await double.waitForResponse(button.id);
    expect(buttonBody.flags).toBe(EPHEMERAL);
  });

  it("a payload discord.js cannot parse is logged and still answered; the bot keeps going", async () => {
    const before = bot.logs().length;
    const { id } = double.sendInteraction({
      type: 2,
      data: {
        id: "123456789012345678",
        name: "deal",
        type: 1,
        options: [{ name: "company", type: 3, value: "Huawei" }],
      },
      // Without these discord.js throws while building the interaction, before any handler.
      authorizing_integration_owners: undefined,
      entitlements: undefined,
    });
    const body = await double.waitForResponse(id, 3_000);
    expect(body.flags).toBe(EPHEMERAL);
    expect(String(body.content)).toMatch(/^❌ .*run the command again/);
    await bot.waitForLog(
      (l) => l.level >= 50 && typeof l.err === "object",
      3_000,
      "the error to be logged",
      before,
    );
    await bot.waitForLog(
      (l) => l.kind === "malformed" && l.outcome === "malformed",
      3_000,
      "the rescue to be logged",
      before,
    );
    const next = await ask("help");
    expect(next.callback?.type).toBe(4);
    expect(bot.proc.exitCode).toBeNull();
  });
});

describe("the wire misbehaving", () => {
  it("retries a callback that got a 429 with retry-after", async () => {
    double.failNext("/callback", { status: 429, retryAfter: 0.3 });
    const { id, body } = await ask("help");
    expect(body.embeds?.length).toBe(1);
    const attempts = double.requests.filter((r) => r.path.includes(`/interactions/${id}/`));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
  });

  it("answers after a dropped gateway, including what was sent during the outage", async () => {
    double.dropGateway();
    const { callback } = await ask("deal", { company: "Nokia", with: "Xiaomi" });
    expect(callback?.type).toBe(4);
    await bot.waitForLog((l) => l.msg === "gateway resumed", 5_000, "the resume to be logged");
    expect(double.resumeCount).toBeGreaterThanOrEqual(1);
    const after = await ask("deal", { company: "Huawei", with: "OPPO" });
    expect(after.text).toContain("Huawei × OPPO");
  });
});

describe("the development question set over the wire", () => {
  it("passes every case, judged on the replies Discord would show", async () => {
    const cases = await readCases(`${ROOT}tests/eval/dev.json`);
    const wire = await runCases(corpus, cases, wireReplier(double, corpus));
    // Only to say where a failure comes from: the engine itself, or the Discord rendering.
    const local = await runCases(corpus, cases, engineReplier(engine));
    const engineMisses = new Set(local.filter((r) => !r.pass).map((r) => r.case.id));
    const failures = wire
      .filter((r) => !r.pass)
      .map(
        (r) =>
          `${r.case.id} (${engineMisses.has(r.case.id) ? "the engine's own replier fails it too" : "fails over the wire only"}): ` +
          `${r.failures.join("; ")}\n${r.reply.text}`,
      );
    expect(failures).toEqual([]);
    expect(wire.filter((r) => r.pass)).toHaveLength(cases.length);
  }, 30_000);
});

describe("every reply and every log line", () => {
  it("carries allowed_mentions {parse: []} on every reply body, edit and follow-up", () => {
    const bodies = double.requests.filter(
      (r) =>
        (r.method === "POST" &&
          r.path.endsWith("/callback") &&
          [4, 7].includes((r.body as { type?: number }).type ?? 0)) ||
        (r.method === "PATCH" && r.path.includes("/webhooks/")) ||
        (r.method === "POST" && /\/webhooks\/\d+\/[^/]+$/.test(r.path)),
    );
    expect(bodies.length).toBeGreaterThan(30);
    for (const r of bodies) {
      const data = (
        r.path.endsWith("/callback") ? (r.body as { data?: Json }).data : r.body
      ) as Json;
      expect(data.allowed_mentions, `${r.method} ${r.path}`).toEqual({ parse: [] });
    }
  });

  it("logs one line per interaction with command, latency and outcome; never the token", () => {
    const lines = bot.logs().filter((l) => l.msg === "interaction");
    const commandLines = lines.filter((l) => l.kind === "command");
    expect(commandLines.length).toBeGreaterThan(20);
    for (const l of lines) {
      expect(typeof l.latencyMs).toBe("number");
      expect(typeof l.outcome).toBe("string");
      expect(typeof l.command === "string" || l.kind === "other").toBe(true);
    }
    expect(commandLines.map((l) => l.outcome)).toEqual(
      expect.arrayContaining(["answered", "not-found", "user-error"]),
    );
    // User text only as lengths at info level; in full only in debug lines.
    const question = "What royalty per device did Huawei say it would charge?";
    const infoAndAbove = bot.stdout.split("\n").filter((l) => /"level":(3|4|5|6)\d/.test(l));
    expect(infoAndAbove.join("\n")).not.toContain(question);
    expect(bot.stdout).toContain(question);
    expect(bot.output).not.toContain(double.token);
    for (const state of double.interactions.values()) expect(bot.output).not.toContain(state.token);
  });
});
