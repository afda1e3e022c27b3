import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  Interaction,
  MessageContextMenuCommandInteraction,
} from "discord.js";
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import type { LiveEngine } from "../engine/live.js";
import type { Choice, Command, CommandContext } from "./command.js";
import { handleButton } from "./components.js";
import { LatencyGauge } from "./latency.js";
import { charLength, type RawOption, readOptions, readPrivate, UserError } from "./options.js";
import { Pacer } from "./pacing.js";
import { DEFER_AFTER_MS, fitChoices, Responder } from "./respond.js";

/**
 * Routes each interaction to its command and makes sure every one of them gets an answer and
 * one log line (command, latency, outcome), whatever goes wrong. A handler error is logged with
 * its stack and shown to the asker as an ephemeral "❌"; it never reaches the process.
 */

export interface RouterOptions {
  commands: readonly Command[];
  engine: Engine;
  /** When set, each interaction is answered by the engine live at that moment, not `engine`. */
  live?: LiveEngine;
  log: Logger;
  gauge?: LatencyGauge;
  /** Decides deferrals and queues engine work; made from `gauge` when not given. */
  pacer?: Pacer;
  deferAfterMs?: number;
}

export interface InteractionRouter {
  handle(interaction: Interaction): Promise<void>;
  /** Waits for answers in progress; false if some were still running at the deadline. */
  drain(timeoutMs: number): Promise<boolean>;
  readonly pending: number;
}

const SOMETHING_BROKE =
  "Something went wrong while answering that. Please try again; if it keeps failing, tell whoever runs this bot (the details are in its log).";

// Autocomplete input is only a prefix to match; nothing past this helps and all of it costs.
const AUTOCOMPLETE_INPUT_MAX = 100;

export function createInteractionRouter(options: RouterOptions): InteractionRouter {
  const { log } = options;
  const pacer = options.pacer ?? new Pacer(options.gauge ?? new LatencyGauge());
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;
  const byName = new Map(options.commands.map((c) => [c.data.name, c]));
  const { live } = options;
  // With a live corpus the engine given is only the first: kept here, it would stay in memory
  // beside every engine that replaces it.
  const fixed = live ? undefined : options.engine;
  const ctx: CommandContext = {
    // A getter, so a reload reaches the next handler call; a handler that destructures
    // `{ engine }` keeps the one it started with for its whole answer.
    get engine() {
      return live ? live.current : (fixed as Engine);
    },
    log,
    commands: options.commands,
    ...(live ? { live } : {}),
  };
  const inFlight = new Set<Promise<void>>();

  async function onCommand(
    interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  ): Promise<void> {
    const started = performance.now();
    const ageMs = Pacer.ageOf(interaction.createdTimestamp);
    const name = interaction.commandName;
    // A message command's only "option" is the message it was used on.
    const target = interaction.isMessageContextMenuCommand()
      ? interaction.targetMessage
      : undefined;
    const raw = (target ? [] : (interaction.options?.data ?? [])) as readonly RawOption[];
    const ephemeral = byName.get(name)?.ephemeral === true || readPrivate(raw);
    const responder = new Responder(interaction, ephemeral, (err) =>
      log.warn({ err, command: name }, "a background reply step failed"),
    );
    const line: Record<string, unknown> = {
      kind: "command",
      command: name,
      inGuild: interaction.inGuild(),
      private: responder.ephemeral,
      // Lengths only at info level: questions are the users' words, not the operator's.
      optionLengths: lengthsOf(raw),
      ...(target ? { messageLength: charLength(target.content ?? "") } : {}),
    };
    log.debug({ command: name, options: valuesOf(raw) }, "command options");
    let outcome: string;
    try {
      const command = byName.get(name);
      if (!command || (command.data.type === 3) !== (target !== undefined)) {
        throw new UserError(
          `\`/${name.replace(/`/g, "").slice(0, 32)}\` is not a command of this bot (its command list may be out of date). Type / to see the current ones, or try /help.`,
        );
      }
      const opts = target
        ? { message: { id: target.id, content: target.content ?? "" } }
        : readOptions(command.data, raw);
      // Who asked, and whether privately: a private answer's buttons are theirs alone.
      const call = { ...ctx, asker: { id: interaction.user.id, private: responder.ephemeral } };
      // Deferred or not before any engine work, which cannot be interrupted once started; the
      // timer covers what the pacer cannot see coming: work that awaits.
      const payload = await responder.withDeferral(
        () =>
          pacer.answer(
            name,
            interaction.createdTimestamp,
            responder,
            () => command.execute(opts, call),
            command.mayBeSlow,
          ),
        deferAfterMs,
      );
      await responder.send(payload);
      outcome = payload.outcome;
    } catch (error) {
      const userError = error instanceof UserError;
      outcome = userError ? "user-error" : "failed";
      if (userError) line.reason = error.message;
      else log.error({ err: error, command: name }, "command failed");
      try {
        await responder.fail(userError ? error.message : SOMETHING_BROKE);
      } catch (sendError) {
        outcome += ", reply failed";
        log.error({ err: sendError, command: name }, "could not send the error reply");
      }
    }
    log.info(
      {
        ...line,
        outcome,
        deferred: responder.deferred,
        ...(responder.firstResponseMs !== undefined
          ? { firstResponseMs: Math.round(responder.firstResponseMs) }
          : {}),
        ageMs: Math.round(ageMs),
        latencyMs: Math.round(performance.now() - started),
      },
      "interaction",
    );
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const started = performance.now();
    const name = interaction.commandName;
    const command = byName.get(name);
    const raw = (interaction.options?.data ?? []) as readonly RawOption[];
    let choices: Choice[] = [];
    let outcome = "suggested";
    let inputLength = 0;
    try {
      const focused = interaction.options.getFocused(true);
      const value = String(focused.value ?? "");
      inputLength = charLength(value);
      log.debug({ command: name, option: focused.name, value }, "autocomplete input");
      const others: Record<string, unknown> = {};
      for (const o of raw) if (!o.focused && o.value !== undefined) others[o.name] = o.value;
      choices =
        command?.autocomplete?.(
          {
            name: focused.name,
            value: Array.from(value).slice(0, AUTOCOMPLETE_INPUT_MAX).join(""),
          },
          others,
          ctx,
        ) ?? [];
    } catch (error) {
      outcome = "failed";
      log.error({ err: error, command: name }, "autocomplete failed");
    }
    const fitted = fitChoices(choices);
    try {
      await interaction.respond(fitted);
    } catch (error) {
      outcome += ", reply failed";
      log.warn({ err: error, command: name }, "could not send autocomplete choices");
    }
    log.info(
      {
        kind: "autocomplete",
        command: name,
        inputLength,
        choices: fitted.length,
        outcome,
        latencyMs: Math.round(performance.now() - started),
      },
      "interaction",
    );
  }

  async function onOther(interaction: Interaction): Promise<void> {
    const started = performance.now();
    let outcome = "unsupported";
    if (interaction.isRepliable()) {
      const responder = new Responder(interaction, true);
      try {
        await responder.fail(
          "This bot only answers its slash commands: type / and pick one, or try /help.",
        );
      } catch (error) {
        outcome += ", reply failed";
        log.warn({ err: error }, "could not answer an unsupported interaction");
      }
    }
    log.info(
      {
        kind: "other",
        type: interaction.type,
        outcome,
        latencyMs: Math.round(performance.now() - started),
      },
      "interaction",
    );
  }

  async function route(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) return onCommand(interaction);
    if (interaction.isAutocomplete()) return onAutocomplete(interaction);
    // Only the message commands this bot has; any other is an unknown interaction.
    if (
      interaction.isMessageContextMenuCommand() &&
      byName.get(interaction.commandName)?.data.type === 3
    ) {
      return onCommand(interaction);
    }
    if (interaction.isButton()) return handleButton(interaction, ctx.engine, log, pacer);
    return onOther(interaction);
  }

  return {
    handle(interaction) {
      const task = route(interaction).catch((error: unknown) => {
        log.error({ err: error }, "interaction handling failed");
      });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      return task;
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight.size > 0 && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, deadline - Date.now());
        });
        await Promise.race([Promise.allSettled([...inFlight]), timeout]);
        clearTimeout(timer);
      }
      return inFlight.size === 0;
    },
    get pending() {
      return inFlight.size;
    },
  };
}

function lengthsOf(raw: readonly RawOption[]): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const o of raw) {
    if (typeof o.value === "string") out[o.name] = charLength(o.value);
    else if (typeof o.value === "boolean") out[o.name] = o.value;
  }
  return out;
}

function valuesOf(raw: readonly RawOption[]): Record<string, unknown> {
  return Object.fromEntries(raw.map((o) => [o.name, o.value]));
}
