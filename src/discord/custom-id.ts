import { FINGERPRINT_LENGTH } from "../engine/citations.js";

/**
 * Button state lives entirely in the button's custom_id, never in the bot's memory: a button
 * still works after a restart, a redeploy or on another instance, and nothing grows with use.
 *
 *     v1:<action>:<answer>:<owner>:<page>:<hash>:<args>
 *
 * - action: `p` show a page of sources, `c` cite that page, `s` post it to the channel
 * - answer: `d` /deal, `a` /ask, `f` Find sources; `args` re-runs it on click
 *   (`d`: `Company|Other`, `a`: the question, `f`: a claim key, see src/engine/claims.ts)
 * - owner: `-` for a public answer, or the asker's user id (base 36) for a private one, which
 *   only they may use
 * - page: 0-based, base 36
 * - hash: the fingerprint of the sources the button was made for; a click whose re-run gives
 *   other sources (the corpus changed) is refused rather than showing something else
 *
 * Discord allows 100 characters; `args` is whatever is left, and may itself contain ':'.
 */

export const CUSTOM_ID_MAX = 100;
export const VERSION = "v1";

export type Action = "page" | "cite" | "post";
export type AnswerKind = "deal" | "ask" | "find";

export interface ButtonState {
  action: Action;
  answer: AnswerKind;
  /** The asker's user id when the answer is private; absent when anyone may click. */
  owner?: string;
  page: number;
  hash: string;
  args: string;
}

const ACTION_CODE: Record<Action, string> = { page: "p", cite: "c", post: "s" };
const ANSWER_CODE: Record<AnswerKind, string> = { deal: "d", ask: "a", find: "f" };
const CODE_ACTION = new Map(Object.entries(ACTION_CODE).map(([k, v]) => [v, k as Action]));
const CODE_ANSWER = new Map(Object.entries(ANSWER_CODE).map(([k, v]) => [v, k as AnswerKind]));

const SNOWFLAKE = /^\d{1,20}$/;
const BASE36 = /^[0-9a-z]{1,13}$/;
const MAX_PAGE = 999;

/** A user id (up to 20 digits) in base 36, at most 13 characters. */
export function packId(id: string): string {
  return BigInt(id).toString(36);
}

export function unpackId(packed: string): string | undefined {
  if (!BASE36.test(packed)) return undefined;
  let n = 0n;
  for (const ch of packed) n = n * 36n + BigInt(Number.parseInt(ch, 36));
  const id = n.toString();
  return SNOWFLAKE.test(id) && n > 0n ? id : undefined;
}

function head(state: Omit<ButtonState, "args">): string {
  return [
    VERSION,
    ACTION_CODE[state.action],
    ANSWER_CODE[state.answer],
    state.owner ? packId(state.owner) : "-",
    state.page.toString(36),
    state.hash,
    "",
  ].join(":");
}

/** Characters left for `args` once the rest of the state is written. */
export function argsRoom(state: Omit<ButtonState, "args">): number {
  return CUSTOM_ID_MAX - head(state).length;
}

/** The custom_id, or undefined when it would not fit in Discord's 100 characters. */
export function encodeButton(state: ButtonState): string | undefined {
  if (state.owner !== undefined && !SNOWFLAKE.test(state.owner)) return undefined;
  if (!Number.isInteger(state.page) || state.page < 0 || state.page > MAX_PAGE) return undefined;
  const id = `${head(state)}${state.args}`;
  return id.length <= CUSTOM_ID_MAX ? id : undefined;
}

export type Decoded =
  | { ok: true; state: ButtonState }
  /**
   * `foreign`: not this bot's format at all; `version`: this bot's, from a format it no longer
   * reads; `malformed`: this format, but broken.
   */
  | { ok: false; reason: "foreign" | "version" | "malformed" };

export function decodeButton(customId: string): Decoded {
  const version = /^v(\d{1,3}):/.exec(customId);
  if (!version) return { ok: false, reason: "foreign" };
  if (`v${version[1]}` !== VERSION) return { ok: false, reason: "version" };
  if (customId.length > CUSTOM_ID_MAX) return { ok: false, reason: "malformed" };
  const parts = customId.split(":");
  if (parts.length < 7) return { ok: false, reason: "malformed" };
  const [, actionCode = "", answerCode = "", owner = "", page = "", hash = ""] = parts;
  const args = parts.slice(6).join(":");
  const action = CODE_ACTION.get(actionCode);
  const answer = CODE_ANSWER.get(answerCode);
  const ownerId = owner === "-" ? undefined : unpackId(owner);
  const pageNumber = /^[0-9a-z]{1,2}$/.test(page) ? Number.parseInt(page, 36) : Number.NaN;
  if (
    !action ||
    !answer ||
    (owner !== "-" && !ownerId) ||
    !Number.isInteger(pageNumber) ||
    pageNumber > MAX_PAGE ||
    !new RegExp(`^[0-9a-z]{${FINGERPRINT_LENGTH}}$`).test(hash) ||
    args.length === 0
  ) {
    return { ok: false, reason: "malformed" };
  }
  return {
    ok: true,
    state: {
      action,
      answer,
      ...(ownerId ? { owner: ownerId } : {}),
      page: pageNumber,
      hash,
      args,
    },
  };
}
