import { cp, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { DiscordDouble, type MessageBody } from "../support/discord-double.js";
import {
  type BotProcess,
  type LogLine,
  messageText,
  quotesIn,
  ROOT,
  runDeploy,
  startBot,
} from "./harness.js";

// Child processes, real sockets and a watched folder: generous limits so a loaded CI machine
// does not flake. The 5 s the issue promises is asserted where it is promised, on the wire.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

/**
 * A living corpus, over the wire: the real bot process watches a copy of ./corpus while the
 * tests add, change, break and remove files in it and ask through the Discord double. Tests run
 * in order on one process; the burst of queries comes last because it adds hundreds of files.
 */

const EPHEMERAL = 64;
const GUILD = "123456789012345678";
const LIVE_WITHIN_MS = 5_000;

let double: DiscordDouble;
let bot: BotProcess;
let home: string;
let corpusDir: string;
let deploy: Awaited<ReturnType<typeof runDeploy>>;

beforeAll(async () => {
  double = await DiscordDouble.start();
  home = await mkdtemp(path.join(tmpdir(), "bot-reload-"));
  corpusDir = path.join(home, "corpus");
  await cp(path.join(ROOT, "corpus"), corpusDir, { recursive: true });
  [deploy, bot] = await Promise.all([
    runDeploy(double),
    startBot(double, { CORPUS_DIR: corpusDir }),
  ]);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const article = (name: string) => path.join(corpusDir, "articles", name);

async function command(name: string, options: Record<string, unknown> = {}, guild = false) {
  const { id } = double.chatInput(name, options as never, guild ? { guildId: GUILD } : {});
  const body = await double.waitForResponse(id, 10_000);
  return { id, body, callback: double.interactions.get(id)?.callback, text: messageText(body) };
}

const ask = (question: string) => command("ask", { question });

/**
 * Asks `question` again and again until a reply passes `ok`, for at most `withinMs` from
 * `since`; returns the passing reply and when it came, or the last reply seen.
 */
async function askUntil(
  question: string,
  ok: (text: string) => boolean,
  since: number,
  withinMs = LIVE_WITHIN_MS,
) {
  for (;;) {
    const reply = await ask(question);
    const at = Date.now() - since;
    if (ok(reply.text)) return { ...reply, passed: true, at };
    if (at > withinMs) return { ...reply, passed: false, at };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How many articles the reloads logged from line `since` on have added. */
const addedSince = (since: number) =>
  bot
    .logs()
    .slice(since)
    .filter((l) => String(l.msg).startsWith("corpus reloaded"))
    .reduce((n, l) => n + ((l.articles as { added?: number } | undefined)?.added ?? 0), 0);

/** The first reload summary logged from line `since` on. */
const reloaded = (since: number, what = "a reload") =>
  bot.waitForLog((l) => String(l.msg).startsWith("corpus reloaded"), 15_000, what, since);

const ZORBLAT = "zorblat-quuxcom.md";
const ZORBLAT_QUESTION = "What royalty per unit will Quuxcom pay Zorblat?";
const zorblatText = (royalty: string) =>
  [
    "---",
    "title: Zorblat licenses its radio patents to Quuxcom",
    "publisher: Example Wire",
    "published: 2024-03-04",
    "---",
    "Zorblat licenses its radio patents to Quuxcom",
    "",
    `Zorblat Technologies said on Monday that Quuxcom will pay a royalty of ${royalty} per unit for its radio patents.`,
    "",
    "The agreement runs for five years and covers handsets sold in Europe and Asia.",
    "",
  ].join("\n");

describe("registering /reload", () => {
  it("deploys /reload for server managers only (Manage Server), in servers", () => {
    expect(deploy.code, deploy.stderr).toBe(0);
    const body = double.requests.find((r) => r.method === "PUT")?.body as Array<
      Record<string, unknown>
    >;
    const reload = body.find((c) => c.name === "reload");
    expect(reload).toMatchObject({ default_member_permissions: "32", contexts: [0] });
    expect(reload?.options ?? []).toEqual([]);
    // Everything else stays open to everyone.
    for (const other of body.filter((c) => c.name !== "reload")) {
      expect(other.default_member_permissions).toBeUndefined();
    }
  });

  it("/help does not offer /reload to askers", async () => {
    const { text } = await command("help");
    expect(text).toContain("/ask");
    expect(text).not.toContain("/reload");
  });
});

describe("growing the corpus while the bot runs", () => {
  it("answers from an article added while it runs, within 5 s", async () => {
    const before = await ask(ZORBLAT_QUESTION);
    expect(before.text).not.toContain("$3.75");
    const since = bot.logs().length;
    const written = Date.now();
    await writeFile(article(ZORBLAT), zorblatText("$3.75"));
    const reply = await askUntil(ZORBLAT_QUESTION, (t) => t.includes("$3.75"), written);
    expect(reply.passed, `still not answered after ${reply.at} ms:\n${reply.text}`).toBe(true);
    expect(reply.at).toBeLessThan(LIVE_WITHIN_MS);
    expect(reply.text).toContain(
      "Quuxcom will pay a royalty of $3.75 per unit for its radio patents.",
    );
    expect(reply.text).toContain("Zorblat licenses its radio patents to Quuxcom");
    const line = await reloaded(since, "the reload of the added article");
    expect(line).toMatchObject({
      trigger: "watch",
      articles: { added: 1, changed: 0, removed: 0 },
      files: [article(ZORBLAT)],
    });
    expect(line.ms).toEqual(expect.any(Number));
  });

  it("quotes the new words of a changed article, and not the old ones", async () => {
    const written = Date.now();
    await writeFile(article(ZORBLAT), zorblatText("$4.20"));
    const reply = await askUntil(ZORBLAT_QUESTION, (t) => t.includes("$4.20"), written);
    expect(reply.passed, `old text after ${reply.at} ms:\n${reply.text}`).toBe(true);
    expect(reply.at).toBeLessThan(LIVE_WITHIN_MS);
    expect(reply.text).not.toContain("$3.75");
  });

  it("stops quoting a removed article", async () => {
    expect((await ask(ZORBLAT_QUESTION)).text).toContain("$4.20");
    const written = Date.now();
    await unlink(article(ZORBLAT));
    const reply = await askUntil(ZORBLAT_QUESTION, (t) => !t.includes("Zorblat"), written);
    expect(reply.passed, `still quoted after ${reply.at} ms:\n${reply.text}`).toBe(true);
    expect(reply.at).toBeLessThan(LIVE_WITHIN_MS);
    expect(reply.text).not.toContain("$4.20");
  });
});

describe("a broken file during a reload", () => {
  const OPPO = "000_121a5d68fb5167c5.md";
  const QUESTION = "How many patents does Huawei hold globally?";
  let original: string;

  beforeAll(async () => {
    original = await readFile(article(OPPO), "utf8");
  });

  afterAll(async () => {
    await writeFile(article(OPPO), original);
  });

  it("logs the file and the reason, and keeps answering from the last good version", async () => {
    const good = await ask(QUESTION);
    expect(good.text).toContain("Huawei has a massive portfolio of over 100,000 patents globally.");
    const since = bot.logs().length;
    // Unclosed YAML in the front matter, over a body that says something else.
    await writeFile(
      article(OPPO),
      "---\ntitle: [Huawei & OPPO\n---\nHuawei has a massive portfolio of over 999 patents globally.\n",
    );
    const warning = await bot.waitForLog(
      (l) => l.level === 40 && String(l.msg).includes("kept the last good version"),
      15_000,
      "the broken file to be logged",
      since,
    );
    expect(warning.msg).toContain(article(OPPO));
    expect(warning.msg).toMatch(/front matter is not valid YAML/);
    expect(warning.msg).toContain(`[kept the last good version of ${article(OPPO)}]`);
    const summary = await reloaded(since);
    expect(summary).toMatchObject({ swapped: false, kept: [article(OPPO)] });

    const still = await ask(QUESTION);
    expect(still.text).toContain("over 100,000 patents globally");
    expect(still.text).not.toContain("999");
    // The deal records quoting the article keep standing on it.
    const deal = await command("deal", { company: "Huawei", with: "OPPO" });
    expect(deal.text).toContain("Huawei × OPPO");
  });

  it("skips a brand-new broken file, naming it, and answers from the rest", async () => {
    const since = bot.logs().length;
    const broken = article("half-written.md");
    await writeFile(broken, "no front matter yet\n");
    const warning = await bot.waitForLog(
      (l) => l.level === 40 && String(l.msg).includes("half-written.md"),
      15_000,
      "the new broken file to be logged",
      since,
    );
    expect(warning.msg).toMatch(/no front matter.*\[skipped\]/);
    expect((await ask(QUESTION)).text).toContain("over 100,000 patents globally");
    await unlink(broken);
  });
});

describe("/reload", () => {
  function expectEphemeralReport(reply: { callback?: { type: number }; body: MessageBody }) {
    expect(reply.callback?.type === 4 || reply.callback?.type === 5).toBe(true);
    expect(reply.body.flags ?? 0).toBe(EPHEMERAL);
    expect(reply.body.allowed_mentions).toEqual({ parse: [] });
  }

  it("forces a reload and reports, for the asker only, what changed", async () => {
    const since = bot.logs().length;
    const name = "reload-probe.md";
    await writeFile(article(name), zorblatText("$5.10"));
    // Sent at once, inside the watcher's quiet period: either this reload applies the change
    // or it reports the automatic one that just did; both name the file.
    const reply = await command("reload", {}, true);
    expectEphemeralReport(reply);
    expect(reply.text).toMatch(/Corpus (reloaded|unchanged)/);
    expect(reply.text).toContain(`articles/${name}`);
    expect(reply.text).toMatch(/Now \d+ articles, \d+ deals, \d+ companies/);
    // Full paths stay in the operator's log.
    expect(reply.text).not.toContain(corpusDir);
    const line = await bot.waitForLog(
      (l) => String(l.msg).startsWith("corpus reloaded") && l.trigger === "command",
      15_000,
      "the /reload summary",
      since,
    );
    expect(line.level).toBe(30);
    await unlink(article(name));
  });

  it("reports the problems it finds, and which files keep their last good version", async () => {
    const OPPO = article("000_121a5d68fb5167c5.md");
    const original = await readFile(OPPO, "utf8");
    try {
      await writeFile(OPPO, "---\ntitle: [unclosed\n---\nText.\n");
      const reply = await command("reload", {}, true);
      expectEphemeralReport(reply);
      expect(reply.text).toMatch(
        /Kept the last good version of `articles\/000_121a5d68fb5167c5\.md`/,
      );
      expect(reply.text).toMatch(/Problems found \(\d+\):/);
      expect(reply.text).toMatch(
        /articles\/000_121a5d68fb5167c5\.md.*front matter is not valid YAML/,
      );
    } finally {
      await writeFile(OPPO, original);
    }
    // Settle before the next test: this reload takes in the restored file.
    const settled = await command("reload", {}, true);
    expect(settled.text).not.toContain("Kept the last good version");
  });
});

describe("queries during a reload", () => {
  const QUESTION = "What royalty per device did Huawei say it would charge?";
  const QUOTE = "the company said it would charge a “reasonable” $2.50 per device";

  it("answers a burst of 50 queries during a reload, each correctly", async () => {
    // Enough articles that reading and indexing them takes a while, on a topic of their own.
    const fillers = Array.from({ length: 300 }, (_, i) => fillerArticle(i));
    const since = bot.logs().length;
    await Promise.all(fillers.map((f) => writeFile(article(f.name), f.text)));

    const sent: Array<{ id: string; at: number }> = [];
    // The files may reach the bot in more than one reload; done when all of them are live.
    let done: LogLine | undefined;
    void bot
      .waitForLog(
        () => addedSince(since) >= fillers.length,
        30_000,
        "the filler articles to be live",
        since,
      )
      .then((l) => {
        done = l;
      });
    // Keep asking from before the reload starts until it has ended, and at least 50 times.
    while ((sent.length < 50 || !done) && sent.length < 400) {
      const { id } = double.chatInput("ask", { question: QUESTION });
      sent.push({ id, at: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const replies = await Promise.all(sent.map((s) => double.waitForResponse(s.id, 15_000)));

    expect(done, "the filler articles went live").toBeDefined();
    const reloads = bot
      .logs()
      .slice(since)
      .filter((l) => String(l.msg).startsWith("corpus reloaded") && l.swapped === true);
    expect(addedSince(since)).toBe(fillers.length);
    const during = sent.filter((s) =>
      reloads.some((l) => s.at >= Number(l.time) - Number(l.ms) && s.at <= Number(l.time)),
    );
    expect(during.length, "some queries arrived while a reload ran").toBeGreaterThan(0);

    const corpus = await loadCorpus(corpusDir);
    for (const [i, body] of replies.entries()) {
      const callback = double.interactions.get(sent[i]?.id ?? "")?.callback;
      expect(callback?.type === 4 || callback?.type === 5).toBe(true);
      expect(body.flags ?? 0).toBe(0);
      const text = messageText(body);
      expect(text).not.toContain("❌");
      expect(text).toContain(QUOTE);
      const quotes = quotesIn(text, corpus);
      expect(quotes.length).toBeGreaterThan(0);
      for (const q of quotes) {
        const source = corpus.articles.find((a) => a.id === q.articleId);
        expect(source, `source of “${q.text.slice(0, 40)}…”`).toBeDefined();
        const flat = (s: string) => s.replace(/\s+/g, " ");
        for (const piece of q.text.split("…").map((p) => p.trim())) {
          if (piece) expect(flat(source?.text ?? "")).toContain(flat(piece));
        }
      }
    }
    expect(bot.logs().filter((l) => l.level >= 50)).toEqual([]);
  }, 60_000);
});

/** A plain article on a topic of its own (harbour ferries), different in every file. */
function fillerArticle(i: number) {
  const words = [
    "harbour",
    "ferry",
    "timetable",
    "passengers",
    "morning",
    "crossing",
    "weather",
    "island",
    "captain",
    "terminal",
    "bicycles",
    "tides",
    "evening",
    "pier",
    "lighthouse",
    "gulls",
  ];
  let seed = i + 1;
  const word = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return words[seed % words.length];
  };
  const sentence = () => {
    const body = Array.from({ length: 12 }, word).join(" ");
    return `${body.charAt(0).toUpperCase()}${body.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: 5 }, sentence).join(" ");
  const title = `Ferry notes number ${i + 1}`;
  return {
    name: `filler-${String(i).padStart(3, "0")}.md`,
    text: [
      "---",
      `title: ${title}`,
      "---",
      title,
      "",
      ...Array.from({ length: 4 }, paragraph).flatMap((p) => [p, ""]),
    ].join("\n"),
  };
}
