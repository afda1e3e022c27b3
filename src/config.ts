import { stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * The bot's settings, read from the environment (dotenv fills it from `.env` first). Every
 * variable is checked on its own so a mistake is reported as ONE line that names the variable
 * and the fix. Values are never echoed for secrets: a token pasted into the wrong variable must
 * not end up in a terminal scroll-back or a CI log.
 */

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_API_URL = "https://discord.com/api";
export const DEFAULT_CORPUS_DIR = "./corpus";
/** Where the persisted index lives; `npm run index` uses the same default. */
export const DEFAULT_INDEX_DIR = ".cache/index";

export interface Config {
  token: string;
  /** The application id; needed to register commands, not to answer them. */
  clientId?: string;
  /** Register commands in this guild only (instant, for development); else globally. */
  guildId?: string;
  /** REST base without a trailing slash; discord.js appends `/v10`. */
  apiUrl: string;
  corpusDir: string;
  /** The persisted index's folder: start-up loads the engine saved there for this corpus. */
  indexDir: string;
  /** How many shards `npm run start:sharded` runs; unset: as many as Discord recommends. */
  totalShards?: number;
  logLevel: LogLevel;
}

/** What the settings are for: answering needs the corpus, registering needs the application id. */
export type ConfigPurpose = "start" | "deploy";

export type ConfigResult =
  | { ok: true; config: Config }
  | { ok: false; variable: string; message: string };

const PORTAL = "https://discord.com/developers/applications";

// Discord ids are 64-bit snowflakes: 17 digits in 2015, 19 today, 20 by the 2090s.
const snowflake = (name: string, where: string) =>
  z
    .string()
    .regex(/^\d{17,20}$/, `${name} must be a Discord id of 17–20 digits; copy it from ${where}`);

const SCHEMAS = {
  DISCORD_TOKEN: z
    .string()
    .min(
      1,
      `DISCORD_TOKEN is not set; copy .env.example to .env and paste the bot token from ${PORTAL} → your app → Bot → Reset Token`,
    )
    // A loose check only: token formats change, but whitespace always means a paste mistake
    // (a "Bot " prefix, a line break, a second value on the line).
    .regex(
      /^\S+$/,
      'DISCORD_TOKEN contains whitespace; paste only the token itself, without "Bot " or quotes',
    ),
  DISCORD_CLIENT_ID: snowflake(
    "DISCORD_CLIENT_ID",
    `${PORTAL} → your app → General Information → Application ID`,
  ),
  DISCORD_GUILD_ID: snowflake(
    "DISCORD_GUILD_ID",
    "Discord (Developer Mode on) → right-click the server → Copy Server ID, or leave it empty for global commands",
  ),
  DISCORD_API_URL: z
    .url({
      protocol: /^https?$/,
      error:
        "DISCORD_API_URL must be an http(s) URL such as https://discord.com/api; leave it empty for the default",
    })
    .transform((url) => url.replace(/\/+$/, "")),
  TOTAL_SHARDS: z
    .string()
    .regex(
      /^(auto|[1-9]\d{0,4})$/i,
      'TOTAL_SHARDS must be a whole number of shards (1 or more), or "auto" for as many as Discord recommends',
    )
    .transform((value) => (value.toLowerCase() === "auto" ? undefined : Number(value))),
  LOG_LEVEL: z
    .string()
    .transform((level) => level.toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` })),
} as const;

/** Empty values count as unset, so a copied `.env.example` with blank optional lines works. */
function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function check<T>(
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; message: string } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  // Our own messages only: zod's defaults could quote the offending input.
  return { ok: false, message: parsed.error.issues[0]?.message ?? "is not valid" };
}

export async function readConfig(
  env: NodeJS.ProcessEnv,
  purpose: ConfigPurpose,
): Promise<ConfigResult> {
  const fail = (variable: string, message: string): ConfigResult => ({
    ok: false,
    variable,
    message,
  });

  const token = check(SCHEMAS.DISCORD_TOKEN, read(env, "DISCORD_TOKEN") ?? "");
  if (!token.ok) return fail("DISCORD_TOKEN", token.message);

  const rawClientId = read(env, "DISCORD_CLIENT_ID");
  if (purpose === "deploy" && rawClientId === undefined) {
    return fail(
      "DISCORD_CLIENT_ID",
      `DISCORD_CLIENT_ID is not set; registering commands needs the application id from ${PORTAL} → your app → General Information`,
    );
  }
  let clientId: string | undefined;
  if (rawClientId !== undefined) {
    const parsed = check(SCHEMAS.DISCORD_CLIENT_ID, rawClientId);
    if (!parsed.ok) return fail("DISCORD_CLIENT_ID", parsed.message);
    clientId = parsed.value;
  }

  let guildId: string | undefined;
  const rawGuildId = read(env, "DISCORD_GUILD_ID");
  if (rawGuildId !== undefined) {
    const parsed = check(SCHEMAS.DISCORD_GUILD_ID, rawGuildId);
    if (!parsed.ok) return fail("DISCORD_GUILD_ID", parsed.message);
    guildId = parsed.value;
  }

  const apiUrl = check(SCHEMAS.DISCORD_API_URL, read(env, "DISCORD_API_URL") ?? DEFAULT_API_URL);
  if (!apiUrl.ok) return fail("DISCORD_API_URL", apiUrl.message);

  const logLevel = check(SCHEMAS.LOG_LEVEL, read(env, "LOG_LEVEL") ?? "info");
  if (!logLevel.ok) return fail("LOG_LEVEL", logLevel.message);

  const shards = check(SCHEMAS.TOTAL_SHARDS, read(env, "TOTAL_SHARDS") ?? "auto");
  if (!shards.ok) return fail("TOTAL_SHARDS", shards.message);

  const corpusDir = read(env, "CORPUS_DIR") ?? DEFAULT_CORPUS_DIR;
  if (purpose === "start") {
    // loadCorpus treats a missing folder as an empty corpus; a bot that can only ever say
    // "nothing relevant" because of a typo in a path should not start.
    const problem = await folderProblem(corpusDir);
    if (problem) return fail("CORPUS_DIR", `CORPUS_DIR ${problem}`);
  }

  return {
    ok: true,
    config: {
      token: token.value,
      ...(clientId ? { clientId } : {}),
      ...(guildId ? { guildId } : {}),
      apiUrl: apiUrl.value,
      corpusDir,
      indexDir: read(env, "INDEX_DIR") ?? DEFAULT_INDEX_DIR,
      ...(shards.value !== undefined ? { totalShards: shards.value } : {}),
      logLevel: logLevel.value,
    },
  };
}

async function folderProblem(dir: string): Promise<string | undefined> {
  const shown = JSON.stringify(dir);
  try {
    const info = await stat(dir);
    if (!info.isDirectory())
      return `${shown} is a file, not a folder; point it at the corpus folder (the one holding articles/ and deals/)`;
    return undefined;
  } catch {
    return `${shown} does not exist (resolved to ${path.resolve(dir)}); point it at the corpus folder or leave it empty for ${DEFAULT_CORPUS_DIR}`;
  }
}

/** The single line printed when start-up stops on a setting. */
export function configErrorLine(result: Extract<ConfigResult, { ok: false }>): string {
  return `Configuration error: ${result.message}.`;
}
