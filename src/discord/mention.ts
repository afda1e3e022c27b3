import { ApplicationCommandOptionType } from "discord.js";
import type { ReplyPayload } from "../render/embeds.js";
import { UserError } from "./options.js";

/**
 * The `mention` option: point an answer at someone in a discussion ("For @Sam: …"). That one
 * user is pinged, and only them: the reply helper turns `payload.mention` into
 * `allowedMentions: { parse: [], users: [id] }`, so "@everyone" or another "<@id>" anywhere in
 * the text (quotes, echoed input) still pings nobody.
 */
export const MENTION_OPTION = {
  type: ApplicationCommandOptionType.User,
  name: "mention",
  description: "Address the answer to someone: they are notified, nobody else is",
} as const;

/** `payload` with "For <@id>:" on top, allowed to ping that user. */
export function addressTo(payload: ReplyPayload, userId: string | undefined): ReplyPayload {
  if (!userId) return payload;
  const head = `For <@${userId}>:`;
  return {
    ...payload,
    content: payload.content ? `${head}\n${payload.content}` : head,
    mention: userId,
  };
}

/** A private answer is seen by its asker only: the person mentioned would get a ping to nothing. */
export function checkMention(mention: string | undefined, isPrivate: boolean | undefined): void {
  if (mention && isPrivate) {
    throw new UserError(
      "`mention` and `private:True` do not go together: the person you mention could not see a private answer. Leave one of them out.",
    );
  }
}
