import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Corpus } from "../../src/corpus/load.js";
import type { Replier, Reply } from "../../src/eval/run.js";
import type { DiscordDouble, MessageBody } from "../support/discord-double.js";

/**
 * Runs the real bot and deploy script as child processes, as `npm start` and
 * `npm run deploy-commands` would, and reads what they did off the Discord double and their
 * output. Paths are absolute so a test can start them from any working directory.
 */

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** The environment of the test run without anything the bot reads, plus `env`. */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(DISCORD_|CORPUS_DIR$|INDEX_DIR$|LOG_LEVEL$|TOTAL_SHARDS$)/.test(key)) out[key] = value;
  }
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

export class BotProcess {
  stdout = "";
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly listeners = new Set<() => void>();

  constructor(readonly proc: ChildProcess) {
    proc.stdout?.setEncoding("utf8").on("data", (d: string) => {
      this.stdout += d;
      this.changed();
    });
    proc.stderr?.setEncoding("utf8").on("data", (d: string) => {
      this.stderr += d;
      this.changed();
    });
    this.exited = new Promise((resolve) => {
      proc.on("exit", (code, signal) => {
        this.changed();
        resolve({ code, signal });
      });
    });
  }

  private changed() {
    for (const listener of this.listeners) listener();
  }

  get output(): string {
    return this.stdout + this.stderr;
  }

  /** The JSON log lines written so far (pino writes to stdout). */
  logs(): LogLine[] {
    return this.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as LogLine];
        } catch {
          return [];
        }
      });
  }

  /** Resolves with the first log line from index `since` on that matches. */
  waitForLog(
    predicate: (line: LogLine) => boolean,
    timeoutMs = 10_000,
    what = "a log line",
    since = 0,
  ): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.logs().slice(since).find(predicate);
        if (found) return finish(() => resolve(found));
        if (this.proc.exitCode !== null) {
          finish(() =>
            reject(
              new Error(
                `bot exited (${this.proc.exitCode}) before ${what}:\n${this.output.slice(-3000)}`,
              ),
            ),
          );
        }
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`timed out waiting for ${what}:\n${this.output.slice(-3000)}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  async stop(signal: NodeJS.Signals = "SIGTERM") {
    if (this.proc.exitCode === null) this.proc.kill(signal);
    return this.exited;
  }
}

export function spawnScript(
  script: string,
  env: Record<string, string | undefined>,
  cwd = ROOT,
): BotProcess {
  return new BotProcess(
    spawn(process.execPath, ["--import", TSX, path.join(ROOT, script)], {
      cwd,
      env: childEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

/** A persisted-index folder of its own for each bot started, so tests do not share one. */
export function freshIndexDir(): string {
  return mkdtempSync(path.join(tmpdir(), "bot-index-"));
}

/** Starts `src/bot.ts` against the double and waits until it is ready for interactions. */
export async function startBot(
  double: DiscordDouble,
  env: Record<string, string | undefined> = {},
) {
  const bot = spawnScript("src/bot.ts", {
    DISCORD_TOKEN: double.token,
    DISCORD_API_URL: double.apiUrl,
    CORPUS_DIR: path.join(ROOT, "corpus"),
    INDEX_DIR: freshIndexDir(),
    LOG_LEVEL: "debug",
    ...env,
  });
  await bot.waitForLog((l) => l.msg === "ready", 20_000, "the bot to be ready");
  return bot;
}

export async function runDeploy(
  double: DiscordDouble,
  env: Record<string, string | undefined> = {},
) {
  const run = spawnScript("src/cli/deploy-commands.ts", {
    DISCORD_TOKEN: double.token,
    DISCORD_CLIENT_ID: double.applicationId,
    DISCORD_API_URL: double.apiUrl,
    ...env,
  });
  const { code } = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}

// ---- reading replies the way a person does -------------------------------------------------------

/** Discord hides a backslash before ASCII punctuation and renders `**x**` as bold x. */
export function asSeen(markdown: string): string {
  return markdown
    .replace(/(?<!\\)\*\*/g, "")
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/\u200b/g, "");
}

/** Content, then each embed's title, description, fields and footer, as shown. */
export function messageText(body: MessageBody): string {
  const parts = [body.content ?? ""];
  for (const embed of (body.embeds ?? []) as Array<Record<string, unknown>>) {
    const fields = (embed.fields ?? []) as Array<{ name: string; value: string }>;
    parts.push(
      String(embed.title ?? ""),
      String(embed.description ?? ""),
      ...fields.flatMap((f) => [f.name, f.value]),
      String((embed.footer as { text?: string } | undefined)?.text ?? ""),
    );
  }
  return asSeen(parts.filter(Boolean).join("\n"));
}

/** Every “…” quotation in a reply, as shown, with the article its source line names. */
export function quotesIn(text: string, corpus: Corpus): Reply["quotes"] {
  const byTitle = new Map(corpus.articles.map((a) => [a.meta.title, a.id]));
  const out: Reply["quotes"] = [];
  for (const m of text.matchAll(/“(.+)”(?:\n— ([^\n]*))?/g)) {
    const source = m[2] ?? "";
    const title = [...byTitle.keys()].find(
      (t) => source.startsWith(t) || source.startsWith(`[${t}]`),
    );
    out.push({ articleId: title ? (byTitle.get(title) ?? "") : "", text: m[1] ?? "" });
  }
  return out;
}

/** The evaluation's replier, over the wire: each case is a slash command sent to the bot. */
export function wireReplier(double: DiscordDouble, corpus: Corpus): Replier {
  return async (c) => {
    const { id } = double.chatInput(c.command, c.options);
    const body = await double.waitForResponse(id, 10_000);
    const text = messageText(body);
    return { text, quotes: quotesIn(text, corpus) };
  };
}
