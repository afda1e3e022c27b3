import { type ButtonInteraction, MessageFlags } from "discord.js";
import type { Logger } from "pino";
import { askCitations, type Citation, dealCitations, fingerprint } from "../engine/citations.js";
import { type Claim, describeClaim, findSources, parseClaimKey } from "../engine/claims.js";
import type { Engine } from "../engine/engine.js";
import type { AskResult, DealResult } from "../engine/types.js";
import {
  type ButtonRow,
  clampWords,
  escapeInline,
  LIMITS,
  type ReplyPayload,
} from "../render/embeds.js";
import {
  pageCount,
  pageOf,
  renderCitations,
  renderSourcesPage,
  SOURCES_PER_PAGE,
  type SourcesView,
} from "../render/sources.js";
import { isStopword } from "../text/analyze.js";
import type { Asker } from "./command.js";
import {
  type AnswerKind,
  argsRoom,
  type ButtonState,
  decodeButton,
  encodeButton,
} from "./custom-id.js";
import { Pacer } from "./pacing.js";
import { NO_PINGS, toMessage } from "./respond.js";

/**
 * The buttons under answers ("Cite", "More sources", "Previous"/"Next", "Post to channel") and
 * what a click on one does. A click carries everything in its custom_id (./custom-id.ts): the
 * answer is re-run on the engine of the moment and checked against the fingerprint the button
 * was made with, so a button works after a restart and never shows sources other than the ones
 * it was made for.
 *
 * Who may click: a private answer's buttons belong to its asker, and a click updates that
 * private message in place. A public answer's buttons are anyone's, and a click never changes
 * the public message: the clicker gets their own private copy of the page (whose buttons are
 * then theirs), so one reader paging does not move the page under everybody else.
 */

const STYLE = { primary: 1, secondary: 2, success: 3 } as const;

type Button = ButtonRow["components"][number];

function button(label: string, style: Button["style"], state: ButtonState): Button | undefined {
  const custom_id = encodeButton(state);
  return custom_id ? { type: 2, style, label, custom_id } : undefined;
}

function row(buttons: Array<Button | undefined>): ButtonRow[] {
  const present = buttons.filter((b): b is Button => b !== undefined);
  return present.length > 0 ? [{ type: 1, components: present }] : [];
}

/** The state every button of one answer shares; `args` must fit `argsRoomFor(owner)`. */
export interface AnswerState {
  answer: AnswerKind;
  args: string;
  hash: string;
  owner?: string;
}

/** Room for `args` with any page number up to the largest (two base-36 digits). */
export function argsRoomFor(answer: AnswerKind, owner: string | undefined): number {
  return argsRoom({
    action: "page",
    answer,
    ...(owner ? { owner } : {}),
    page: 36 * 36 - 1,
    hash: "0".repeat(7),
  });
}

/** Buttons under a `/deal` or `/ask` reply that showed `shown` of the answer's sources. */
export function replyButtons(answer: AnswerState, total: number, shown: number): ButtonRow[] {
  if (total === 0) return [];
  const base = { ...answer, page: 0 };
  return row([
    button("Cite", STYLE.secondary, { ...base, action: "cite" }),
    // Starts at the page holding the first source the reply had no room for.
    shown < total
      ? button("More sources", STYLE.primary, {
          ...base,
          action: "page",
          page: Math.floor(shown / SOURCES_PER_PAGE),
        })
      : undefined,
  ]);
}

/** Buttons under page `page` of an answer's sources. */
export function pageButtons(answer: AnswerState, page: number, total: number): ButtonRow[] {
  const pages = pageCount(total);
  const at = (p: number) => ({ ...answer, page: p });
  return row([
    page > 0 ? button("Previous", STYLE.secondary, { ...at(page - 1), action: "page" }) : undefined,
    page < pages - 1
      ? button("Next", STYLE.secondary, { ...at(page + 1), action: "page" })
      : undefined,
    button("Cite", STYLE.secondary, { ...at(page), action: "cite" }),
    // Only a private Find sources answer can be posted: the rest are public from the start.
    answer.answer === "find" && answer.owner
      ? button("Post to channel", STYLE.success, { ...at(page), action: "post" })
      : undefined,
  ]);
}

// ---- /deal and /ask: what their buttons re-run -------------------------------------------------

/** `Company|Other`: the canonical names resolve to the same companies again. */
export function dealArgs(result: DealResult): string | undefined {
  if (result.kind === "unknown-company") return undefined;
  const names = [result.company.name, result.other?.name ?? ""];
  if (names.some((n) => n.includes("|"))) return undefined;
  return names.join("|");
}

function rerunDeal(engine: Engine, args: string): DealResult | undefined {
  const parts = args.split("|");
  if (parts.length !== 2 || !parts[0]) return undefined;
  return engine.findDeals(parts[0], parts[1] || undefined);
}

const QUESTION_WORDS = /^(?:who|whom|what|when|which|how|many|much)$/i;

/**
 * The question as a button can carry it: whole when it fits, else its meaningful words, and
 * only if those give the very same sources (otherwise the answer gets no buttons).
 */
export function askArgs(
  engine: Engine,
  question: string,
  hash: string,
  room: number,
): string | undefined {
  const flat = question.replace(/\s+/g, " ").trim();
  if (flat.length <= room) return flat;
  // Question words stay: they steer what kind of sentence answers ("when" wants a date).
  const words = flat
    .split(" ")
    .filter((w) => QUESTION_WORDS.test(w) || !isStopword(w.replace(/[?!.,]+$/, "")));
  let compact = "";
  for (const w of words) {
    const next = compact ? `${compact} ${w}` : w;
    if (next.length > room) break;
    compact = next;
  }
  if (!compact) return undefined;
  return fingerprint(askCitations(engine.answer(compact))) === hash ? compact : undefined;
}

/** Buttons for a fresh `/deal` reply. */
export function dealButtons(
  result: DealResult,
  reply: ReplyPayload,
  asker: Asker | undefined,
): ButtonRow[] {
  const citations = dealCitations(result);
  const args = dealArgs(result);
  const owner = asker?.private ? asker.id : undefined;
  if (!args || args.length > argsRoomFor("deal", owner)) return [];
  const state = {
    answer: "deal" as const,
    args,
    hash: fingerprint(citations),
    ...(owner ? { owner } : {}),
  };
  return replyButtons(state, citations.length, quotesShown(reply));
}

/** Buttons for a fresh `/ask` reply. */
export function askButtons(
  engine: Engine,
  result: AskResult,
  reply: ReplyPayload,
  asker: Asker | undefined,
): ButtonRow[] {
  const citations = askCitations(result);
  if (citations.length === 0) return [];
  const owner = asker?.private ? asker.id : undefined;
  const hash = fingerprint(citations);
  const args = askArgs(engine, result.question, hash, argsRoomFor("ask", owner));
  if (!args) return [];
  const state = { answer: "ask" as const, args, hash, ...(owner ? { owner } : {}) };
  return replyButtons(state, citations.length, quotesShown(reply));
}

/** How many numbered quotes a reply shows ("**[3]** “…"), as ./embeds.ts writes them. */
export function quotesShown(reply: ReplyPayload): number {
  return reply.embeds.reduce(
    (n, e) => n + (e.description?.match(/\*\*\[\d+\]\*\* “/g)?.length ?? 0),
    0,
  );
}

// ---- a click ------------------------------------------------------------------------------------

export type ClickAnswer =
  | { kind: "update"; payload: ReplyPayload }
  | { kind: "reply"; payload: ReplyPayload; ephemeral: boolean }
  | { kind: "refuse"; reason: string; text: string };

const REFUSALS = {
  foreign:
    "That button is not one this bot can read (it may belong to another app). Run the command again for fresh buttons.",
  version:
    "That button comes from an older version of this bot. Run the command again for fresh buttons.",
  malformed: "That button's data is damaged, so it cannot be used. Run the command again.",
  owner:
    "Only the person who asked can use the buttons of a private answer. Run the command yourself to get your own.",
  stale:
    "The sources behind that answer have changed since it was given (the corpus was updated), so that button no longer applies. Run the command again for a fresh answer.",
} as const;

function refuse(reason: keyof typeof REFUSALS | "page", text?: string): ClickAnswer {
  return {
    kind: "refuse",
    reason,
    text: text ?? (REFUSALS as Record<string, string>)[reason] ?? "",
  };
}

type Rerun = { ok: true; view: SourcesView } | { ok: false; reason: "malformed" | "stale" };

/** The answer a button was made for, re-run now. */
function rerun(engine: Engine, state: ButtonState): Rerun {
  switch (state.answer) {
    case "deal": {
      const result = rerunDeal(engine, state.args);
      if (!result) return { ok: false, reason: "malformed" };
      const [a = "", b = ""] = state.args.split("|");
      return {
        ok: true,
        view: { title: `${b ? `${a} × ${b}` : a}: sources`, citations: dealCitations(result) },
      };
    }
    case "ask":
      return {
        ok: true,
        view: {
          title: `Sources: ${state.args}`,
          citations: askCitations(engine.answer(state.args)),
        },
      };
    case "find": {
      const parsed = parseClaimKey(engine, state.args);
      if (!parsed.ok)
        return { ok: false, reason: parsed.reason === "malformed" ? "malformed" : "stale" };
      const found = findSources(engine, parsed.claim);
      return {
        ok: true,
        view: findView(engine, parsed.claim, found.kind === "sources" ? found.citations : []),
      };
    }
  }
}

/** The view of a Find sources answer: what the message was read as, then the sources. */
export function findView(engine: Engine, claim: Claim, citations: Citation[]): SourcesView {
  // The claim as the bot understood it, not the message's own words: those are the author's,
  // and showing them again (when posted) would repeat whatever the message said.
  const read = describeClaim(engine, claim);
  return {
    title: "Sources for a message",
    ...(read ? { lead: `Read as: ${escapeInline(clampWords(read, 300))}` } : {}),
    citations,
  };
}

/** How a click will be answered, known before any engine work: what to defer it as. */
export interface ClickPlan {
  state: ButtonState;
  /** Paging a private answer updates it in place; everything else is a new reply. */
  kind: "update" | "reply";
  ephemeral: boolean;
}

/**
 * The checks a click passes before its answer is re-run (format, owner), and how it will be
 * answered if it passes them: a refusal, or a plan. Cheap: no engine work.
 */
export function readClick(customId: string, clicker: string): ClickAnswer | ClickPlan {
  const decoded = decodeButton(customId);
  if (!decoded.ok) return refuse(decoded.reason);
  const state = decoded.state;
  if (state.owner && state.owner !== clicker) return refuse("owner");
  if (state.action === "post" && (!state.owner || state.answer !== "find"))
    return refuse("malformed");
  if (state.action === "page" && state.owner) return { state, kind: "update", ephemeral: true };
  return { state, kind: "reply", ephemeral: state.action !== "post" };
}

/** What a click on `customId` by `clicker` gets: pure, so it is tested without Discord. */
export function answerClick(engine: Engine, customId: string, clicker: string): ClickAnswer {
  const read = readClick(customId, clicker);
  if ("kind" in read && read.kind === "refuse") return read;
  const { state } = read as ClickPlan;

  const again = rerun(engine, state);
  if (!again.ok) return refuse(again.reason);
  const { view } = again;
  if (fingerprint(view.citations) !== state.hash) return refuse("stale");
  const pages = pageCount(view.citations.length);
  if (state.page >= pages) {
    return refuse(
      "page",
      `That answer has ${pages === 1 ? "only 1 page" : `${pages} pages`} of sources; there is no page ${state.page + 1}.`,
    );
  }

  const answer: AnswerState = { answer: state.answer, args: state.args, hash: state.hash };
  switch (state.action) {
    case "cite":
      return {
        kind: "reply",
        ephemeral: true,
        payload: renderCitations(
          pageOf(view.citations, state.page),
          state.page * SOURCES_PER_PAGE + 1,
        ),
      };
    case "post": {
      const page = renderSourcesPage(
        { ...view, lead: [`Shared by <@${state.owner}>.`, view.lead].filter(Boolean).join("\n") },
        state.page,
      );
      return {
        kind: "reply",
        ephemeral: false,
        payload: { ...page, components: pageButtons(answer, state.page, view.citations.length) },
      };
    }
    case "page": {
      // A private answer pages in place; a public one gives the clicker a private copy to page.
      const owner = state.owner ?? clicker;
      const page = renderSourcesPage(view, state.page);
      const payload = {
        ...page,
        components: pageButtons({ ...answer, owner }, state.page, view.citations.length),
      };
      return state.owner
        ? { kind: "update", payload }
        : { kind: "reply", payload, ephemeral: true };
    }
  }
}

const COMMAND_OF: Record<AnswerKind, string> = { deal: "deal", ask: "ask", find: "Find sources" };

/** A button click, answered and logged in one line, whatever goes wrong. */
export async function handleButton(
  interaction: ButtonInteraction,
  engine: Engine,
  log: Logger,
  pacer: Pacer = new Pacer(),
): Promise<void> {
  const started = performance.now();
  const ageMs = Pacer.ageOf(interaction.createdTimestamp);
  const decoded = decodeButton(interaction.customId);
  // Timed as the command it re-runs: a click costs what the answer it belongs to cost.
  const command = decoded.ok ? COMMAND_OF[decoded.state.answer] : "button";
  const line: Record<string, unknown> = {
    kind: "component",
    // The command whose answer the button belongs to, so every line names one.
    command,
    ...(decoded.ok
      ? {
          action: decoded.state.action,
          answer: decoded.state.answer,
          private: decoded.state.owner !== undefined,
          page: decoded.state.page,
        }
      : {}),
  };
  let outcome: string;
  // How the click was acknowledged ahead of its answer, if it was.
  let deferredAs: ClickPlan | undefined;
  try {
    const read = readClick(interaction.customId, interaction.user.id);
    let click: ClickAnswer;
    if ("state" in read) {
      // A click re-runs a whole answer: deferred first when that may not be done in time.
      const ack = {
        get acknowledged() {
          return deferredAs !== undefined;
        },
        async defer() {
          if (deferredAs) return;
          if (read.kind === "update") await interaction.deferUpdate();
          else
            await interaction.deferReply(read.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
          deferredAs = read;
        },
      };
      click = await pacer.answer(
        command,
        interaction.createdTimestamp,
        ack,
        () => answerClick(engine, interaction.customId, interaction.user.id),
        true,
      );
    } else click = read;
    outcome =
      click.kind === "refuse"
        ? `refused: ${click.reason}`
        : click.kind === "update"
          ? "updated"
          : click.ephemeral
            ? "answered"
            : "posted";
    await sendClick(interaction, click, deferredAs, log);
  } catch (error) {
    outcome = "failed";
    log.error({ err: error, customId: interaction.customId }, "button failed");
    const text =
      "❌ Something went wrong with that button. Please try again; if it keeps failing, tell whoever runs this bot.";
    const answer =
      !interaction.replied && !interaction.deferred
        ? interaction.reply({
            content: text,
            flags: MessageFlags.Ephemeral,
            allowedMentions: NO_PINGS,
          })
        : interaction.followUp({
            content: text,
            flags: MessageFlags.Ephemeral,
            allowedMentions: NO_PINGS,
          });
    await answer.catch((err: unknown) => log.warn({ err }, "could not answer a failed button"));
  }
  log.info(
    {
      ...line,
      outcome,
      deferred: deferredAs !== undefined,
      ageMs: Math.round(ageMs),
      latencyMs: Math.round(performance.now() - started),
    },
    "interaction",
  );
}

/**
 * Sends a click's answer: directly, or, after a deferral, into the placeholder. A refusal is
 * always for the clicker's eyes only, so one that follows a public placeholder replaces it
 * with a private message.
 */
async function sendClick(
  interaction: ButtonInteraction,
  click: ClickAnswer,
  deferredAs: ClickPlan | undefined,
  log: Logger,
): Promise<void> {
  const privately = { flags: MessageFlags.Ephemeral } as const;
  if (click.kind === "refuse") {
    const message = {
      content: clampWords(`❌ ${click.text}`, LIMITS.content),
      allowedMentions: NO_PINGS,
    };
    if (!deferredAs) await interaction.reply({ ...message, ...privately });
    else if (deferredAs.kind === "reply" && deferredAs.ephemeral)
      await interaction.editReply({ ...message, embeds: [], components: [] });
    else {
      await interaction.followUp({ ...message, ...privately });
      if (deferredAs.kind === "reply")
        await interaction
          .deleteReply()
          .catch((err: unknown) => log.warn({ err }, "could not remove a placeholder"));
    }
    return;
  }
  const message = toMessage(click.payload);
  if (click.kind === "update") {
    if (!deferredAs) await interaction.update(message);
    // After deferUpdate the "original" is the message the button is on.
    else await interaction.editReply(message);
    return;
  }
  const flags = click.ephemeral ? privately : {};
  if (!deferredAs) await interaction.reply({ ...message, ...flags });
  else if (deferredAs.kind === "reply" && deferredAs.ephemeral === click.ephemeral)
    await interaction.editReply(message);
  else await interaction.followUp({ ...message, ...flags });
}
