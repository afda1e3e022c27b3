import { ApplicationCommandOptionType } from "discord.js";
import { type Command, EVERYWHERE, PRIVATE_OPTION } from "../src/discord/command.js";
import { dealButtons } from "../src/discord/components.js";
import { companyChoices } from "../src/discord/lookup.js";
import { addressTo, checkMention, MENTION_OPTION } from "../src/discord/mention.js";
import { renderDealReply } from "../src/render/embeds.js";

const data = {
  name: "deal",
  description: "Patent deals between two companies, or all of one company's deals, with quotes",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "company",
      description: "A company, e.g. Huawei (typos are fine)",
      required: true,
      autocomplete: true,
      max_length: 100,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: "with",
      description: "The other party, e.g. Nokia; leave out to see all of the company's deals",
      autocomplete: true,
      max_length: 100,
    },
    PRIVATE_OPTION,
    MENTION_OPTION,
  ],
  ...EVERYWHERE,
} as const;

export default {
  data,
  execute: ({ company, with: other, mention, private: isPrivate }, { engine, asker }) => {
    checkMention(mention, isPrivate);
    const result = engine.findDeals(company, other);
    const reply = renderDealReply(result);
    return addressTo({ ...reply, components: dealButtons(result, reply, asker) }, mention);
  },
  autocomplete: (focused, options, { engine }) =>
    companyChoices(engine, focused.value, focused.name === "with" ? options.company : options.with),
} satisfies Command<typeof data>;
