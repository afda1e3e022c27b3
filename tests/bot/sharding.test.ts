import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DiscordDouble, snowflake } from "../support/discord-double.js";
import { type BotProcess, messageText, ROOT, spawnScript } from "./harness.js";

// Three processes, and discord.js's 5.5 s between two shards' starts: generous limits.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

/**
 * `npm run start:sharded` against a double that recommends two shards: the manager builds the
 * index once, starts one bot process per shard, each identifies as its shard, loads the saved
 * index and answers the interactions Discord routes to its connection.
 */

let double: DiscordDouble;
let home: string;
let indexDir: string;
let manager: BotProcess;
const shardPids = new Map<number, number>();

beforeAll(async () => {
  double = await DiscordDouble.start({ shards: 2 });
  home = await mkdtemp(path.join(tmpdir(), "bot-shards-"));
  indexDir = path.join(home, "index");
  manager = spawnScript("src/cli/start-sharded.ts", {
    DISCORD_TOKEN: double.token,
    DISCORD_API_URL: double.apiUrl,
    CORPUS_DIR: path.join(ROOT, "corpus"),
    INDEX_DIR: indexDir,
    LOG_LEVEL: "debug",
  });
  await manager.waitForLog((l) => l.msg === "all shards ready", 80_000, "both shards to be ready");
  for (const line of manager.logs().filter((l) => l.msg === "shard started")) {
    shardPids.set(Number(line.shard), Number(line.pid));
  }
});

afterAll(async () => {
  await manager?.stop("SIGKILL");
  for (const pid of shardPids.values()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await double?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** A guild id that Discord routes to `shard` of 2. */
function guildOn(shard: number): string {
  for (;;) {
    const id = snowflake(Date.now() - Math.floor(Math.random() * 1e9));
    if (double.shardOf(id) === shard) return id;
  }
}

/** Resident memory of a process, in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Math.round(Number(kb) / 1024);
}

describe("two shards under the sharding manager", () => {
  it("asks Discord for the shard count and starts one identified process per shard", () => {
    const gateway = double.requests.filter((r) => r.path.endsWith("/gateway/bot"));
    // The manager's question, then each shard's login.
    expect(gateway.length).toBeGreaterThanOrEqual(3);
    expect(gateway.every((r) => r.status === 200)).toBe(true);
    const identified = double.gatewayReceived
      .filter((p) => p.op === 2)
      .map((p) => (p.d as { shard?: unknown }).shard);
    expect(identified).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(identified).toHaveLength(2);
    expect([...shardPids.keys()].sort()).toEqual([0, 1]);
    expect(new Set(shardPids.values()).size).toBe(2);
    expect(manager.logs().filter((l) => l.msg === "shard ready")).toHaveLength(2);
  });

  it("builds the index once, in the manager, and every shard loads it", () => {
    expect(manager.logs().find((l) => l.msg === "index ready")).toMatchObject({
      role: "manager",
      source: "built",
    });
    expect(readdirSync(indexDir).filter((f) => f.startsWith("engine-"))).toHaveLength(1);
    const loaded = manager.logs().filter((l) => l.msg === "corpus loaded");
    expect(loaded.map((l) => [l.shard, l.source]).sort()).toEqual([
      [0, "saved"],
      [1, "saved"],
    ]);
  });

  it("answers an interaction on each shard's connection, from that shard's process", async () => {
    for (const shard of [0, 1]) {
      const guildId = guildOn(shard);
      const since = manager.logs().length;
      const { id } = double.chatInput("deal", { company: "Huawei", with: "Nokia" }, { guildId });
      expect(double.interactions.get(id)?.shard).toBe(shard);
      const body = await double.waitForResponse(id, 10_000);
      expect(messageText(body)).toContain("Huawei × Nokia");
      const line = await manager.waitForLog(
        (l) => l.msg === "interaction" && l.command === "deal",
        5_000,
        `shard ${shard}'s log line`,
        since,
      );
      expect(line.shard).toBe(shard);
    }
    const memory = [...shardPids.entries()].map(
      ([shard, pid]) => `shard ${shard} ${rssMiB(pid)} MiB`,
    );
    console.log(`RSS per shard process on the bundled corpus: ${memory.join(", ")}`);
  });

  it("stops every shard and itself on SIGTERM, exiting 0", async () => {
    const { code } = await manager.stop("SIGTERM");
    expect(code).toBe(0);
    for (const pid of shardPids.values()) expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(manager.logs().filter((l) => l.msg === "stopped").length).toBeGreaterThanOrEqual(3);
  });
});
