import { ApplicationCommandOptionType } from "discord.js";
import { type Command, EVERYWHERE, PRIVATE_OPTION } from "../src/discord/command.js";
import { askButtons } from "../src/discord/components.js";
import { addressTo, checkMention, MENTION_OPTION } from "../src/discord/mention.js";
import { renderAskReply } from "../src/render/embeds.js";

const data = {
  name: "ask",
  description: "Ask a question about patent deals; the answer quotes the articles word for word",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "question",
      description: "e.g. What royalty per device did Huawei say it would charge?",
      required: true,
      max_length: 300,
    },
    PRIVATE_OPTION,
    MENTION_OPTION,
  ],
  ...EVERYWHERE,
} as const;

export default {
  data,
  // Full-text search grows with the corpus, unlike the look-ups behind the other commands.
  mayBeSlow: true,
  warmUp: ({ engine }) => engine.answer("Who licenses patents to Nokia?"),
  execute: ({ question, mention, private: isPrivate }, { engine, asker }) => {
    checkMention(mention, isPrivate);
    const result = engine.answer(question);
    const reply = renderAskReply(result);
    return addressTo({ ...reply, components: askButtons(engine, result, reply, asker) }, mention);
  },
} satisfies Command<typeof data>;
