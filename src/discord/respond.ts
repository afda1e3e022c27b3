import {
  type InteractionDeferReplyOptions,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  MessageFlags,
} from "discord.js";
import {
  clampWords,
  enforceLimits,
  LIMITS,
  type ReplyFile,
  type ReplyPayload,
} from "../render/embeds.js";
import type { Choice } from "./command.js";

/**
 * The one place that answers Discord. It owns the ephemeral flag, Discord's size limits, the
 * acknowledgement state (Discord accepts exactly one initial response, within 3 s) and
 * `allowedMentions: { parse: [] }` on every reply, edit and follow-up: quotes and user text can
 * contain "@everyone" or "<@id>", and an answer bot must never ping anyone.
 */

export const NO_PINGS = { parse: [] as [] };

/** Defer when an answer has not been produced this long after work started. */
export const DEFER_AFTER_MS = 1_000;

/** What a command interaction offers for answering; a discord.js interaction fits. */
export interface ReplyTarget {
  reply(options: InteractionReplyOptions): Promise<unknown>;
  deferReply(options: InteractionDeferReplyOptions): Promise<unknown>;
  editReply(options: InteractionEditReplyOptions): Promise<unknown>;
  followUp(options: InteractionReplyOptions): Promise<unknown>;
  deleteReply(): Promise<unknown>;
}

type State = "fresh" | "deferred" | "replied";

export class Responder {
  private state: State = "fresh";
  private queue: Promise<unknown> = Promise.resolve();
  /** True once a deferral went out: the log line reports it. */
  deferred = false;
  /** How long after this responder was made the first acknowledgement was accepted. */
  firstResponseMs: number | undefined;
  private readonly createdAt = performance.now();

  constructor(
    private readonly target: ReplyTarget,
    readonly ephemeral: boolean,
    private readonly onBackgroundError: (error: unknown) => void = () => {},
  ) {}

  get acknowledged(): boolean {
    return this.state !== "fresh";
  }

  private get flags() {
    return this.ephemeral ? MessageFlags.Ephemeral : undefined;
  }

  /**
   * Runs one step after the previous one settled, so a timer-driven deferral and the answer
   * can never race into two acknowledgements.
   */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Acknowledge now and answer later ("Bot is thinking…"); a no-op once acknowledged. */
  defer(): Promise<void> {
    return this.enqueue(async () => {
      if (this.state !== "fresh") return;
      await this.target.deferReply(this.flags ? { flags: this.flags } : {});
      this.acknowledge("deferred");
      this.deferred = true;
    });
  }

  /**
   * Runs `work`, deferring the reply if it has not finished after `afterMs`. The timer can only
   * fire while `work` awaits something; synchronous engine work is covered by deferring up
   * front when recent answers were slow (see latency.ts).
   */
  async withDeferral<T>(work: () => T | Promise<T>, afterMs = DEFER_AFTER_MS): Promise<T> {
    const timer = setTimeout(() => {
      this.defer().catch(this.onBackgroundError);
    }, afterMs);
    try {
      return await work();
    } finally {
      clearTimeout(timer);
    }
  }

  /** The answer: a reply, or the edit of a deferred reply, or a follow-up after that. */
  send(payload: ReplyPayload): Promise<void> {
    return this.enqueue(async () => {
      const message = toMessage(payload);
      if (this.state === "fresh") {
        await this.target.reply({ ...message, ...(this.flags ? { flags: this.flags } : {}) });
      } else if (this.state === "deferred") {
        await this.target.editReply(message);
      } else {
        await this.target.followUp({ ...message, ...(this.flags ? { flags: this.flags } : {}) });
      }
      this.acknowledge("replied");
    });
  }

  private acknowledge(state: Exclude<State, "fresh">): void {
    this.firstResponseMs ??= performance.now() - this.createdAt;
    this.state = state;
  }

  /**
   * An error for the asker's eyes only, whatever `private` said. A public deferral cannot turn
   * ephemeral, so its "thinking…" placeholder is replaced by an ephemeral follow-up.
   */
  fail(text: string): Promise<void> {
    return this.enqueue(async () => {
      const message = {
        content: clampWords(`❌ ${text}`, LIMITS.content),
        embeds: [],
        allowedMentions: NO_PINGS,
      };
      if (this.state === "fresh") {
        await this.target.reply({ ...message, flags: MessageFlags.Ephemeral });
      } else if (this.state === "deferred" && this.ephemeral) {
        await this.target.editReply(message);
      } else {
        await this.target.followUp({ ...message, flags: MessageFlags.Ephemeral });
        if (this.state === "deferred")
          await this.target.deleteReply().catch(this.onBackgroundError);
      }
      this.acknowledge("replied");
    });
  }
}

/** A reply payload as discord.js takes it: limits held, the log-only outcome dropped, no pings. */
export function toMessage(payload: ReplyPayload) {
  const { content, embeds } = enforceLimits({ content: payload.content, embeds: payload.embeds });
  // Discord refuses a message with neither text nor embeds.
  const text = content || (embeds.length === 0 ? "…" : undefined);
  return {
    ...(text !== undefined ? { content: text } : {}),
    embeds,
    // Only when there are any: a reply without files stays a plain JSON request, not multipart.
    ...(payload.files?.length ? { files: payload.files.slice(0, 10).map(toAttachment) } : {}),
    // Discord takes at most 5 rows; an empty list clears the buttons of a message being updated.
    ...(payload.components ? { components: payload.components.slice(0, 5) } : {}),
    // The `mention` option's user, and nobody else: `parse: []` still stops @everyone, roles
    // and every other <@id> in the text.
    allowedMentions: payload.mention ? { parse: [] as [], users: [payload.mention] } : NO_PINGS,
  };
}

/** discord.js's attachment payload; Discord takes at most 10 files per message. */
function toAttachment(file: ReplyFile) {
  return {
    attachment: file.data,
    name: file.name,
    ...(file.description ? { description: file.description } : {}),
  };
}

/**
 * Autocomplete choices as Discord accepts them: at most 25, names of 1–100 characters, values
 * of at most 100 (a longer value is dropped, not cut: a cut value would not resolve), no
 * duplicate values.
 */
export function fitChoices(choices: readonly Choice[]): Choice[] {
  const seen = new Set<string>();
  const out: Choice[] = [];
  for (const choice of choices) {
    const value = choice.value;
    const name = clampWords(choice.name.replace(/\s+/g, " ").trim(), LIMITS.choiceText);
    if (!value || value.length > LIMITS.choiceText || !name || seen.has(value)) continue;
    seen.add(value);
    out.push({ name, value });
    if (out.length === LIMITS.choices) break;
  }
  return out;
}
