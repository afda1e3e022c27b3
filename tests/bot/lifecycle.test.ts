import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DiscordDouble } from "../support/discord-double.js";
import { type BotProcess, messageText, ROOT, spawnScript } from "./harness.js";

// Child processes and real sockets: generous limits so a loaded CI machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

/** Start-up and shutdown of the real process: settings, a damaged corpus, signals. */

const TOKEN_LIKE = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs";

let workdir: string;

beforeAll(async () => {
  // A folder without a .env, so nothing on the developer's machine leaks into these runs.
  workdir = await mkdtemp(path.join(tmpdir(), "bot-life-"));
});

async function startFails(env: Record<string, string>) {
  const run = spawnScript("src/bot.ts", env, workdir);
  const { code } = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}

describe("settings", () => {
  it("exits 1 with one line naming DISCORD_TOKEN when it is missing", async () => {
    const { code, stdout, stderr } = await startFails({ CORPUS_DIR: path.join(ROOT, "corpus") });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(
      /^Configuration error: DISCORD_TOKEN is not set; copy \.env\.example to \.env/,
    );
  }, 20_000);

  it("names the variable of a malformed value, never printing the token", async () => {
    const bad = await startFails({ DISCORD_TOKEN: `Bot ${TOKEN_LIKE}` });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("DISCORD_TOKEN contains whitespace");
    expect(bad.stdout + bad.stderr).not.toContain(TOKEN_LIKE);
    const noCorpus = await startFails({
      DISCORD_TOKEN: TOKEN_LIKE,
      CORPUS_DIR: path.join(workdir, "nope"),
    });
    expect(noCorpus.code).toBe(1);
    expect(noCorpus.stderr).toMatch(/^Configuration error: CORPUS_DIR ".*nope" does not exist/);
    expect(noCorpus.stdout + noCorpus.stderr).not.toContain(TOKEN_LIKE);
  }, 20_000);

  it("exits 1 when Discord refuses the token, without printing it", async () => {
    const double = await DiscordDouble.start();
    try {
      const { code, stdout, stderr } = await startFails({
        DISCORD_TOKEN: TOKEN_LIKE,
        DISCORD_API_URL: double.apiUrl,
        CORPUS_DIR: path.join(ROOT, "corpus"),
      });
      expect(code).toBe(1);
      expect(stdout).toMatch(/Discord refused DISCORD_TOKEN \(401\)/);
      expect(stdout + stderr).not.toContain(TOKEN_LIKE);
      expect(double.requests.find((r) => r.path.endsWith("/gateway/bot"))?.status).toBe(401);
    } finally {
      await double.close();
    }
  }, 20_000);
});

describe("a damaged corpus, settings from .env, and shutdown", () => {
  let double: DiscordDouble;
  let bot: BotProcess;
  let home: string;

  beforeAll(async () => {
    double = await DiscordDouble.start();
    home = await mkdtemp(path.join(tmpdir(), "bot-home-"));
    const corpus = path.join(home, "corpus");
    await cp(path.join(ROOT, "corpus"), corpus, { recursive: true });
    await writeFile(
      path.join(corpus, "articles", "broken-front-matter.md"),
      "no front matter here, just text\n",
    );
    await writeFile(
      path.join(corpus, "articles", "binary-blob.md"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0x00]),
    );
    await writeFile(path.join(corpus, "deals", "truncated-deal.json"), '{"id": "half-a-record", ');
    // Everything from .env in the working directory, as `npm start` in a checkout would do.
    await writeFile(
      path.join(home, ".env"),
      [
        `DISCORD_TOKEN=${double.token}`,
        `DISCORD_API_URL=${double.apiUrl}`,
        "CORPUS_DIR=./corpus",
        // Trace includes discord.js's own debug output: the token must not surface there either.
        "LOG_LEVEL=trace",
        "",
      ].join("\n"),
    );
    bot = spawnScript("src/bot.ts", {}, home);
    await bot.waitForLog((l) => l.msg === "ready", 20_000, "the bot to be ready");
  }, 30_000);

  afterAll(async () => {
    await bot?.stop("SIGKILL");
    await double?.close();
  });

  it("logs each bad file by name, skips it and answers from the rest", async () => {
    const warnings = bot
      .logs()
      .filter((l) => l.level === 40 && String(l.msg).startsWith("corpus:"));
    const text = warnings.map((l) => l.msg).join("\n");
    expect(text).toMatch(/broken-front-matter\.md: no front matter.*\[skipped\]/);
    expect(text).toMatch(/binary-blob\.md: this is not a text file.*\[skipped\]/);
    expect(text).toMatch(/truncated-deal\.json: not valid JSON.*\[skipped\]/);
    expect(bot.logs().find((l) => l.msg === "corpus loaded")).toMatchObject({
      articles: 5,
      problems: 3,
    });
    const { id } = double.chatInput("deal", { company: "Huawei", with: "Nokia" });
    expect(messageText(await double.waitForResponse(id))).toContain("Huawei × Nokia");
  });

  it("finishes in-flight replies on SIGTERM and exits 0 within 5 s; the token never appears", async () => {
    const since = bot.logs().length;
    const { id } = double.chatInput("ask", { question: "Who is the CEO of Nokia?" });
    await bot.waitForLog((l) => l.msg === "command options", 3_000, "the command to arrive", since);
    const signalled = Date.now();
    bot.proc.kill("SIGTERM");
    const { code } = await bot.exited;
    const took = Date.now() - signalled;
    expect(code).toBe(0);
    expect(took).toBeLessThan(5_000);
    expect(double.interactions.get(id)?.callback?.type).toBe(4);
    expect(bot.logs().map((l) => l.msg)).toEqual(
      expect.arrayContaining(["shutting down", "stopped"]),
    );
    expect(bot.output).not.toContain(double.token);
    // Trace lines (discord.js's own debug output) were written, so the check above covered them.
    expect(bot.logs().some((l) => l.level === 10)).toBe(true);
  }, 15_000);
});
