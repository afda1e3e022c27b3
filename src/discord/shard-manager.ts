import { spawn } from "node:child_process";
import { access } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Shard, ShardingManager } from "discord.js";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { corpusHash, indexFile } from "../engine/persist.js";
import { createLogger } from "../log.js";
import { SERVING_NODE_FLAGS } from "../node-flags.js";

/**
 * `npm run start:sharded`: the bot as several processes, one per gateway shard, under
 * discord.js's ShardingManager. Discord requires sharding from 2,500 servers (one connection
 * carries at most 2,500); each shard process is the ordinary bot (src/bot.ts), told its shard
 * by the manager through the SHARDS and SHARD_COUNT variables its client reads.
 *
 * The persisted index is made here, once, before any shard starts: every shard then loads it,
 * instead of each building the same index at the same time.
 */

/** The shard script: the bot itself. */
const SHARD_SCRIPT = fileURLToPath(new URL("../bot.ts", import.meta.url));
const INDEX_SCRIPT = fileURLToPath(new URL("../cli/index.ts", import.meta.url));

/** Between two shards' starts: Discord lets a bot identify once per 5 s (max_concurrency 1). */
const SPAWN_DELAY_MS = 5_500;
/** How long one shard may take from its start to ready. */
const READY_TIMEOUT_MS = 60_000;
/** How long the shards get to finish answers in progress on shutdown (each stops within 5 s). */
const STOP_MS = 6_000;

export async function startShardManager(config: Config): Promise<void> {
  const log = createLogger({ level: config.logLevel, dest: 1, secrets: [config.token] }).child({
    role: "manager",
  });

  try {
    await ensureIndex(config, log);
  } catch (error) {
    // Not fatal: every shard can still build the index itself, only more slowly.
    log.warn({ err: error }, "could not build the index first; each shard builds its own");
  }

  let totalShards: number;
  try {
    totalShards = config.totalShards ?? (await recommendedShards(config));
  } catch (error) {
    if ((error as { status?: unknown }).status === 401) {
      log.fatal(
        "Discord refused DISCORD_TOKEN (401); reset the token in the Developer Portal (Bot → Reset Token) and update .env",
      );
    } else {
      log.fatal(
        { err: error, apiUrl: config.apiUrl },
        "could not ask Discord how many shards to run; check the network and DISCORD_API_URL, or set TOTAL_SHARDS",
      );
    }
    process.exit(1);
  }

  const manager = new ShardingManager(SHARD_SCRIPT, {
    token: config.token,
    totalShards,
    mode: "process",
    // The shards run TypeScript through tsx, with the V8 flags `npm start` uses.
    execArgv: [...SERVING_NODE_FLAGS, "--import", "tsx"],
    respawn: true,
  });
  const processes = new Map<number, NonNullable<Shard["process"]>>();
  manager.on("shardCreate", (shard) => {
    shard.on("spawn", (child) => {
      if (!child || !("pid" in child)) return;
      processes.set(shard.id, child);
      log.info({ shard: shard.id, pid: child.pid }, "shard started");
    });
    shard.on("ready", () => log.info({ shard: shard.id }, "shard ready"));
    shard.on("death", (child) => {
      const code = "exitCode" in child ? child.exitCode : undefined;
      log.warn({ shard: shard.id, code }, "shard exited; restarting it");
    });
  });

  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping the shards");
    manager.respawn = false;
    setTimeout(() => {
      log.warn("shards took too long to stop; exiting anyway");
      process.exit(code);
    }, STOP_MS).unref();
    // Each shard stops as `npm start` does on SIGTERM: answers in progress finish first.
    await Promise.all(
      [...processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    log.info("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  log.info({ totalShards }, "starting shards");
  try {
    await manager.spawn({ delay: SPAWN_DELAY_MS, timeout: READY_TIMEOUT_MS });
  } catch (error) {
    log.fatal({ err: error }, "a shard did not become ready");
    await shutdown("start-up failure", 1);
    return;
  }
  log.info({ totalShards }, "all shards ready");
}

/** Builds the persisted index for the corpus unless it is there already. */
async function ensureIndex(config: Config, log: Logger): Promise<void> {
  const started = performance.now();
  const hash = await corpusHash([config.corpusDir]);
  const present = await access(indexFile(config.indexDir, hash)).then(
    () => true,
    () => false,
  );
  if (present) {
    log.info({ source: "saved", ms: Math.round(performance.now() - started) }, "index ready");
    return;
  }
  // In a process of its own (`npm run index`), so the manager, which lives as long as the
  // shards, never holds an engine it does not use.
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", INDEX_SCRIPT], {
      env: { ...process.env, CORPUS_DIR: config.corpusDir, INDEX_DIR: config.indexDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      text += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      text += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`npm run index failed (${code}): ${text}`)),
    );
  });
  log.info(
    { source: "built", ms: Math.round(performance.now() - started), output: output.trim() },
    "index ready",
  );
}

/** How many shards Discord recommends for this bot (GET /gateway/bot). */
async function recommendedShards(config: Config): Promise<number> {
  // discord.js's own helper always asks discord.com; this one honours DISCORD_API_URL.
  const response = await fetch(`${config.apiUrl}/v10/gateway/bot`, {
    headers: { Authorization: `Bot ${config.token}` },
  });
  if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), response);
  const { shards } = (await response.json()) as { shards?: unknown };
  if (typeof shards !== "number" || !Number.isInteger(shards) || shards < 1) {
    throw new Error(`Discord answered an unusable shard count: ${String(shards)}`);
  }
  return shards;
}
