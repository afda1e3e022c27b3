import { ApplicationCommandOptionType } from "discord.js";
import { type Command, EVERYWHERE, PRIVATE_OPTION } from "../src/discord/command.js";
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
  ],
  ...EVERYWHERE,
} as const;

export default {
  data,
  // Full-text search grows with the corpus, unlike the look-ups behind the other commands.
  mayBeSlow: true,
  warmUp: ({ engine }) => engine.answer("Who licenses patents to Nokia?"),
  execute: ({ question }, { engine }) => renderAskReply(engine.answer(question)),
} satisfies Command<typeof data>;
