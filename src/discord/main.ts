import { Client, Events, Routes } from "discord.js";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Engine } from "../engine/engine.js";
import type { LiveEngine } from "../engine/live.js";
import { createLogger } from "../log.js";
import type { Command } from "./command.js";
import { createInteractionRouter, type InteractionRouter } from "./dispatch.js";
import { LatencyGauge } from "./latency.js";
import { startLiveCorpus } from "./live-corpus.js";
import { CommandLoadError, loadCommands } from "./loader.js";
import { LoopLag, Pacer } from "./pacing.js";
import { NO_PINGS } from "./respond.js";

/**
 * An interaction that discord.js could not turn into an object (a malformed payload) never
 * reaches a handler. If none has taken an interaction this long after its packet arrived, it is
 * answered directly, so the user still hears back within Discord's 3 s.
 */
const RESCUE_AFTER_MS = 1_000;

/** How long a shutdown waits for answers in progress; the process is gone within 5 s. */
const DRAIN_MS = 3_000;
const HARD_EXIT_MS = 4_500;

export interface BotOptions {
  config: Pick<Config, "token" | "apiUrl">;
  engine: Engine;
  /** A reloadable corpus: when set, answers come from its current engine, not `engine`. */
  live?: LiveEngine;
  commands: readonly Command[];
  log: Logger;
  gauge?: LatencyGauge;
  pacer?: Pacer;
  deferAfterMs?: number;
}

export interface Bot {
  client: Client;
  router: InteractionRouter;
  /** Logs in and resolves once the gateway session is ready. */
  start(): Promise<void>;
  /** Finishes answers in progress (up to `drainMs`), then closes the gateway. */
  stop(drainMs?: number): Promise<void>;
}

/** The client and its wiring, without process concerns, so tests can run it in-process. */
export function createBot(options: BotOptions): Bot {
  const { config, log } = options;
  const client = new Client({
    // Slash commands arrive as interactions whatever the intents; asking for none means no
    // guild, member or message events the bot would only have to discard.
    intents: [],
    rest: { api: config.apiUrl },
    // Also applied by the reply helper on every message; this covers anything sent elsewhere.
    allowedMentions: NO_PINGS,
  });
  const router = createInteractionRouter({
    commands: options.commands,
    engine: options.engine,
    ...(options.live ? { live: options.live } : {}),
    log,
    ...(options.gauge ? { gauge: options.gauge } : {}),
    ...(options.pacer ? { pacer: options.pacer } : {}),
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
  });

  const handled = new Set<string>();
  client.on(Events.InteractionCreate, (interaction) => {
    handled.add(interaction.id);
    void router.handle(interaction);
  });
  client.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => {
    if (packet?.t !== "INTERACTION_CREATE") return;
    const raw = packet.d as {
      id?: unknown;
      token?: unknown;
      type?: unknown;
      data?: { name?: unknown };
    } | null;
    if (typeof raw?.id !== "string" || typeof raw.token !== "string") return;
    const { id, token, type } = raw;
    const command = typeof raw.data?.name === "string" ? raw.data.name : undefined;
    setTimeout(() => {
      if (handled.delete(id)) return;
      const started = performance.now();
      // Autocomplete only accepts choices; everything else gets an ephemeral message.
      const body =
        type === 4
          ? { type: 8, data: { choices: [] } }
          : {
              type: 4,
              data: {
                content:
                  "❌ That request reached the bot incomplete, so it could not be answered. Please run the command again.",
                flags: 64,
                allowed_mentions: { parse: [] },
              },
            };
      client.rest
        .post(Routes.interactionCallback(id, token), { body, auth: false })
        .then(
          () => "malformed",
          (err: unknown) => {
            log.warn({ err }, "could not answer a malformed interaction");
            return "malformed, reply failed";
          },
        )
        .then((outcome) =>
          log.info(
            {
              kind: "malformed",
              command,
              type,
              outcome,
              latencyMs: Math.round(performance.now() - started),
            },
            "interaction",
          ),
        );
    }, RESCUE_AFTER_MS).unref();
  });
  client.on(Events.Error, (err) => log.error({ err }, "discord client error (kept running)"));
  client.on(Events.Warn, (message) => log.warn({ source: "discord.js" }, message));
  client.on(Events.Debug, (message) => log.trace({ source: "discord.js" }, message));
  client.on(Events.ShardError, (err, shardId) =>
    log.error({ err, shardId }, "gateway error (kept running)"),
  );
  client.on(Events.ShardDisconnect, (event, shardId) =>
    log.warn({ shardId, code: event.code }, "gateway disconnected"),
  );
  client.on(Events.ShardReconnecting, (shardId) => log.info({ shardId }, "gateway reconnecting"));
  client.on(Events.ShardResume, (shardId, replayed) =>
    log.info({ shardId, replayed }, "gateway resumed"),
  );

  return {
    client,
    router,
    async start() {
      const ready = new Promise<void>((resolve) =>
        client.once(Events.ClientReady, () => resolve()),
      );
      await client.login(config.token);
      await ready;
      log.info({ user: client.user?.tag, applicationId: client.application?.id }, "ready");
    },
    async stop(drainMs = DRAIN_MS) {
      const finished = await router.drain(drainMs);
      if (!finished)
        log.warn({ pending: router.pending }, "stopping with answers still in progress");
      await client.destroy();
    },
  };
}

/** The whole bot process: logs, corpus, commands, gateway, signals. */
export async function startBot(config: Config): Promise<void> {
  // Under the sharding manager (src/cli/start-sharded.ts) each process is one shard, told which
  // by the SHARDS variable that discord.js's client reads too; its lines say which.
  const shard = shardOf(process.env);
  const root = createLogger({ level: config.logLevel, dest: 1, secrets: [config.token] });
  const log = shard === undefined ? root : root.child({ shard });
  // An answer bot holds no state worth crashing for: a stray rejection or exception is a bug
  // to log and fix, not a reason to go silent for everyone.
  process.on("unhandledRejection", (reason) =>
    log.error({ err: reason }, "unhandled promise rejection (kept running)"),
  );
  process.on("uncaughtException", (err) => log.error({ err }, "uncaught exception (kept running)"));

  // Opened (from the persisted index when it matches the files) and logged once here, before
  // the gateway: the bot connects only once it can answer. Then kept live: a changed file or
  // /reload swaps in an engine rebuilt aside, in a worker thread, without a restart.
  const corpus = await startLiveCorpus(config.corpusDir, log, { cacheDir: config.indexDir });
  const { live } = corpus;
  const engine = live.current;

  let commands: Command[];
  try {
    commands = await loadCommands();
  } catch (error) {
    log.fatal(
      { err: error },
      error instanceof CommandLoadError ? error.message : "could not load the commands",
    );
    process.exit(1);
  }

  const gauge = new LatencyGauge();
  for (const command of commands) {
    if (!command.warmUp) continue;
    const started = performance.now();
    try {
      command.warmUp({ engine, log, commands });
    } catch (error) {
      // A warm-up only times a command; its failure must not keep the others from answering.
      log.error({ err: error, command: command.data.name }, "warm-up failed");
      continue;
    }
    const ms = performance.now() - started;
    gauge.record(command.data.name, ms);
    gauge.recordBusy(command.data.name, ms);
    log.debug(
      {
        command: command.data.name,
        ms: Math.round(ms),
        defers: gauge.expectSlow(command.data.name),
      },
      "warm-up",
    );
  }

  const lag = new LoopLag();
  const pacer = new Pacer(gauge, lag);
  const bot = createBot({ config, engine, live, commands, log, gauge, pacer });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, pending: bot.router.pending }, "shutting down");
    setTimeout(() => {
      log.warn("shutdown took too long; exiting anyway");
      process.exit(0);
    }, HARD_EXIT_MS).unref();
    corpus.close();
    lag.stop();
    try {
      await bot.stop();
    } catch (error) {
      log.error({ err: error }, "error while stopping");
    }
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // A shard whose sharding manager is gone (killed outright) would otherwise stay connected
  // with nobody to stop or restart it.
  if (process.connected) process.on("disconnect", () => void shutdown("manager gone"));

  try {
    await bot.start();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "TokenInvalid") {
      log.fatal(
        "Discord refused DISCORD_TOKEN (401); reset the token in the Developer Portal (Bot → Reset Token) and update .env",
      );
    } else {
      log.fatal(
        { err: error, apiUrl: config.apiUrl },
        "could not connect to Discord; check the network and DISCORD_API_URL",
      );
    }
    process.exit(1);
  }
  // The watcher started after the engine was opened: a change made in between is taken in now.
  void corpus.catchUp();
}

/** This process's shard under the sharding manager (SHARDS is a JSON list), if it is one. */
export function shardOf(env: NodeJS.ProcessEnv): number | undefined {
  if (!env.SHARDS) return undefined;
  try {
    const ids = JSON.parse(env.SHARDS) as unknown;
    const first = Array.isArray(ids) ? ids[0] : ids;
    return typeof first === "number" ? first : undefined;
  } catch {
    return undefined;
  }
}
